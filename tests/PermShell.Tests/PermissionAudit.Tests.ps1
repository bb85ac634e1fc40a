# Get-PermissionAudit (SPEC §2): the overview, the per-permission audit and the per-user audit.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule

    # Alliance Auth's own test case (permissions_tool/tests.py): one user granted the permission directly and a
    # three-member group granted it; a user and a group without it.
    $script:aa = New-TestStore -Template Django
    'auth_member', 'none_user', 'none_user2', 'none_user3', 'no_perm_user' | New-PermUser -Store $aa | Out-Null
    'No Permission Group', 'Test group' | New-PermGroup -Store $aa | Out-Null
    Add-PermGroupMember -Store $aa -Group 'Test group' -Member none_user, none_user2, none_user3
    Grant-Permission -Store $aa -Subject 'Test group', auth_member -Name permissions_tool.audit_permissions

    # A Trac-like store: bob in developer in staff; staff has TICKET_ADMIN (implies TICKET_*); anonymous has
    # WIKI_VIEW; alice is a superuser, mallory inactive with a direct grant.
    $script:s = New-SampleStore
    'alice', 'bob', 'carol' | New-PermUser -Store $s | Out-Null
    Set-PermUser -Store $s -Name alice -IsSuperuser $true
    $null = New-PermUser -Store $s -Name mallory -IsActive $false
    'developer', 'staff' | New-PermGroup -Store $s | Out-Null
    Add-PermGroupMember -Store $s -Group developer -Member bob
    Add-PermGroupMember -Store $s -Group staff -Member developer
    Grant-Permission -Store $s -Subject staff -Name TICKET_ADMIN
    Grant-Permission -Store $s -Subject anonymous -Name WIKI_VIEW
    Grant-Permission -Store $s -Subject mallory -Name WIKI_ADMIN

    function Format-Entry($Entry) { "$($Entry.User)|$($Entry.Route)|$($Entry.Via)|$($Entry.Path)" }
}

AfterAll {
    Remove-TestRoot
}

Describe 'Get-PermissionAudit (the overview)' {
    It 'gives Alliance Auth''s counts: Users 1, Groups 1, GroupUsers 3' {
        $row = Get-PermissionAudit -Store $aa | Where-Object Permission -EQ permissions_tool.audit_permissions

        $row.PSTypeNames | Should -Contain 'PermShell.PermissionSummary'
        $row.Users | Should -Be 1
        $row.Groups | Should -Be 1
        $row.GroupUsers | Should -Be 3
        $row.EffectiveUsers | Should -Be 4
        $row.App | Should -BeExactly 'permissions_tool'
        $row.CodeName | Should -BeExactly 'audit_permissions'
    }

    It 'has the SPEC''s properties' {
        $row = Get-PermissionAudit -Store $aa | Select-Object -First 1

        foreach ($p in 'Permission', 'App', 'Model', 'CodeName', 'Description', 'Users', 'Groups', 'GroupUsers', 'EffectiveUsers') {
            $row.PSObject.Properties.Name | Should -Contain $p
        }
    }

    It 'leaves out what nobody holds unless -All' {
        @(Get-PermissionAudit -Store $aa).Permission | Should -BeExactly 'permissions_tool.audit_permissions'
        @(Get-PermissionAudit -Store $aa -All).Count | Should -Be 13
    }

    It 'filters by -App with wildcards' {
        @(Get-PermissionAudit -Store $aa -All -App aut*).Count | Should -Be 12
        Get-PermissionAudit -Store $aa -All -App nothing | Should -BeNullOrEmpty
    }

    It 'counts an active superuser everywhere and an inactive user nowhere in EffectiveUsers' {
        $rows = Get-PermissionAudit -Store $s -All

        @($rows).Count | Should -Be 4
        ($rows | Where-Object Permission -EQ WIKI_ADMIN).EffectiveUsers | Should -Be 1 -Because 'alice is a superuser; mallory is inactive'
        ($rows | Where-Object Permission -EQ WIKI_ADMIN).Users | Should -Be 1 -Because 'the grant to mallory is still there'
        ($rows | Where-Object Permission -EQ TICKET_VIEW).EffectiveUsers | Should -Be 2 -Because 'alice and bob'
        ($rows | Where-Object Permission -EQ WIKI_VIEW).EffectiveUsers | Should -Be 3
        ($rows | Where-Object Permission -EQ WIKI_VIEW).Anonymous | Should -BeTrue
    }
}

