# Get-Permission: the grants as stored (Trac's `permission list`) and, with -Effective, what a subject holds
# with every route (SPEC §1 "Effective permissions", §2 output types).
# Tests tagged Engine need the real resolution engine.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule

    # Catalog: WIKI_VIEW, WIKI_ADMIN (WIKI_*), TICKET_VIEW, TICKET_ADMIN (TICKET_*).
    # bob in developer, developer in staff; bob has WIKI_VIEW, staff has TICKET_ADMIN, anonymous has WIKI_VIEW.
    # alice is an active superuser, mallory is inactive with a direct grant.
    $script:s = New-SampleStore
    'bob', 'alice', 'mallory' | New-PermUser -Store $s | Out-Null
    Set-PermUser -Store $s -Name alice -IsSuperuser $true
    Set-PermUser -Store $s -Name mallory -IsActive $false
    'developer', 'staff' | New-PermGroup -Store $s | Out-Null
    Add-PermGroupMember -Store $s -Group developer -Member bob
    Add-PermGroupMember -Store $s -Group staff -Member developer
    Grant-Permission -Store $s -Subject bob -Name WIKI_VIEW
    Grant-Permission -Store $s -Subject staff -Name TICKET_ADMIN
    Grant-Permission -Store $s -Subject anonymous -Name WIKI_VIEW
    Grant-Permission -Store $s -Subject mallory -Name WIKI_ADMIN

    function Format-Route($Route) { "$($Route.Kind)|$($Route.Via)|$($Route.Path)" }
}

AfterAll {
    Remove-TestRoot
}

Describe 'Get-Permission (stored grants)' {
    It 'lists every grant as a PermShell.Grant, sorted by subject then permission' {
        $grants = Get-Permission -Store $s

        $grants | ForEach-Object { $_.PSTypeNames | Should -Contain 'PermShell.Grant' }
        foreach ($p in 'Subject', 'SubjectKind', 'Permission') { $grants[0].PSObject.Properties.Name | Should -Contain $p }
        ($grants | ForEach-Object { "$($_.Subject)|$($_.SubjectKind)|$($_.Permission)" }) | Should -BeExactly @(
            'anonymous|Virtual|WIKI_VIEW', 'bob|User|WIKI_VIEW', 'mallory|User|WIKI_ADMIN', 'staff|Group|TICKET_ADMIN')
    }

    It 'lists grants only, not memberships and not what is implied' {
        (Get-Permission -Store $s -Subject bob).Permission | Should -BeExactly 'WIKI_VIEW'
        Get-Permission -Store $s -Subject developer | Should -BeNullOrEmpty
    }

    It 'filters by subject and by name, with wildcards' {
        (Get-Permission -Store $s -Subject 'm*', staff).Subject | Should -BeExactly 'mallory', 'staff'
        (Get-Permission -Store $s -Name 'WIKI_*').Subject | Should -BeExactly 'anonymous', 'bob', 'mallory'
        (Get-Permission -Store $s -Subject '*' -Name TICKET_ADMIN).Subject | Should -BeExactly 'staff'
        (Get-Permission -Store $s bob WIKI_VIEW).Subject | Should -BeExactly 'bob' -Because 'subject and name are positional'
    }

    It 'reports an absent plain subject as a non-terminating PermShell.Subject.NotFound and still lists the others' {
        $grants = Get-Permission -Store $s -Subject bob, bobby -ErrorVariable err -ErrorAction SilentlyContinue

        $grants.Subject | Should -BeExactly 'bob'
        $err.Count | Should -Be 1
        Assert-PermError $err[0] 'PermShell.Subject.NotFound' -Category ObjectNotFound -Target bobby
    }

    It 'returns nothing and no error for a subject that exists but has no grants, or a wildcard that matches nothing' {
        Get-Permission -Store $s -Subject authenticated -ErrorVariable err1 | Should -BeNullOrEmpty
        Get-Permission -Store $s -Subject 'nobody*' -ErrorVariable err2 | Should -BeNullOrEmpty
        Get-Permission -Store $s -Name 'NOPE_*' -ErrorVariable err3 | Should -BeNullOrEmpty
        @($err1) + @($err2) + @($err3) | Should -BeNullOrEmpty
    }
}

Describe 'Get-Permission -IncludeMembership' {
    It 'adds each direct membership as a row whose Permission is the group, as trac-admin permission list does' {
        Get-Permission -Store $s -IncludeMembership | ForEach-Object { "$($_.Subject)|$($_.SubjectKind)|$($_.Permission)" } | Should -Be @(
            'anonymous|Virtual|WIKI_VIEW'
            'bob|User|WIKI_VIEW'
            'bob|User|developer'
            'developer|Group|staff'
            'mallory|User|WIKI_ADMIN'
            'staff|Group|TICKET_ADMIN')
    }

    It 'filters the membership rows by -Subject and -Name too' {
        (Get-Permission -Store $s -Subject bob -IncludeMembership).Permission | Should -Be 'WIKI_VIEW', 'developer'
        (Get-Permission -Store $s -Name staff -IncludeMembership).Subject | Should -Be 'developer'
        (Get-Permission -Store $s -Subject bob).Permission | Should -Be 'WIKI_VIEW' -Because 'without the switch only grants are listed'
    }
}

