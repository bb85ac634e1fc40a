# The module's conventions (issue 14 item 9), derived from its own metadata: a new cmdlet that breaks one fails here
# without anyone adding it to a list. Where a rule needs an example (a pipeline, a -Verbose run), the table of
# examples must cover every cmdlet the rule is about.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule
    $script:Cmdlets = @(Get-Command -Module PermShell -CommandType Cmdlet | Sort-Object Name | ForEach-Object { @{ Cmdlet = $_.Name } })
    # Verbs that change a store, a file or what a session points at: they support -WhatIf and -Confirm.
    $script:ChangingVerbs = 'New', 'Set', 'Remove', 'Rename', 'Add', 'Grant', 'Revoke', 'Import', 'Export', 'Backup', 'Restore', 'Copy'
    $script:Changing = @($Cmdlets | Where-Object { $_.Cmdlet.Split('-')[0] -in $ChangingVerbs })
    $script:Reading = @($Cmdlets | Where-Object { $_.Cmdlet.Split('-')[0] -notin $ChangingVerbs })

    # Pairs a person pipes, with the parameters of the second cmdlet the first one's objects bind by property name
    # (given the parameters on the command line). Everything else the object carries must bind nothing.
    $script:Pipes = @(
        @{ From = 'Get-PermUser'; To = 'Grant-Permission'; Given = 'Name'; Binds = 'Subject' }
        @{ From = 'Get-PermUser'; To = 'Revoke-Permission'; Given = 'Name'; Binds = 'Subject' }
        @{ From = 'Get-PermUser'; To = 'Test-Permission'; Given = 'Name'; Binds = 'Subject' }
        @{ From = 'Get-PermUser'; To = 'Get-Permission'; Given = @(); Binds = 'Subject' }
        @{ From = 'Get-PermUser'; To = 'Get-PermGroupMembership'; Given = @(); Binds = 'Subject' }
        @{ From = 'Get-PermUser'; To = 'Get-PermissionAudit'; Given = @(); Binds = 'Subject' }
        @{ From = 'Get-PermUser'; To = 'Get-PermissionLog'; Given = @(); Binds = 'Subject' }
        @{ From = 'Get-PermUser'; To = 'Export-PermissionGraph'; Given = @(); Binds = 'Subject' }
        @{ From = 'Get-PermUser'; To = 'Set-PermUser'; Given = @(); Binds = 'DisplayName', 'Email', 'IsActive', 'IsSuperuser', 'Name' }
        @{ From = 'Get-PermUser'; To = 'Rename-PermUser'; Given = 'NewName'; Binds = 'Name' }
        @{ From = 'Get-PermUser'; To = 'Remove-PermUser'; Given = @(); Binds = 'Name' }
        @{ From = 'Get-PermUser'; To = 'Add-PermGroupMember'; Given = 'Group'; Binds = 'Member' }
        @{ From = 'Get-PermUser'; To = 'Remove-PermGroupMember'; Given = 'Group'; Binds = 'Member' }
        @{ From = 'Get-PermGroup'; To = 'Get-PermGroupMember'; Given = @(); Binds = 'Group' }
        @{ From = 'Get-PermGroup'; To = 'Set-PermGroup'; Given = @(); Binds = 'Description', 'Name' }
        @{ From = 'Get-PermGroup'; To = 'Rename-PermGroup'; Given = 'NewName'; Binds = 'Name' }
        @{ From = 'Get-PermGroup'; To = 'Remove-PermGroup'; Given = @(); Binds = 'Name' }
        @{ From = 'Get-PermGroup'; To = 'Grant-Permission'; Given = 'Name'; Binds = 'Subject' }
        @{ From = 'Get-PermGroup'; To = 'Get-Permission'; Given = @(); Binds = 'Subject' }
        @{ From = 'Get-PermGroup'; To = 'Add-PermGroupMember'; Given = 'Member'; Binds = 'Group' }
        @{ From = 'Get-PermGroup'; To = 'Add-PermGroupMember'; Given = 'Group'; Binds = 'Member' }
        @{ From = 'Get-PermGroupMember'; To = 'Remove-PermGroupMember'; Given = @(); Binds = 'Group', 'Member' }
        @{ From = 'Get-PermGroupMember'; To = 'Test-Permission'; Given = 'Name'; Binds = 'Subject' }
        @{ From = 'Get-PermGroupMember'; To = 'Grant-Permission'; Given = 'Name'; Binds = 'Subject' }
        @{ From = 'Get-PermGroupMember'; To = 'Get-Permission'; Given = @(); Binds = 'Subject' }
        @{ From = 'Get-PermissionDefinition'; To = 'Grant-Permission'; Given = 'Subject'; Binds = 'Name' }
        @{ From = 'Get-PermissionDefinition'; To = 'Revoke-Permission'; Given = 'Subject'; Binds = 'Name' }
        @{ From = 'Get-PermissionDefinition'; To = 'Test-Permission'; Given = 'Subject'; Binds = 'Name' }
        @{ From = 'Get-PermissionDefinition'; To = 'Set-PermissionDefinition'; Given = @(); Binds = 'App', 'Description', 'Implies', 'Model', 'Name' }
        @{ From = 'Get-PermissionDefinition'; To = 'Remove-PermissionDefinition'; Given = @(); Binds = 'Name' }
        @{ From = 'Get-Permission'; To = 'Grant-Permission'; Given = @(); Binds = 'Name', 'Subject' }
        @{ From = 'Get-Permission'; To = 'Revoke-Permission'; Given = @(); Binds = 'Name', 'Subject' }
        @{ From = 'Get-Permission'; To = 'Test-Permission'; Given = @(); Binds = 'Name', 'Subject' }
        @{ From = 'Get-Permission'; To = 'Grant-Permission'; Given = 'Subject'; Binds = 'Name' }
        @{ From = 'Get-PermissionAudit'; To = 'Test-Permission'; Given = @(); Binds = 'Name', 'Resource', 'Subject' }
        @{ From = 'Get-ChildItem'; To = 'Test-PermissionManifest'; Given = @(); Binds = 'Path' }
        @{ From = 'Get-ChildItem'; To = 'Compare-PermissionManifest'; Given = @(); Binds = 'Path' }
        @{ From = 'Get-ChildItem'; To = 'Import-PermissionManifest'; Given = @(); Binds = 'Path' }
        @{ From = 'Get-ChildItem'; To = 'Connect-PermissionStore'; Given = @(); Binds = 'Path' }
        @{ From = 'Backup-PermissionStore'; To = 'Restore-PermissionStore'; Given = @(); Binds = 'Path' }
    )

    # One call of each changing cmdlet against the Acme store ($s, a copy per call; $f a fresh folder), for -Verbose.
    $script:VerboseCalls = [ordered]@{
        'New-PermissionStore'          = { New-PermissionStore -Path (Join-Path $f new.db) }
        'New-PermissionDefinition'     = { New-PermissionDefinition -Store $s -Name deploy }
        'Set-PermissionDefinition'     = { Set-PermissionDefinition -Store $s -Name WIKI_VIEW -Description 'See pages' }
        'Remove-PermissionDefinition'  = { Remove-PermissionDefinition -Store $s -Name WIKI_DELETE -Confirm:$false }
        'New-PermUser'                 = { New-PermUser -Store $s -Name erin }
        'Set-PermUser'                 = { Set-PermUser -Store $s -Name bob -Email 'b@x' }
        'Rename-PermUser'              = { Rename-PermUser -Store $s -Name bob -NewName robert }
        'Remove-PermUser'              = { Remove-PermUser -Store $s -Name bob -Confirm:$false }
        'New-PermGroup'                = { New-PermGroup -Store $s -Name ops }
        'Set-PermGroup'                = { Set-PermGroup -Store $s -Name staff -Description 'Everyone paid' }
        'Rename-PermGroup'             = { Rename-PermGroup -Store $s -Name Support -NewName helpdesk }
        'Remove-PermGroup'             = { Remove-PermGroup -Store $s -Name release -Confirm:$false }
        'Add-PermGroupMember'          = { Add-PermGroupMember -Store $s -Group staff -Member alice }
        'Remove-PermGroupMember'       = { Remove-PermGroupMember -Store $s -Group developer -Member bob }
        'Grant-Permission'             = { Grant-Permission -Store $s -Subject alice -Name REPORT_VIEW }
        'Revoke-Permission'            = { Revoke-Permission -Store $s -Subject alice -Name WIKI_ADMIN }
        'Import-PermissionManifest'    = { Export-PermissionManifest -Store $s -Path (Join-Path $f m.yaml); Import-PermissionManifest -Store $s -Path (Join-Path $f m.yaml) }
        'Export-PermissionManifest'    = { Export-PermissionManifest -Store $s -Path (Join-Path $f m.yaml) }
        'Export-PermissionAuditReport' = { Export-PermissionAuditReport -Store $s -Path (Join-Path $f report) }
        'Export-PermissionGraph'       = { Export-PermissionGraph -Store $s -Subject carol -Path (Join-Path $f g.mmd) }
        'Backup-PermissionStore'       = { Backup-PermissionStore -Store $s -Destination (Join-Path $f b.db) }
        'Set-PermissionPolicy'         = { Set-PermissionPolicy -Store $s -Resource 'wiki:*' -Rule 'bob = WIKI_VIEW' }
        'Remove-PermissionPolicy'      = { Set-PermissionPolicy -Store $s -Resource 'wiki:*' -Rule '* ='; Remove-PermissionPolicy -Store $s -Resource 'wiki:*' -Confirm:$false }
        'Set-PermissionStore'          = { Set-PermissionStore -Store $s -Enforce }
        'Copy-PermissionStore'         = { Copy-PermissionStore -Source $s -Destination (Join-Path $f copy.db) }
        'Restore-PermissionStore'      = { Backup-PermissionStore -Store $s -Destination (Join-Path $f b.db); Restore-PermissionStore -Store $s -Path (Join-Path $f b.db) -Confirm:$false }
    }
    $script:VerboseCases = @($Changing | ForEach-Object { @{ Cmdlet = $_.Cmdlet; Call = "$($VerboseCalls[$_.Cmdlet])" } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule

    function Get-ParameterAttribute([System.Management.Automation.ParameterMetadata] $Parameter) {
        $Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] }
    }

    # The parameters of a cmdlet that an object binds by property name: the name or an alias is one of its properties.
    function Get-BoundByPropertyName([string] $Cmdlet, [object] $InputObject, [string[]] $Given) {
        $properties = $InputObject.PSObject.Properties.Name
        foreach ($p in (Get-Command -Name $Cmdlet).Parameters.Values) {
            if ($p.Name -in $Given -or -not ((Get-ParameterAttribute $p).ValueFromPipelineByPropertyName -contains $true)) { continue }
            if (@($p.Name) + @($p.Aliases) | Where-Object { $_ -in $properties }) { $p.Name }
        }
    }

    $script:acme = New-TestStore -Template Trac
    & (Join-Path $PSScriptRoot '../../examples/acme-permissions.ps1') -Store $acme
    $script:common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
    $script:all = @(Get-Command -Module PermShell -CommandType Cmdlet)
}

