# The table views in PermShell.format.ps1xml: default columns per output type, and a Wide view for each.
# Stand-in objects carry the type name; the views select on it, whichever assembly made the object.
BeforeDiscovery {
    $Samples = @(
        @{ Type = 'PermShell.PermissionDefinition'; Columns = 'Name', 'App', 'Model', 'Description', 'Implies'
            Wide = 'CodeName'
            Object = @{ Name = 'TICKET_ADMIN'; App = 'ticket'; Model = ''; CodeName = 'TICKET_ADMIN'
                Description = 'All TICKET_* permissions'; Implies = [string[]]('TICKET_VIEW', 'TICKET_MODIFY') }
            Shows = 'TICKET_VIEW, TICKET_MODIFY' }
        @{ Type = 'PermShell.User'; Columns = 'Name', 'DisplayName', 'Email', 'IsActive', 'IsSuperuser'
            Object = @{ Name = 'bob'; DisplayName = 'Bob'; Email = 'bob@example.org'; IsActive = $true; IsSuperuser = $false }
            Shows = 'bob@example.org' }
        @{ Type = 'PermShell.Group'; Columns = 'Name', 'Description', 'MemberCount'
            Object = @{ Name = 'developer'; Description = 'Developers'; MemberCount = 3 }
            Shows = 'Developers' }
        @{ Type = 'PermShell.GroupMember'; Columns = 'Group', 'Member', 'MemberKind', 'Depth', 'Via'
            Object = @{ Group = 'staff'; Member = 'bob'; MemberKind = 'User'; Depth = 2; Via = 'developer' }
            Shows = 'developer' }
        @{ Type = 'PermShell.Grant'; Columns = 'Subject', 'SubjectKind', 'Permission'
            Object = @{ Subject = 'anonymous'; SubjectKind = 'Virtual'; Permission = 'WIKI_VIEW' }
            Shows = 'WIKI_VIEW' }
        @{ Type = 'PermShell.EffectivePermission'; Columns = 'Subject', 'Permission', 'Routes'
            Wide = 'Paths'
            Object = @{ Subject = 'bob'; Permission = 'TICKET_VIEW'; Routes = @(
                    [pscustomobject]@{ Kind = 'Group'; Path = 'bob > dev : TICKET_VIEW' }
                    [pscustomobject]@{ Kind = 'Implied'; Path = 'bob > dev : TICKET_ADMIN => TICKET_VIEW' }
                    [pscustomobject]@{ Kind = 'Group'; Path = 'bob > ops : TICKET_VIEW' }) }
            # Distinct route kinds, in order of first appearance.
            Shows = 'Group, Implied' }
        @{ Type = 'PermShell.Route'; Columns = 'Kind', 'Via', 'Path'
            Object = @{ Subject = 'bob'; Permission = 'TICKET_VIEW'; Kind = 'Implied'; Via = 'TICKET_ADMIN'; Path = 'bob : TICKET_ADMIN => TICKET_VIEW' }
            Shows = 'TICKET_ADMIN' }
        @{ Type = 'PermShell.PermissionSummary'; Columns = 'Permission', 'Users', 'Groups', 'GroupUsers', 'EffectiveUsers', 'Anonymous', 'Authenticated'
            Wide = 'Description'
            Object = @{ Permission = 'permissions_tool.audit_permissions'; App = 'permissions_tool'; Model = 'permissionstool'
                CodeName = 'audit_permissions'; Description = 'Can audit permissions'; Users = 1; Groups = 1; GroupUsers = 3; EffectiveUsers = 4
                Anonymous = $false; Authenticated = $false }
            # Django names are long: the default view shows them whole.
            Shows = 'permissions_tool.audit_permissions' }
        @{ Type = 'PermShell.ResourcePolicy'; Columns = 'Position', 'Resource', 'Rules'
            Object = @{ Position = 1; Resource = 'wiki:PrivatePage'; Rules = [string[]]('@admins = WIKI_ADMIN', '* =') }
            Shows = '@admins = WIKI_ADMIN; * =' }
        @{ Type = 'PermShell.AuditEntry'; Columns = 'Permission', 'User', 'Route', 'Via', 'Path'
            Object = @{ Permission = 'TICKET_VIEW'; User = 'bob'; Route = 'Implied'; Via = 'TICKET_ADMIN'; Path = 'bob > developer > staff : TICKET_ADMIN => TICKET_VIEW' }
            Shows = 'bob > developer > staff : TICKET_ADMIN => TICKET_VIEW' }
        @{ Type = 'PermShell.StoreInfo'; Columns = 'Path', 'Schema', 'Permissions', 'Users', 'Groups', 'Grants'
            Object = @{ Path = '/tmp/p.db'; SchemaVersion = 1; Permissions = 42; Users = 3; Groups = 2; Grants = 16 }
            Shows = '/tmp/p.db' }
        @{ Type = 'PermShell.Change'; Columns = 'Action', 'Kind', 'Subject', 'Target'
            Wide = 'After'
            Object = @{ Action = 'Add'; Kind = 'Grant'; Subject = 'developer'; Target = 'TICKET_ADMIN'; Before = $null; After = $null }
            Shows = 'TICKET_ADMIN' }
    )
}