Describe 'Get-PermissionAudit -Name (who holds a permission, and why)' {
    It 'lists every holder once per route with Via and the whole Path' {
        $rows = Get-PermissionAudit -Store $s -Name TICKET_VIEW

        $rows | ForEach-Object { $_.PSTypeNames | Should -Contain 'PermShell.AuditEntry' }
        $rows | ForEach-Object { Format-Entry $_ } | Should -BeExactly @(
            'alice|Superuser||alice (superuser) : TICKET_VIEW'
            'bob|Implied|TICKET_ADMIN|bob > developer > staff : TICKET_ADMIN => TICKET_VIEW'
        )
    }

    It 'gives Alliance Auth''s audit: the direct user and the three group members, not the others' {
        $rows = Get-PermissionAudit -Store $aa -Name permissions_tool.audit_permissions

        $rows.User | Should -BeExactly 'auth_member', 'none_user', 'none_user2', 'none_user3'
        @($rows.Route | ForEach-Object { "$_" }) | Should -BeExactly 'Direct', 'Group', 'Group', 'Group'
        $rows[1].Via | Should -BeExactly 'Test group'
    }

    It 'takes the permission by position' {
        @(Get-PermissionAudit -Store $s TICKET_VIEW).Count | Should -Be 2
    }

    It 'gives audit rows for every permission a wildcard matches, permission by permission' {
        $rows = Get-PermissionAudit -Store $s -Name TICKET_*

        $rows | ForEach-Object { $_.PSTypeNames | Should -Contain 'PermShell.AuditEntry' }
        @($rows.Permission | Select-Object -Unique) | Should -BeExactly 'TICKET_ADMIN', 'TICKET_VIEW'
    }

    It 'audits each named permission once, in name order, whatever the order and repetition of -Name' {
        $rows = Get-PermissionAudit -Store $s -Name WIKI_VIEW, TICKET_VIEW, WIKI_VIEW

        @($rows.Permission | Select-Object -Unique) | Should -BeExactly 'TICKET_VIEW', 'WIKI_VIEW'
        @($rows).Count | Should -Be (@(Get-PermissionAudit -Store $s -Name TICKET_VIEW).Count + @(Get-PermissionAudit -Store $s -Name WIKI_VIEW).Count)
        @(Get-PermissionAudit -Store $s -Name TICKET_VIEW -App nothing_like_it).Count | Should -Be 0
    }

    It 'gives overview rows for the named permissions with -Summary; a plain name even when nobody holds it' {
        $t = Copy-TestStore -From $s
        $null = New-PermissionDefinition -Store $t -Name TICKET_DELETE_ALL
        Revoke-Permission -Store $t -Subject staff -Name TICKET_ADMIN
        Set-PermUser -Store $t -Name alice -IsSuperuser $false

        @(Get-PermissionAudit -Store $t -Name TICKET_* -Summary).Count | Should -Be 0
        @(Get-PermissionAudit -Store $t -Name TICKET_* -Summary -All).Count | Should -Be 3
        $one = Get-PermissionAudit -Store $t -Name TICKET_VIEW -Summary
        $one.PSTypeNames | Should -Contain 'PermShell.PermissionSummary'
        $one.EffectiveUsers | Should -Be 0
    }

    It 'reports an unknown permission as PermShell.Permission.NotFound with the closest name' {
        $rows = Get-PermissionAudit -Store $s -Name TICKET_VEIW, TICKET_VIEW -ErrorVariable err -ErrorAction SilentlyContinue

        @($rows).Count | Should -Be 2
        Assert-PermError $err[0] 'PermShell.Permission.NotFound' -Category ObjectNotFound -Target TICKET_VEIW
        "$($err[0])" | Should -Match 'Did you mean TICKET_VIEW'
    }

    It 'streams: the first row arrives without the rest being computed first' {
        $first = Get-PermissionAudit -Store $s -Name WIKI_VIEW | Select-Object -First 1

        $first.User | Should -BeExactly 'alice'
    }
}

Describe 'Get-PermissionAudit -Subject (everything a user holds, and why)' {
    It 'lists every route of every permission, by permission' {
        $rows = Get-PermissionAudit -Store $s -Subject bob

        $rows | ForEach-Object { Format-Entry $_ } | Should -BeExactly @(
            'bob|Group|staff|bob > developer > staff : TICKET_ADMIN'
            'bob|Implied|TICKET_ADMIN|bob > developer > staff : TICKET_ADMIN => TICKET_VIEW'
            'bob|Anonymous|anonymous|bob > anonymous : WIKI_VIEW'
        )
    }

    It 'filters by -Name and takes users from the pipeline by property name' {
        $rows = Get-PermUser -Store $s | Get-PermissionAudit -Store $s -Name TICKET_* -WarningAction SilentlyContinue

        @($rows.User | Select-Object -Unique) | Should -BeExactly 'alice', 'bob'
        $rows.Permission | ForEach-Object { $_ | Should -BeLike 'TICKET_*' }
    }

    It 'accepts wildcards' {
        @(Get-PermissionAudit -Store $s -Subject b*).User | Select-Object -Unique | Should -BeExactly 'bob'
    }

    It 'warns that an inactive user holds nothing' {
        $rows = Get-PermissionAudit -Store $s -Subject mallory -WarningVariable w -WarningAction SilentlyContinue

        $rows | Should -BeNullOrEmpty
        "$w" | Should -Match 'mallory is inactive'
    }

    It 'reports a group or an unknown name as PermShell.User.NotFound' {
        $null = Get-PermissionAudit -Store $s -Subject developer, nobody -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.User.NotFound' -Category ObjectNotFound -Target developer
        "$($err[0])" | Should -Match 'is a group'
        Assert-PermError $err[1] 'PermShell.User.NotFound' -Category ObjectNotFound -Target nobody
    }
}

Describe 'Get-PermissionAudit output' {
    It 'shows the overview as Permission, Users, Groups, GroupUsers, EffectiveUsers' {
        $table = Get-PermissionAudit -Store $aa | Out-String -Width 200

        $table | Should -Match 'Permission\s+Users\s+Groups\s+GroupUsers\s+EffectiveUsers'
        $table | Should -Match 'permissions_tool.audit_permissions\s+1\s+1\s+3\s+4'
    }

    It 'shows audit rows as User, Route, Via, Path' {
        $table = Get-PermissionAudit -Store $s -Name TICKET_VIEW | Out-String -Width 200

        $table | Should -Match 'User\s+Route\s+Via\s+Path'
        $table | Should -Match 'bob\s+Implied\s+TICKET_ADMIN\s+bob > developer > staff : TICKET_ADMIN => TICKET_VIEW'
    }
}
