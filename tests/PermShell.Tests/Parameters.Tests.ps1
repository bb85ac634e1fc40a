# Pins each cmdlet's public surface so that an accidental change fails here first: the names of its own
# (non-common) parameters, ShouldProcess support and ConfirmImpact (STYLE "Cmdlets", "Tests").

BeforeDiscovery {
    # Cmdlet → its own parameters, sorted. Read from src/PermShell/Commands/*.cs and the PermShellCmdlet base (-Store).
    $script:pinned = [ordered]@{
        'New-PermissionStore'         = 'ConnectionString', 'Force', 'Path', 'Template'
        'Connect-PermissionStore'     = 'ConnectionString', 'PassThru', 'Path'
        'Get-PermissionStore'         = 'Store'
        'Set-PermissionStore'         = 'Enforce', 'PassThru', 'Store'
        'Get-PermissionDefinition'    = 'App', 'Name', 'Store'
        'New-PermissionDefinition'    = 'App', 'Description', 'Implies', 'Model', 'Name', 'Store'
        'Set-PermissionDefinition'    = 'App', 'Description', 'Implies', 'Model', 'Name', 'PassThru', 'Store'
        'Remove-PermissionDefinition' = 'Name', 'PassThru', 'Store'
        'New-PermUser'                = 'DisplayName', 'Email', 'IsActive', 'IsSuperuser', 'Name', 'Store'
        'Get-PermUser'                = 'IsActive', 'IsSuperuser', 'Name', 'Store'
        'Set-PermUser'                = 'DisplayName', 'Email', 'IsActive', 'IsSuperuser', 'Name', 'PassThru', 'Store'
        'Remove-PermUser'             = 'Name', 'PassThru', 'Store'
        'New-PermGroup'               = 'Description', 'Name', 'Store'
        'Get-PermGroup'               = 'Name', 'Store'
        'Remove-PermGroup'            = 'Name', 'PassThru', 'Store'
        'Add-PermGroupMember'         = 'Group', 'Member', 'PassThru', 'Store'
        'Remove-PermGroupMember'      = 'Group', 'Member', 'PassThru', 'Store'
        'Get-PermGroupMember'         = 'Group', 'Recurse', 'Store'
        'Get-PermGroupMembership'     = 'Recurse', 'Store', 'Subject'
        'Set-PermGroup'               = 'Description', 'Name', 'PassThru', 'Store'
        'Rename-PermUser'             = 'Name', 'NewName', 'PassThru', 'Store'
        'Rename-PermGroup'            = 'Name', 'NewName', 'PassThru', 'Store'
        'Grant-Permission'            = 'Name', 'PassThru', 'Store', 'Subject'
        'Revoke-Permission'           = 'Force', 'Name', 'PassThru', 'Store', 'Subject'
        'Get-Permission'              = 'Effective', 'IncludeMembership', 'Name', 'Store', 'Subject'
        'Test-Permission'             = 'Explain', 'Name', 'Resource', 'Store', 'Subject'
        'Test-PermissionManifest'     = 'Format', 'MaximumSize', 'Mode', 'Path', 'Store'
        'Compare-PermissionManifest'  = 'AsMarkdown', 'Format', 'MaximumSize', 'Mode', 'Path', 'Store'
        'Import-PermissionManifest'   = 'Force', 'Format', 'MaximumSize', 'Mode', 'PassThru', 'Path', 'Store'
        'Export-PermissionManifest'   = 'Format', 'Path', 'Store'
        'Get-PermissionAudit'         = 'All', 'App', 'Name', 'Resource', 'Store', 'Subject', 'Summary'
        'Export-PermissionAuditReport' = 'All', 'Force', 'Path', 'Store'
        'Export-PermissionGraph'      = 'Format', 'Name', 'Path', 'Store', 'Subject'
        'Get-PermissionLog'           = 'Action', 'Actor', 'After', 'Last', 'Since', 'Store', 'Subject', 'Until'
        'Test-PermissionLog'          = 'Store'
        'Backup-PermissionStore'      = 'Destination', 'Force', 'Store'
        'Restore-PermissionStore'     = 'Path', 'Store'
        'Copy-PermissionStore'        = 'Destination', 'Force', 'Source'
        'Get-PermissionPolicy'        = 'Match', 'Resource', 'Store'
        'Set-PermissionPolicy'        = 'PassThru', 'Position', 'Resource', 'Rule', 'Store'
        'Remove-PermissionPolicy'     = 'PassThru', 'Resource', 'Store'
    }
    $script:parameterCases = foreach ($name in $pinned.Keys) { @{ Cmdlet = $name; Expected = @($pinned[$name]) } }

    # Cmdlets that change the store, with the ConfirmImpact they must declare.
    $script:changing = [ordered]@{
        'New-PermissionStore'         = 'Medium'
        'New-PermissionDefinition'    = 'Medium'
        'Set-PermissionDefinition'    = 'Medium'
        'Remove-PermissionDefinition' = 'High'
        'New-PermUser'                = 'Medium'
        'Set-PermUser'                = 'Medium'
        'Remove-PermUser'             = 'High'
        'New-PermGroup'               = 'Medium'
        'Set-PermGroup'               = 'Medium'
        'Rename-PermUser'             = 'Medium'
        'Rename-PermGroup'            = 'Medium'
        'Remove-PermGroup'            = 'High'
        'Add-PermGroupMember'         = 'Medium'
        'Remove-PermGroupMember'      = 'Medium'
        'Grant-Permission'            = 'Medium'
        'Revoke-Permission'           = 'Medium'
        'Import-PermissionManifest'   = 'Medium'
        'Export-PermissionManifest'   = 'Medium'
        # They write files, not the store.
        'Export-PermissionAuditReport' = 'Medium'
        'Export-PermissionGraph'      = 'Medium'
        'Backup-PermissionStore'      = 'Medium'
        'Restore-PermissionStore'     = 'High'
        'Set-PermissionStore'         = 'Medium'
        'Copy-PermissionStore'        = 'Medium'
        'Set-PermissionPolicy'        = 'Medium'
        'Remove-PermissionPolicy'     = 'High'
    }
    $script:changingCases = foreach ($name in $changing.Keys) { @{ Cmdlet = $name; Impact = $changing[$name] } }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule

    $script:common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
    $script:readingCmdlets = 'Connect-PermissionStore', 'Get-PermissionStore', 'Get-PermissionDefinition', 'Get-PermUser', 'Get-PermGroup',
        'Get-PermGroupMember', 'Get-PermGroupMembership', 'Get-Permission', 'Test-Permission', 'Test-PermissionManifest', 'Compare-PermissionManifest', 'Get-PermissionAudit',
        'Get-PermissionLog', 'Test-PermissionLog', 'Get-PermissionPolicy'

    function Get-CmdletAttribute([string] $Name) {
        (Get-Command -Name $Name -CommandType Cmdlet).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $true) |
            Select-Object -First 1
    }
}

