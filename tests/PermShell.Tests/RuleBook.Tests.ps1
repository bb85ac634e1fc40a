# One rule book (issue 10 item 2): each case is a store, a cmdlet call and the same change written as a manifest
# (YAML, and where the format can say it, Trac CSV and a Django fixture). Both paths must agree: refused with the
# same error id and category, or both accepted.

BeforeDiscovery {
    $script:cases = @(
        @{ Case = "a permission 'Bob' beside the user bob"; Id = 'PermShell.Name.DiffersByCase'
            Setup = { param($s) $null = New-PermUser -Store $s -Name bob }
            Cmdlet = { param($s) New-PermissionDefinition -Store $s -Name Bob }
            Yaml = "permissions:`n  - name: Bob`n" }
        @{ Case = 'a member that is no user or group'; Id = 'PermShell.Subject.NotFound'
            Setup = { param($s) $null = New-PermGroup -Store $s -Name dev }
            Cmdlet = { param($s) Add-PermGroupMember -Store $s -Group dev -Member bobby }
            Yaml = "groups:`n  - name: dev`n    members: [bobby]`n" }
        @{ Case = "the reserved name 'anonymous' as a user"; Id = 'PermShell.Name.Reserved'
            Cmdlet = { param($s) New-PermUser -Store $s -Name anonymous }
            Yaml = "users:`n  - name: anonymous`n"
            Django = 'anonymous' }
        @{ Case = "'Anonymous', a case twin of a reserved name"; Id = 'PermShell.Name.DiffersByCase'
            Cmdlet = { param($s) New-PermUser -Store $s -Name Anonymous }
            Yaml = "users:`n  - name: Anonymous`n"
            TracCsv = "Anonymous,WIKI_VIEW`n"
            Django = 'Anonymous' }
        @{ Case = 'an upper-case user name'; Id = 'PermShell.Name.UpperCase'
            Cmdlet = { param($s) New-PermUser -Store $s -Name JOE }
            Yaml = "users:`n  - name: JOE`n"
            TracCsv = "JOE,WIKI_VIEW`n"
            Django = 'JOE' }
        @{ Case = 'a permission that differs from a permission by case only'; Id = 'PermShell.Name.DiffersByCase'
            Cmdlet = { param($s) New-PermissionDefinition -Store $s -Name Wiki_View }
            Yaml = "permissions:`n  - name: Wiki_View`n" }
        @{ Case = 'a membership that closes a cycle'; Id = 'PermShell.Group.MembershipCycle'
            Setup = { param($s) $null = 'a', 'b' | New-PermGroup -Store $s; Add-PermGroupMember -Store $s -Group a -Member b }
            Cmdlet = { param($s) Add-PermGroupMember -Store $s -Group b -Member a }
            Yaml = "groups:`n  - name: b`n    members: [a]`n"
            TracCsv = "a,b`n" }
        @{ Case = 'a grant of an unknown permission'; Id = 'PermShell.Grant.UnknownPermission'
            Setup = { param($s) $null = New-PermUser -Store $s -Name bob }
            Cmdlet = { param($s) Grant-Permission -Store $s -Subject bob -Name WIKI_VEIW }
            Yaml = "users:`n  - name: bob`n    grants: [WIKI_VEIW]`n"
            TracCsv = "bob,WIKI_VEIW`n" }
        @{ Case = 'a bad implication pattern'; Id = 'PermShell.Permission.InvalidPattern'
            Cmdlet = { param($s) New-PermissionDefinition -Store $s -Name REPORT_ADMIN -Implies 'REPORT-*' }
            Yaml = "permissions:`n  - name: REPORT_ADMIN`n    implies: ['REPORT-*']`n" }
        @{ Case = 'a policy pattern with white space around it'; Id = 'PermShell.Policy.InvalidPattern'
            Cmdlet = { param($s) Set-PermissionPolicy -Store $s -Resource ' wiki:*' -Rule '* =' }
            Yaml = "policies:`n  - resource: ' wiki:*'`n    rules: ['* =']`n" }
        @{ Case = "a [groups] group that contains itself, as Trac cannot read"; Id = 'PermShell.Policy.InvalidEntry'
            Cmdlet = { param($s) Set-PermissionPolicy -Store $s -Resource groups -Rule 'a = @b', 'b = @a' }
            Yaml = "policies:`n  - resource: groups`n    rules: ['a = @b', 'b = @a']`n" }
        @{ Case = 'a policy section with a subject twice'; Id = 'PermShell.Policy.InvalidEntry'
            Cmdlet = { param($s) Set-PermissionPolicy -Store $s -Resource 'wiki:*' -Rule 'bob = WIKI_VIEW', 'bob =' }
            Yaml = "policies:`n  - resource: 'wiki:*'`n    rules: ['bob = WIKI_VIEW', 'bob =']`n" }
        @{ Case = 'a policy section (valid)'; Id = $null
            Cmdlet = { param($s) Set-PermissionPolicy -Store $s -Resource 'wiki:Private*' -Rule '* =' }
            Yaml = "policies:`n  - resource: 'wiki:Private*'`n    rules: ['* =']`n" }
        @{ Case = 'a new user (valid)'; Id = $null
            Cmdlet = { param($s) New-PermUser -Store $s -Name dave }
            Yaml = "users:`n  - name: dave`n"
            TracCsv = "dave,WIKI_VIEW`n"
            Django = 'dave' }
        @{ Case = 'a group in a group, no cycle (valid)'; Id = $null
            Setup = { param($s) $null = 'a', 'b' | New-PermGroup -Store $s }
            Cmdlet = { param($s) Add-PermGroupMember -Store $s -Group a -Member b }
            Yaml = "groups:`n  - name: a`n    members: [b]`n"
            TracCsv = "b,a`n" }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule

    # Runs a call and returns its errors, terminating or not, without the manifest's summary error.
    # The errors of a call, without the summary a refused manifest adds after its problems.
    function Get-RuleError([scriptblock] $Call) {
        @(Get-CallError $Call | Where-Object { ($_.FullyQualifiedErrorId -split ',')[0] -ne 'PermShell.Manifest.Invalid' })
    }

    function Get-Id($ErrorRecord) { ($ErrorRecord.FullyQualifiedErrorId -split ',')[0] }

    # A Django fixture (manage.py dumpdata auth) with one user.
    function New-DjangoUser([string] $Name) {
        $user = @{ model = 'auth.user'; fields = @{ username = $Name; password = ''; last_login = $null; is_superuser = $false
                first_name = ''; last_name = ''; email = ''; is_staff = $false; is_active = $true
                date_joined = '2024-01-01T00:00:00Z'; groups = @(); user_permissions = @() } }
        ConvertTo-Json -InputObject @($user) -Depth 5
    }

    # The store of a case: the sample catalog (WIKI_VIEW, TICKET_VIEW, WIKI_ADMIN, TICKET_ADMIN) plus its setup.
    function New-CaseStore($Setup) {
        $s = New-SampleStore
        if ($Setup) { & $Setup $s }
        $s
    }

    # Imports a file into a copy of the case's store and returns the errors.
    function Get-ImportError([string] $From, [string] $Text, [string] $FileName, [string] $Format) {
        $store = Copy-TestStore -From $From
        $path = Join-Path (New-TestFolder) $FileName
        [IO.File]::WriteAllText($path, $Text)
        Get-RuleError { Import-PermissionManifest -Store $store -Path $path -Format $Format -Force }.GetNewClosure()
    }
}

AfterAll {
    Remove-TestRoot
}

Describe 'One rule book: a cmdlet and a manifest judge the same change the same way' {
    It '<Case>: <Id>, through a cmdlet and through a YAML manifest' -ForEach $cases {
        $s = New-CaseStore $Setup
        $manifestStore = Copy-TestStore -From $s
        $before = Get-StoreContent $manifestStore

        $byCmdlet = Get-RuleError { & $Cmdlet $s }.GetNewClosure()
        $path = Join-Path (New-TestFolder) 'm.yaml'
        [IO.File]::WriteAllText($path, "version: 1`n$Yaml")
        $tested = Get-RuleError { Test-PermissionManifest -Store $manifestStore -Path $path }.GetNewClosure()
        $byManifest = Get-RuleError { Import-PermissionManifest -Store $manifestStore -Path $path -Force }.GetNewClosure()

        if ($null -eq $Id) {
            $byCmdlet | Should -BeNullOrEmpty
            $tested | Should -BeNullOrEmpty
            $byManifest | Should -BeNullOrEmpty
            return
        }
        @($byCmdlet | ForEach-Object { Get-Id $_ }) | Should -BeExactly @($Id)
        @($tested | ForEach-Object { Get-Id $_ }) | Should -BeExactly @($Id)
        @($byManifest | ForEach-Object { Get-Id $_ }) | Should -BeExactly @($Id)
        $byManifest[0].CategoryInfo.Category | Should -Be $byCmdlet[0].CategoryInfo.Category
        $byManifest[0].TargetObject.Line | Should -BeGreaterThan 1 -Because 'a manifest problem is placed where the file writes it'
        Get-StoreContent $manifestStore | Should -BeExactly $before -Because 'a refused manifest writes nothing'
    }

    It '<Case>: <Id>, through a Trac CSV file too' -ForEach ($cases | Where-Object { $_.TracCsv }) {
        $s = New-CaseStore $Setup
        $byCmdlet = Get-RuleError { & $Cmdlet $s }.GetNewClosure()
        $byCsv = Get-ImportError $s $TracCsv 'perms.csv' TracCsv
        @($byCsv | ForEach-Object { Get-Id $_ }) | Should -BeExactly @($byCmdlet | ForEach-Object { Get-Id $_ })
    }

    It '<Case>: <Id>, through a Django fixture too' -ForEach ($cases | Where-Object { $_.Django }) {
        $s = New-CaseStore $Setup
        $byCmdlet = Get-RuleError { & $Cmdlet $s }.GetNewClosure()
        $byFixture = Get-ImportError $s (New-DjangoUser $Django) 'auth.json' DjangoFixture
        @($byFixture | ForEach-Object { Get-Id $_ }) | Should -BeExactly @($byCmdlet | ForEach-Object { Get-Id $_ })
    }
}