AfterAll {
    Remove-TestRoot
}

Describe 'Names' {
    It '<Cmdlet> has an approved verb and a noun that starts with Perm' -TestCases $Cmdlets {
        $verb, $noun = $Cmdlet.Split('-', 2)

        (Get-Verb).Verb | Should -Contain $verb
        $noun | Should -BeLikeExactly 'Perm*'
    }

    It '<Cmdlet> names its parameters the house way (Name, Subject, Path, Store, not synonyms)' -TestCases $Cmdlets {
        $names = (Get-Command -Name $Cmdlet).Parameters.Keys
        $synonyms = 'UserName', 'GroupName', 'Permission', 'User', 'File', 'FilePath', 'LiteralPath', 'Database', 'StorePath', 'Db', 'Identity', 'Principal'

        $names | Where-Object { $_ -in $synonyms } | Should -BeNullOrEmpty
    }

    It 'a parameter name means one type wherever it is used (a name or an array of them, a flag or a switch)' {
        $types = @{}
        foreach ($c in $all) {
            foreach ($p in $c.Parameters.Values | Where-Object { $_.Name -notin $common }) {
                $t = $p.ParameterType
                $family = if ($t.IsArray) { $t.GetElementType() } elseif ([Nullable]::GetUnderlyingType($t)) { [Nullable]::GetUnderlyingType($t) } else { $t }
                $types[$p.Name] = @($types[$p.Name]) + "$family ($($c.Name))"
            }
        }

        $mixed = foreach ($name in $types.Keys) {
            $families = $types[$name] | Where-Object { $_ } | ForEach-Object { ($_ -split ' \(')[0] } | Sort-Object -Unique
            if (@($families).Count -gt 1) { "-$name`: $($types[$name] -join ', ')" }
        }
        $mixed | Should -BeNullOrEmpty
    }
}