BeforeAll {
    . "$PSScriptRoot/Common.ps1"
    Import-Module $PermShellModulePath -Force

    function New-Sample([string]$Type, [hashtable]$Properties) {
        $object = [pscustomobject]$Properties
        $object.PSObject.TypeNames.Insert(0, $Type)
        $object
    }
    # The header line of a rendered table: the first non-empty line.
    function Get-Header([string]$Table) {
        ($Table -split "`n" | Where-Object { $_.Trim() } | Select-Object -First 1).Trim()
    }
}

Describe 'Table view of <Type>' -ForEach $Samples {
    BeforeAll {
        $Sample = New-Sample $Type $Object
    }

    It 'shows its columns by default' {
        $table = $Sample | Format-Table | Out-String -Width 200
        (Get-Header $table) -split '\s+' | Should -Be $Columns
        $table | Should -Match ([regex]::Escape($Shows))
    }

    It 'has a Wide view' {
        $table = $Sample | Format-Table -View Wide | Out-String -Width 250
        $header = (Get-Header $table) -split '\s+'
        foreach ($column in $Columns) {
            # The default's short "Schema" label is spelled out in the Wide view.
            $header | Should -Contain ($column -eq 'Schema' ? 'SchemaVersion' : $column)
        }
        if ($_.ContainsKey('Wide')) { $header | Should -Contain $_.Wide }
    }
}

Describe 'Default views show long names whole' {
    # Django permission names are long (permissions_tool.audit_permissions: 34 characters): no default view may cut
    # one, in any column that shows a permission or the group or permission a route passes through.
    It 'shows <Type> with a Django name whole' -ForEach @(
        @{ Type = 'PermShell.PermissionDefinition'; Object = @{ Name = 'permissions_tool.audit_permissions'; App = 'permissions_tool'; Model = 'permissionstool'; Description = 'Can audit permissions'; Implies = [string[]]@() } }
        @{ Type = 'PermShell.EffectivePermission'; Object = @{ Subject = 'bob'; Permission = 'permissions_tool.audit_permissions'; Routes = @([pscustomobject]@{ Kind = 'Direct' }) } }
        @{ Type = 'PermShell.PermissionCheck'; Object = @{ Subject = 'bob'; Permission = 'permissions_tool.audit_permissions'; Allowed = $true; Routes = @([pscustomobject]@{ Kind = 'Direct' }); Reason = '' } }
        @{ Type = 'PermShell.AuditEntry'; Object = @{ Permission = 'permissions_tool.audit_permissions'; User = 'bob'; Route = 'Direct'; Via = ''; Path = 'bob : permissions_tool.audit_permissions' } }
        @{ Type = 'PermShell.Route'; Object = @{ Subject = 'bob'; Permission = 'auth.view_user'; Kind = 'Implied'; Via = 'permissions_tool.audit_permissions'; Path = 'bob : permissions_tool.audit_permissions => auth.view_user' } }
    ) {
        $table = New-Sample $Type $Object | Format-Table | Out-String -Width 200
        $table | Should -Match ([regex]::Escape('permissions_tool.audit_permissions') + '(\s|$)')
        $table | Should -Not -Match 'permissions_tool\.audit_permissio…'
    }
}