Describe 'Get-Permission -Effective' {
    It 'without -Subject covers every subject' {
        $all = Get-Permission -Store $s -Effective
        $all.Subject | Select-Object -Unique | Should -Contain 'bob'
        $all.Subject | Select-Object -Unique | Should -Contain 'anonymous'
    }

    It 'takes subjects from users and groups in the pipeline, never their Name as the permission filter' {
        (Get-PermGroup -Store $s -Name developer | Get-Permission -Store $s -Effective).Permission | Should -BeExactly 'TICKET_ADMIN', 'TICKET_VIEW'
        (Get-PermUser -Store $s -Name bob | Get-Permission -Store $s).Subject | Select-Object -Unique | Should -BeExactly 'bob'
    }

    It 'reports an absent subject as a non-terminating PermShell.Subject.NotFound' {
        $out = Get-Permission -Store $s -Subject robert -Effective -ErrorVariable err -ErrorAction SilentlyContinue

        $out | Should -BeNullOrEmpty
        Assert-PermError $err[0] 'PermShell.Subject.NotFound' -Category ObjectNotFound -Target robert
    }

    It 'gives an inactive user nothing' {
        Get-Permission -Store $s -Subject mallory -Effective | Should -BeNullOrEmpty
    }

    It 'lists every permission the user holds as PermShell.EffectivePermission, each with its PermShell.Route objects' -Tag Engine {
        $effective = Get-Permission -Store $s -Subject bob -Effective

        $effective.Permission | Should -BeExactly 'TICKET_ADMIN', 'TICKET_VIEW', 'WIKI_VIEW'
        foreach ($e in $effective) {
            $e.PSTypeNames | Should -Contain 'PermShell.EffectivePermission'
            foreach ($p in 'Subject', 'Permission', 'Routes') { $e.PSObject.Properties.Name | Should -Contain $p }
            $e.Subject | Should -BeExactly 'bob'
            @($e.Routes).Count | Should -BeGreaterThan 0
            foreach ($r in $e.Routes) {
                $r.PSTypeNames | Should -Contain 'PermShell.Route'
                foreach ($p in 'Subject', 'Permission', 'Kind', 'Via', 'Path') { $r.PSObject.Properties.Name | Should -Contain $p }
                $r.Subject | Should -BeExactly 'bob'
                $r.Permission | Should -BeExactly $e.Permission
            }
        }
    }

    It 'gives each permission all its routes' -Tag Engine {
        $effective = Get-Permission -Store $s -Subject bob -Effective

        $admin = $effective | Where-Object Permission -CEQ 'TICKET_ADMIN'
        @($admin.Routes | ForEach-Object { Format-Route $_ }) | Should -BeExactly 'Group|staff|bob > developer > staff : TICKET_ADMIN'

        $view = $effective | Where-Object Permission -CEQ 'TICKET_VIEW'
        @($view.Routes | ForEach-Object { Format-Route $_ }) | Should -BeExactly 'Implied|TICKET_ADMIN|bob > developer > staff : TICKET_ADMIN => TICKET_VIEW'

        $wiki = $effective | Where-Object Permission -CEQ 'WIKI_VIEW'
        @($wiki.Routes.Kind | ForEach-Object { "$_" } | Sort-Object) | Should -BeExactly 'Anonymous', 'Direct'
        ($wiki.Routes | Where-Object { "$($_.Kind)" -eq 'Direct' }).Path | Should -Match '^bob\b.*WIKI_VIEW$'
    }

    It 'filters the effective permissions by -Name' -Tag Engine {
        (Get-Permission -Store $s -Subject bob -Effective -Name 'TICKET_*').Permission | Should -BeExactly 'TICKET_ADMIN', 'TICKET_VIEW'
    }

    It 'gives an active superuser every permission of the catalog' -Tag Engine {
        $effective = Get-Permission -Store $s -Subject alice -Effective

        $effective.Permission | Should -BeExactly 'TICKET_ADMIN', 'TICKET_VIEW', 'WIKI_ADMIN', 'WIKI_VIEW'
        foreach ($e in $effective) { @($e.Routes.Kind | ForEach-Object { "$_" }) | Should -Contain 'Superuser' }
    }

    It 'resolves a group as a subject' -Tag Engine {
        (Get-Permission -Store $s -Subject developer -Effective).Permission | Should -BeExactly 'TICKET_ADMIN', 'TICKET_VIEW'
    }

    It 'gives the subject anonymous only what is granted to anonymous' -Tag Engine {
        (Get-Permission -Store $s -Subject anonymous -Effective).Permission | Should -BeExactly 'WIKI_VIEW'
    }

    It 'expands a subject wildcard' -Tag Engine {
        $effective = Get-Permission -Store $s -Subject 'b*' -Effective

        $effective.Subject | Select-Object -Unique | Should -BeExactly 'bob'
        @($effective).Count | Should -Be 3
    }
}