Describe 'Parameters' {
    It '<Cmdlet>: -Store, -PassThru and -Force are what they are everywhere' -TestCases $Cmdlets {
        $parameters = (Get-Command -Name $Cmdlet).Parameters

        if ($parameters.ContainsKey('Store')) {
            $parameters['Store'].ParameterType | Should -Be ([string])
            (Get-ParameterAttribute $parameters['Store']).Mandatory | Should -Not -Contain $true
            (Get-ParameterAttribute $parameters['Store']).ValueFromPipelineByPropertyName | Should -Not -Contain $true
        }
        elseif ($Cmdlet -notin 'New-PermissionStore', 'Connect-PermissionStore', 'Copy-PermissionStore') {
            # Those name the store they make, connect to or copy (-Source, -Destination) in parameters of their own.
            throw "$Cmdlet works on a store and has no -Store"
        }
        foreach ($switch in 'PassThru', 'Force') {
            if ($parameters.ContainsKey($switch)) { $parameters[$switch].ParameterType | Should -Be ([switch]) -Because "-$switch" }
        }
    }

    It '<Cmdlet>: a cmdlet that changes records it was given has -PassThru; New- writes what it made' -TestCases $Changing {
        $verb = $Cmdlet.Split('-')[0]
        $parameters = (Get-Command -Name $Cmdlet).Parameters

        if ($verb -in 'Set', 'Remove', 'Rename', 'Add', 'Grant', 'Revoke', 'Import') { $parameters.Keys | Should -Contain 'PassThru' }
        if ($verb -eq 'New') { $parameters.Keys | Should -Not -Contain 'PassThru' }
        (Get-Command -Name $Cmdlet).OutputType | Should -Not -BeNullOrEmpty
    }

    It '<Cmdlet>: -Subject takes -User and -Member''s place; -Name beside it is the permission' -TestCases $Cmdlets {
        $parameters = (Get-Command -Name $Cmdlet).Parameters

        if ($parameters.ContainsKey('Subject')) {
            $parameters['Subject'].Aliases | Should -Contain 'User'
            if ($parameters.ContainsKey('Name')) { $parameters['Name'].Aliases | Should -Contain 'Permission' }
        }
    }

    It '<Cmdlet>: -Name of a user, group or permission cmdlet takes the UserName, GroupName or Permission property' -TestCases $Cmdlets {
        $noun = $Cmdlet.Split('-', 2)[1]
        $alias = @{ PermUser = 'UserName'; PermGroup = 'GroupName'; PermissionDefinition = 'Permission' }[$noun]

        if ($alias) { (Get-Command -Name $Cmdlet).Parameters['Name'].Aliases | Should -Contain $alias }
    }

    It '<Cmdlet>: a -Path read from the pipeline takes a file''s FullName' -TestCases $Cmdlets {
        $path = (Get-Command -Name $Cmdlet).Parameters['Path']

        if ($path -and (Get-ParameterAttribute $path).ValueFromPipelineByPropertyName -contains $true) { $path.Aliases | Should -Contain 'FullName' }
    }

    It '<Cmdlet>: the users, groups and permissions it names complete with Tab (except the names a New- cmdlet makes)' -TestCases $Cmdlets {
        if ($Cmdlet -like 'New-*') { return }
        foreach ($p in (Get-Command -Name $Cmdlet).Parameters.Values | Where-Object Name -In 'Name', 'Subject', 'Group', 'Member') {
            $p.Attributes | Where-Object { $_ -is [System.Management.Automation.ArgumentCompleterAttribute] } | Should -Not -BeNullOrEmpty -Because "-$($p.Name)"
        }
    }

    It 'removing cmdlets do not take a GroupMember''s Group as what to remove' {
        foreach ($c in $all | Where-Object Verb -EQ Remove) {
            $name = $c.Parameters['Name']
            if ($name) { $name.Aliases | Should -Not -Contain 'Group' -Because "$($c.Name) would remove the group of every membership piped to it" }
        }
    }
}

