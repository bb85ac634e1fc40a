# Output that survives Export-Csv and ConvertTo-Json (issue 14 item 5): every PermShell type a cmdlet declares
# converts to flat CSV with readable text in every column (routes as their paths, lists joined), and to JSON
# without errors, with lists as arrays.

BeforeDiscovery {
    # One object of each type a cmdlet writes, from the Acme store ($s).
    $script:Samples = [ordered]@{
        'PermShell.StoreInfo'            = { Get-PermissionStore -Store $s }
        'PermShell.StoreBackup'          = { Backup-PermissionStore -Store $s -Destination (Join-Path (New-TestFolder) b.db) }
        'PermShell.PermissionDefinition' = { Get-PermissionDefinition -Store $s -Name TICKET_ADMIN }
        'PermShell.User'                 = { Get-PermUser -Store $s -Name bob }
        'PermShell.Group'                = { Get-PermGroup -Store $s -Name developer }
        'PermShell.GroupMember'          = { Get-PermGroupMember -Store $s -Group staff -Recurse | Select-Object -Last 1 }
        'PermShell.Grant'                = { Get-Permission -Store $s -Subject alice }
        'PermShell.EffectivePermission'  = { Get-Permission -Store $s -Subject carol -Effective -Name TICKET_APPEND }
        'PermShell.Route'                = { Test-Permission -Store $s -Subject carol -Name TICKET_APPEND -Explain | Select-Object -Last 1 }
        'PermShell.PermissionCheck'      = { Test-Permission -Store $s -Subject carol, mallory -Name TICKET_APPEND | Select-Object -First 1 }
        'PermShell.PermissionSummary'    = { Get-PermissionAudit -Store $s -App wiki | Select-Object -First 1 }
        'PermShell.AuditEntry'           = { Get-PermissionAudit -Store $s -Name TICKET_EDIT_CC | Select-Object -First 1 }
        'PermShell.Change'               = { Set-PermUser -Store $s -Name dave -Email 'd@x'; Compare-PermissionManifest -Store $s -Path (Join-Path $examples acme.yaml) | Select-Object -First 1 }
        'PermShell.LogEntry'             = { Get-PermissionLog -Store $s -Last 1 }
        'PermShell.ResourcePolicy'       = { Set-PermissionPolicy -Store $s -Resource 'wiki:*' -Rule 'bob = WIKI_VIEW, !WIKI_ADMIN', '* ='; Get-PermissionPolicy -Store $s }
    }
    $script:SampleCases = @($Samples.Keys | ForEach-Object { @{ Type = $_; Call = "$($Samples[$_])" } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule

    $script:examples = Join-Path $PSScriptRoot '../../examples'
    $script:acme = New-TestStore -Template Trac
    & (Join-Path $examples 'acme-permissions.ps1') -Store $acme

    function Get-Sample([string] $Call) {
        $s = Copy-TestStore -From $acme
        & ([scriptblock]::Create($Call)) | Select-Object -First 1
    }
}

AfterAll {
    Remove-TestRoot
}

Describe 'Export-Csv and ConvertTo-Json' {
    It 'every PermShell type a cmdlet declares has a sample here' {
        $declared = Get-Command -Module PermShell -CommandType Cmdlet | ForEach-Object { $_.OutputType.Name } | Where-Object { $_ -like 'PermShell.*' } | Sort-Object -Unique

        $declared | Where-Object { $_ -notin $SampleCases.Type } | Should -BeNullOrEmpty
    }

    It '<Type> converts to CSV with readable text in every column' -TestCases $SampleCases {
        $o = Get-Sample $Call
        $o.PSTypeNames | Should -Contain $Type

        $row = @($o | ConvertTo-Csv | ConvertFrom-Csv)[0]

        foreach ($p in $row.PSObject.Properties) {
            $p.Value | Should -Not -Match '^System\.|^PermShell\.|`1\[|\[\]$' -Because "$Type.$($p.Name) must be text, not a type name"
        }
    }

    It '<Type> converts to JSON and back' -TestCases $SampleCases {
        $o = Get-Sample $Call

        $json = $o | ConvertTo-Json -Depth 4 -WarningAction SilentlyContinue
        $back = $json | ConvertFrom-Json

        $json | Should -Not -BeNullOrEmpty
        foreach ($p in $o.PSObject.Properties | Where-Object { $_.Value -is [string] }) {
            $back.($p.Name) | Should -BeExactly $p.Value -Because "$Type.$($p.Name)"
        }
    }

    It 'routes go to CSV as their paths, lists joined' {
        $s = Copy-TestStore -From $acme

        $effective = Get-Permission -Store $s -Subject carol -Effective -Name TICKET_APPEND | ConvertTo-Csv | ConvertFrom-Csv
        $check = Test-Permission -Store $s -Subject carol, bob -Name TICKET_APPEND | ConvertTo-Csv | ConvertFrom-Csv
        $route = Test-Permission -Store $s -Subject carol -Name TICKET_APPEND -Explain | ConvertTo-Csv | ConvertFrom-Csv
        $definition = Get-PermissionDefinition -Store $s -Name WIKI_ADMIN | ConvertTo-Csv | ConvertFrom-Csv

        $effective.Routes | Should -BeExactly 'carol > authenticated : TICKET_MODIFY => TICKET_APPEND; carol > release > developer : TICKET_ADMIN => TICKET_MODIFY => TICKET_APPEND'
        $check[0].Routes | Should -BeExactly $effective.Routes
        $route[1].Groups | Should -BeExactly 'release > developer'
        $definition.Implies | Should -BeExactly 'WIKI_CREATE, WIKI_DELETE, WIKI_MODIFY, WIKI_RENAME, WIKI_VIEW'
        Set-PermissionPolicy -Store $s -Resource 'wiki:*' -Rule 'bob = WIKI_VIEW, !WIKI_ADMIN', '* ='
        (Get-PermissionPolicy -Store $s | ConvertTo-Csv | ConvertFrom-Csv).Rules | Should -BeExactly 'bob = WIKI_VIEW, !WIKI_ADMIN; * ='
        (Get-PermissionPolicy -Store $s | ConvertTo-Json | ConvertFrom-Json).Rules | Should -HaveCount 2
    }

    It 'kinds go to CSV and to JSON as names, without -EnumsAsStrings (as about_PermShell says)' {
        $s = Copy-TestStore -From $acme

        $csv = Get-PermGroupMember -Store $s -Group staff | ConvertTo-Csv | ConvertFrom-Csv
        $audit = Get-PermissionAudit -Store $s -Name TICKET_EDIT_CC | Select-Object -First 1 | ConvertTo-Json | ConvertFrom-Json
        $members = Get-PermGroupMember -Store $s -Group staff | ConvertTo-Json | ConvertFrom-Json
        $explained = @(Test-Permission -Store $s -Subject carol -Name TICKET_APPEND -Explain)
        $routes = $explained | ConvertTo-Json -Depth 4 | ConvertFrom-Json

        $csv.MemberKind | Should -BeExactly 'Group', 'Group'
        $audit.Route | Should -BeExactly 'Implied'
        $members.MemberKind | Should -BeExactly 'Group', 'Group'
        @($routes)[0].Kind | Should -BeOfType [string]
        @($routes)[0].Kind | Should -BeExactly $explained[0].Kind.ToString()
    }

    It 'lists stay arrays in JSON' {
        $s = Copy-TestStore -From $acme

        $effective = Get-Permission -Store $s -Subject carol -Effective -Name TICKET_APPEND | ConvertTo-Json -Depth 3 | ConvertFrom-Json
        $definition = Get-PermissionDefinition -Store $s -Name WIKI_ADMIN | ConvertTo-Json | ConvertFrom-Json

        $effective.Routes.Path | Should -HaveCount 2
        $effective.Routes[1].Groups | Should -Be 'release', 'developer'
        $definition.Implies | Should -HaveCount 5
    }
}