Describe 'The module' {
    It 'exports the cmdlets of the permission model, its manifests and its audit' {
        $missing = $PermShellCmdlets | Where-Object { -not (Get-Command -Name $_ -Module PermShell -CommandType Cmdlet -ErrorAction SilentlyContinue) }

        $missing | Should -BeNullOrEmpty
    }
}

Describe 'Parameters' {
    It '<Cmdlet> has exactly the parameters <Expected>' -TestCases $parameterCases {
        $actual = (Get-Command -Name $Cmdlet).Parameters.Keys | Where-Object { $_ -notin $common } | Sort-Object

        $actual | Should -BeExactly $Expected
    }

    It 'every cmdlet that works on a store takes -Store as an optional string' {
        foreach ($name in $PermShellCmdlets | Where-Object { (Get-Command -Name $_).Parameters.ContainsKey('Store') }) {
            $p = (Get-Command -Name $name).Parameters['Store']
            $p.ParameterType | Should -Be ([string]) -Because "$name -Store"
            $p.Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] }).Mandatory | Should -Not -Contain $true -Because "$name -Store"
        }
    }

    It '<Cmdlet> supports -WhatIf and -Confirm with ConfirmImpact <Impact>' -TestCases $changingCases {
        $attribute = Get-CmdletAttribute $Cmdlet

        $attribute.SupportsShouldProcess | Should -BeTrue
        "$($attribute.ConfirmImpact)" | Should -Be $Impact
        (Get-Command -Name $Cmdlet).Parameters.Keys | Should -Contain 'WhatIf'
        (Get-Command -Name $Cmdlet).Parameters.Keys | Should -Contain 'Confirm'
    }

    It 'the cmdlets that change nothing do not offer -WhatIf' {
        foreach ($name in $readingCmdlets) {
            (Get-CmdletAttribute $name).SupportsShouldProcess | Should -BeFalse -Because "$name changes nothing"
        }
    }

    It 'Get-Permission has one parameter set and does not bind -Name from the pipeline' {
        $command = Get-Command -Name Get-Permission

        @($command.ParameterSets).Count | Should -Be 1
        $command.Parameters['Name'].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] }).ValueFromPipelineByPropertyName | Should -BeFalse
    }

    It 'Get-PermissionAudit: no arguments give the overview, -Name the audit, -Subject the user audit' {
        $sets = (Get-Command -Name Get-PermissionAudit).ParameterSets

        (Get-Command -Name Get-PermissionAudit).DefaultParameterSet | Should -Be 'Overview'
        @($sets.Name | Sort-Object) | Should -Be 'Overview', 'Permission', 'Resource', 'Subject'
        ($sets | Where-Object Name -EQ Overview).Parameters.Name | Should -Not -Contain 'Name'
        $name = (Get-Command -Name Get-PermissionAudit).Parameters['Name']
        $name.Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] }).ValueFromPipelineByPropertyName | Should -Not -Contain $true
    }

    It 'Export-PermissionGraph -Format offers Mermaid and Dot' {
        $set = (Get-Command -Name Export-PermissionGraph).Parameters['Format'].Attributes.Where({ $_ -is [System.Management.Automation.ValidateSetAttribute] })

        $set.ValidValues | Should -BeExactly 'Mermaid', 'Dot'
        $set.IgnoreCase | Should -BeTrue
    }

    # The module's own assemblies live in a private load context, which a script cannot name types from
    # (STYLE "Dependency isolation"): a parameter typed with one could not be given a typed value or a cast.
    It 'every parameter of every exported cmdlet has a type a script can name' {
        $unnameable = foreach ($command in Get-Command -Module PermShell -CommandType Cmdlet) {
            foreach ($parameter in $command.Parameters.Values) {
                $type = $parameter.ParameterType
                if (($type.FullName -as [type]) -ne $type) { "$($command.Name) -$($parameter.Name) [$($type.FullName)]" }
            }
        }

        $unnameable | Should -BeNullOrEmpty
    }

    It 'New-PermissionStore -Template offers Empty, Trac and Django' {
        $set = (Get-Command -Name New-PermissionStore).Parameters['Template'].Attributes.Where({ $_ -is [System.Management.Automation.ValidateSetAttribute] }).ValidValues

        $set | Should -BeExactly 'Empty', 'Trac', 'Django'
    }

    It '<Cmdlet> declares what it writes with [OutputType]' -TestCases @(
        @{ Cmdlet = 'New-PermissionStore'; Type = 'PermShell.StoreInfo' }
        @{ Cmdlet = 'Get-PermissionStore'; Type = 'PermShell.StoreInfo' }
        @{ Cmdlet = 'Set-PermissionStore'; Type = 'PermShell.StoreInfo' }
        @{ Cmdlet = 'Get-PermissionDefinition'; Type = 'PermShell.PermissionDefinition' }
        @{ Cmdlet = 'Get-PermUser'; Type = 'PermShell.User' }
        @{ Cmdlet = 'Get-PermGroup'; Type = 'PermShell.Group' }
        @{ Cmdlet = 'Get-PermGroupMember'; Type = 'PermShell.GroupMember' }
        @{ Cmdlet = 'Get-PermGroupMembership'; Type = 'PermShell.GroupMember' }
        @{ Cmdlet = 'Remove-PermUser'; Type = 'PermShell.User' }
        @{ Cmdlet = 'Remove-PermGroup'; Type = 'PermShell.Group' }
        @{ Cmdlet = 'Rename-PermUser'; Type = 'PermShell.User' }
        @{ Cmdlet = 'Rename-PermGroup'; Type = 'PermShell.Group' }
        @{ Cmdlet = 'Remove-PermissionDefinition'; Type = 'PermShell.PermissionDefinition' }
        @{ Cmdlet = 'Remove-PermGroupMember'; Type = 'PermShell.GroupMember' }
        @{ Cmdlet = 'Get-Permission'; Type = 'PermShell.Grant' }
        @{ Cmdlet = 'Revoke-Permission'; Type = 'PermShell.Grant' }
        @{ Cmdlet = 'Get-Permission'; Type = 'PermShell.EffectivePermission' }
        @{ Cmdlet = 'Test-Permission'; Type = 'System.Boolean' }
        @{ Cmdlet = 'Test-Permission'; Type = 'PermShell.Route' }
        @{ Cmdlet = 'Test-Permission'; Type = 'PermShell.PermissionCheck' }
        @{ Cmdlet = 'Get-PermissionAudit'; Type = 'PermShell.PermissionSummary' }
        @{ Cmdlet = 'Get-PermissionAudit'; Type = 'PermShell.AuditEntry' }
        @{ Cmdlet = 'Export-PermissionAuditReport'; Type = 'System.IO.FileInfo' }
        @{ Cmdlet = 'Export-PermissionGraph'; Type = 'System.String' }
        @{ Cmdlet = 'Get-PermissionLog'; Type = 'PermShell.LogEntry' }
        @{ Cmdlet = 'Test-PermissionLog'; Type = 'System.Boolean' }
        @{ Cmdlet = 'Backup-PermissionStore'; Type = 'PermShell.StoreBackup' }
        @{ Cmdlet = 'Copy-PermissionStore'; Type = 'PermShell.StoreInfo' }
        @{ Cmdlet = 'Restore-PermissionStore'; Type = 'PermShell.StoreInfo' }
        @{ Cmdlet = 'Get-PermissionPolicy'; Type = 'PermShell.ResourcePolicy' }
        @{ Cmdlet = 'Set-PermissionPolicy'; Type = 'PermShell.ResourcePolicy' }
        @{ Cmdlet = 'Remove-PermissionPolicy'; Type = 'PermShell.ResourcePolicy' }
    ) {
        (Get-Command -Name $Cmdlet).OutputType.Name | Should -Contain $Type
    }
}