Describe '-WhatIf and -Confirm' {
    It '<Cmdlet> changes something and supports -WhatIf and -Confirm' -TestCases $Changing {
        $attribute = (Get-Command -Name $Cmdlet).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $true)[0]

        $attribute.SupportsShouldProcess | Should -BeTrue
        "$($attribute.ConfirmImpact)" | Should -BeIn 'Medium', 'High'
    }

    It '<Cmdlet> changes nothing and offers no -WhatIf' -TestCases $Reading {
        $attribute = (Get-Command -Name $Cmdlet).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $true)[0]

        $attribute.SupportsShouldProcess | Should -BeFalse
    }
}

Describe 'The pipeline' {
    It '<From> | <To> binds <Binds>' -TestCases $Pipes {
        $store = @{ Store = $acme }
        $object = switch ($From) {
            'Get-PermUser' { Get-PermUser @store -Name bob }
            'Get-PermGroup' { Get-PermGroup @store -Name developer }
            'Get-PermGroupMember' { Get-PermGroupMember @store -Group developer | Select-Object -First 1 }
            'Get-PermissionDefinition' { Get-PermissionDefinition @store -Name WIKI_VIEW }
            'Get-Permission' { Get-Permission @store -Subject alice | Select-Object -First 1 }
            'Get-PermissionAudit' { Get-PermissionAudit @store -Name WIKI_VIEW | Select-Object -First 1 }
            'Get-ChildItem' { Get-Item -LiteralPath $acme }
            'Backup-PermissionStore' { Backup-PermissionStore @store -Destination (Join-Path (New-TestFolder) b.db) }
        }
        $object | Should -Not -BeNullOrEmpty

        @(Get-BoundByPropertyName -Cmdlet $To -InputObject $object -Given (@($Given) + 'Store') | Sort-Object) | Should -Be @($Binds | Sort-Object)
    }

    It 'the table covers every cmdlet that takes a user, group, permission or file from the pipeline' {
        $covered = $Pipes.To | Sort-Object -Unique
        $taking = foreach ($c in $all) {
            $p = $c.Parameters.Values | Where-Object { $_.Name -in 'Name', 'Subject', 'Group', 'Member', 'Path' -and (Get-ParameterAttribute $_).ValueFromPipelineByPropertyName -contains $true }
            # A New- cmdlet takes records to create, which no PermShell cmdlet writes.
            if ($p -and $c.Verb -ne 'New') { $c.Name }
        }

        $taking | Where-Object { $_ -notin $covered -and $_ -notin 'Get-PermUser', 'Get-PermGroup', 'Get-PermGroupMember', 'Get-PermissionDefinition' } | Should -BeNullOrEmpty
    }
}

Describe '-Verbose' {
    It '<Cmdlet> says what it did' -TestCases $VerboseCases {
        $Call | Should -Not -BeNullOrEmpty -Because "every changing cmdlet needs a call in the -Verbose table"
        $s = Copy-TestStore -From $acme
        $f = New-TestFolder

        $VerbosePreference = 'Continue'

        $verbose = & ([scriptblock]::Create($Call)) 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }

        # Which store is used, and ShouldProcess's "Performing the operation", are said by every call; what happened is not.
        $verbose | Where-Object { $_.Message -notlike 'Using store *' -and $_.Message -notlike 'Performing the operation *' } | Should -Not -BeNullOrEmpty
    }

    It 'a write says how many changes of each kind it wrote, and where' {
        $s = Copy-TestStore -From $acme

        $verbose = Grant-Permission -Store $s -Subject alice, bob -Name REPORT_VIEW -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }

        "$($verbose[-1])" | Should -Match ('^Wrote 2 grants to ' + [regex]::Escape((Get-PermissionStore -Store $s).Path) + ' in \d+\.\d\d s\.$')
    }
}

Describe 'Progress' {
    It 'a large import shows its reading and its writing' {
        $s = New-TestStore
        $f = New-TestFolder
        $yaml = "version: 1`npermissions:`n" + ((1..600 | ForEach-Object { "  - name: P_$_" }) -join "`n") + "`n"
        Set-Content -LiteralPath (Join-Path $f big.yaml) -Value $yaml
        # Pester's host drops progress; a PowerShell of its own, in a runspace of its own, collects it.
        $ps = [powershell]::Create()
        $null = $ps.AddCommand('Import-Module').AddArgument($PermShellModulePath).AddStatement()
        $null = $ps.AddCommand('Import-PermissionManifest').AddParameter('Store', $s).AddParameter('Path', (Join-Path $f big.yaml))

        $null = $ps.Invoke()

        $ps.Streams.Error | Should -BeNullOrEmpty
        $ps.Streams.Progress.Activity | Sort-Object -Unique | Should -Be 'Reading manifest', 'Writing changes'
        $ps.Dispose()
    }
}
