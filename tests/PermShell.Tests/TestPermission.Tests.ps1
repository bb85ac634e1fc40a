# Test-Permission and Test-Permission -Explain (SPEC §1 "Effective permissions": the five routes).
# Tests tagged Engine need the real resolution engine (against the stub every check is $false, every route list empty).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule

    # Catalog: WIKI_VIEW, WIKI_ADMIN (WIKI_*), TICKET_VIEW, TICKET_ADMIN (TICKET_*), plus REPORT_VIEW and TIMELINE_VIEW.
    # bob in developer, developer in staff; staff has TICKET_ADMIN; bob has WIKI_VIEW directly;
    # anonymous has TIMELINE_VIEW; authenticated has REPORT_VIEW; alice is a superuser; mallory is inactive.
    $script:s = New-SampleStore
    $null = New-PermissionDefinition -Store $s -Name REPORT_VIEW
    $null = New-PermissionDefinition -Store $s -Name TIMELINE_VIEW
    $null = New-PermUser -Store $s -Name bob
    $null = New-PermUser -Store $s -Name carol
    $null = New-PermUser -Store $s -Name alice -IsSuperuser $true
    $null = New-PermUser -Store $s -Name mallory -IsActive $false -IsSuperuser $true
    'developer', 'staff' | New-PermGroup -Store $s | Out-Null
    Add-PermGroupMember -Store $s -Group developer -Member bob
    Add-PermGroupMember -Store $s -Group staff -Member developer
    Grant-Permission -Store $s -Subject staff -Name TICKET_ADMIN
    Grant-Permission -Store $s -Subject bob, mallory -Name WIKI_VIEW
    Grant-Permission -Store $s -Subject anonymous -Name TIMELINE_VIEW
    Grant-Permission -Store $s -Subject authenticated -Name REPORT_VIEW

    function Format-Route($Route) { "$($Route.Kind)|$($Route.Via)|$($Route.Path)" }
}

AfterAll {
    Remove-TestRoot
}

Describe 'Test-Permission' {
    It 'returns exactly one [bool]' {
        $r = Test-Permission -Store $s -Subject carol -Name WIKI_ADMIN

        @($r).Count | Should -Be 1
        $r | Should -BeOfType [bool]
        $r | Should -BeFalse
    }

    It 'is $true through route <Route>' -Tag Engine -TestCases @(
        @{ Route = 'Direct'; Subject = 'bob'; Name = 'WIKI_VIEW' }
        @{ Route = 'Group (nested)'; Subject = 'bob'; Name = 'TICKET_ADMIN' }
        @{ Route = 'Implied'; Subject = 'bob'; Name = 'TICKET_VIEW' }
        @{ Route = 'Anonymous'; Subject = 'carol'; Name = 'TIMELINE_VIEW' }
        @{ Route = 'Authenticated'; Subject = 'carol'; Name = 'REPORT_VIEW' }
        @{ Route = 'Superuser'; Subject = 'alice'; Name = 'WIKI_ADMIN' }
        @{ Route = 'Group as subject'; Subject = 'developer'; Name = 'TICKET_VIEW' }
        @{ Route = 'authenticated receives anonymous'; Subject = 'authenticated'; Name = 'TIMELINE_VIEW' }
    ) {
        Test-Permission -Store $s -Subject $Subject -Name $Name | Should -BeTrue
    }

    It 'is $false for <Label>' -TestCases @(
        @{ Label = 'a permission nobody gave'; Subject = 'carol'; Name = 'WIKI_ADMIN' }
        @{ Label = 'an implication in the wrong direction'; Subject = 'bob'; Name = 'WIKI_ADMIN' }
        @{ Label = 'an inactive user with a direct grant'; Subject = 'mallory'; Name = 'WIKI_VIEW' }
        @{ Label = 'an inactive superuser'; Subject = 'mallory'; Name = 'TICKET_ADMIN' }
        @{ Label = 'anonymous and an authenticated grant'; Subject = 'anonymous'; Name = 'REPORT_VIEW' }
        @{ Label = 'a group and what its members hold directly'; Subject = 'developer'; Name = 'WIKI_VIEW' }
    ) {
        Test-Permission -Store $s -Subject $Subject -Name $Name | Should -BeFalse
    }

    It 'is case-sensitive for permissions: wiki_view is no permission (PermShell.Permission.NotFound)' {
        $out = Test-Permission -Store $s -Subject bob -Name wiki_view -ErrorVariable err -ErrorAction SilentlyContinue

        $out | Should -BeNullOrEmpty
        Assert-PermError $err[0] 'PermShell.Permission.NotFound' -Category ObjectNotFound -Target wiki_view
    }

    It 'reports an unknown subject as a non-terminating PermShell.Subject.NotFound' {
        $out = Test-Permission -Store $s -Subject Bob -Name WIKI_VIEW -ErrorVariable err -ErrorAction SilentlyContinue

        $out | Should -BeNullOrEmpty
        Assert-PermError $err[0] 'PermShell.Subject.NotFound' -Category ObjectNotFound -Target Bob
    }

    It 'answers for each user from the pipeline (by property name), saying which check each answer is' -Tag Engine {
        $answers = Get-PermUser -Store $s | Test-Permission -Store $s -Name WIKI_VIEW

        $answers | ForEach-Object { $_.PSTypeNames[0] } | Should -Be (@('PermShell.PermissionCheck') * 4)
        # alice (superuser), bob (direct), carol (nothing), mallory (inactive).
        $answers | ForEach-Object { "$($_.Subject) $($_.Permission) $($_.Allowed)" } |
            Should -Be 'alice WIKI_VIEW True', 'bob WIKI_VIEW True', 'carol WIKI_VIEW False', 'mallory WIKI_VIEW False'
        $answers[3].Reason | Should -BeExactly 'mallory is inactive, and an inactive user holds nothing.'
    }
}

Describe 'Test-Permission -Explain' {
    It 'returns the route of a nested group grant implying the permission: Kind, Via and Path' -Tag Engine {
        $routes = Test-Permission -Store $s -Subject bob -Name TICKET_VIEW -Explain

        @($routes).Count | Should -Be 1
        $routes.PSTypeNames | Should -Contain 'PermShell.Route'
        foreach ($p in 'Subject', 'Permission', 'Kind', 'Via', 'Path') { $routes.PSObject.Properties.Name | Should -Contain $p }
        $routes.Subject | Should -BeExactly 'bob'
        $routes.Permission | Should -BeExactly 'TICKET_VIEW'
        Format-Route $routes | Should -BeExactly 'Implied|TICKET_ADMIN|bob > developer > staff : TICKET_ADMIN => TICKET_VIEW'
    }

    It 'names the group holding the grant as Via of a Group route' -Tag Engine {
        $route = Test-Permission -Store $s -Subject bob -Name TICKET_ADMIN -Explain

        Format-Route $route | Should -BeExactly 'Group|staff|bob > developer > staff : TICKET_ADMIN'
    }

    It 'returns a Direct route for a direct grant' -Tag Engine {
        $route = Test-Permission -Store $s -Subject bob -Name WIKI_VIEW -Explain

        "$($route.Kind)" | Should -BeExactly 'Direct'
        $route.Path | Should -Match '^bob\b.*: WIKI_VIEW$'
    }

    It 'returns <Kind> routes for the virtual subjects' -Tag Engine -TestCases @(
        @{ Kind = 'Anonymous'; Name = 'TIMELINE_VIEW' }
        @{ Kind = 'Authenticated'; Name = 'REPORT_VIEW' }
    ) {
        $route = Test-Permission -Store $s -Subject carol -Name $Name -Explain

        @($route).Count | Should -Be 1
        "$($route.Kind)" | Should -BeExactly $Kind
        $route.Path | Should -Match "^carol\b.*$($Kind.ToLowerInvariant()).*: $Name$"
    }

    It 'returns a Superuser route for a superuser' -Tag Engine {
        $route = Test-Permission -Store $s -Subject alice -Name TICKET_VIEW -Explain

        @($route.Kind | ForEach-Object { "$_" }) | Should -Contain 'Superuser'
    }

    It 'returns every route when several give the permission' -Tag Engine {
        $t = New-SampleStore
        $null = New-PermUser -Store $t -Name bob
        $null = New-PermGroup -Store $t -Name developer
        Grant-Permission -Store $t -Subject bob -Name developer, WIKI_VIEW, WIKI_ADMIN
        Grant-Permission -Store $t -Subject developer, anonymous -Name WIKI_VIEW

        $routes = Test-Permission -Store $t -Subject bob -Name WIKI_VIEW -Explain

        @($routes.Kind | ForEach-Object { "$_" } | Sort-Object) | Should -BeExactly 'Anonymous', 'Direct', 'Group', 'Implied'
        ($routes | Where-Object { "$($_.Kind)" -eq 'Implied' }).Via | Should -BeExactly 'WIKI_ADMIN'
        ($routes | Where-Object { "$($_.Kind)" -eq 'Group' }).Via | Should -BeExactly 'developer'
    }

    It 'returns nothing and warns why when no route gives the permission' {
        $routes = Test-Permission -Store $s -Subject carol -Name WIKI_ADMIN -Explain -WarningVariable w -WarningAction SilentlyContinue

        $routes | Should -BeNullOrEmpty
        "$w" | Should -Match 'carol does not hold WIKI_ADMIN'
    }

    It 'says that an inactive user holds nothing' {
        $routes = Test-Permission -Store $s -Subject mallory -Name WIKI_VIEW -Explain -WarningVariable w -WarningAction SilentlyContinue

        $routes | Should -BeNullOrEmpty
        "$w" | Should -Match 'inactive'
    }

    It 'warns, for <Label>, exactly: <Warning>' -Tag Engine -TestCases @(
        @{ Label = 'a user with no route'; Subject = 'carol'; Name = 'WIKI_ADMIN'
           Warning = 'carol does not hold WIKI_ADMIN: no grant to carol, its groups, anonymous or authenticated gives or implies it.' }
        @{ Label = 'an inactive user'; Subject = 'mallory'; Name = 'WIKI_VIEW'
           Warning = 'mallory does not hold WIKI_VIEW: mallory is inactive, and an inactive user holds nothing.' }
        @{ Label = 'a group, which receives nothing from anonymous or authenticated'; Subject = 'developer'; Name = 'REPORT_VIEW'
           Warning = 'developer does not hold REPORT_VIEW: no grant to developer or its groups gives or implies it.' }
        @{ Label = 'anonymous'; Subject = 'anonymous'; Name = 'REPORT_VIEW'
           Warning = 'anonymous does not hold REPORT_VIEW: no grant to anonymous or its groups gives or implies it.' }
        @{ Label = 'authenticated'; Subject = 'authenticated'; Name = 'WIKI_VIEW'
           Warning = 'authenticated does not hold WIKI_VIEW: no grant to authenticated, its groups or anonymous gives or implies it.' }
    ) {
        $routes = Test-Permission -Store $s -Subject $Subject -Name $Name -Explain -WarningVariable w -WarningAction SilentlyContinue

        $routes | Should -BeNullOrEmpty
        @($w).Count | Should -Be 1
        "$w" | Should -BeExactly $Warning
    }

    It 'writes no warning when a route gives the permission' -Tag Engine {
        $null = Test-Permission -Store $s -Subject bob -Name TICKET_VIEW -Explain -WarningVariable w -WarningAction SilentlyContinue

        $w | Should -BeNullOrEmpty
    }
}

Describe 'Test-Permission with a name that does not exist' {
    It 'writes <Id> with the closest names, and neither a Boolean, a route nor a warning (-Explain: <Explain>)' -TestCases @(
        @{ Id = 'PermShell.Subject.NotFound'; Subject = 'Bob'; Name = 'WIKI_VIEW'; Target = 'Bob'
           Message = "There is no user or group named 'Bob'. Did you mean bob?"; Explain = $false }
        @{ Id = 'PermShell.Subject.NotFound'; Subject = 'Bob'; Name = 'WIKI_VIEW'; Target = 'Bob'
           Message = "There is no user or group named 'Bob'. Did you mean bob?"; Explain = $true }
        @{ Id = 'PermShell.Permission.NotFound'; Subject = 'bob'; Name = 'wiki_view'; Target = 'wiki_view'
           Message = "There is no permission named 'wiki_view'. Did you mean WIKI_VIEW?"; Explain = $false }
        @{ Id = 'PermShell.Permission.NotFound'; Subject = 'mallory'; Name = 'wiki_view'; Target = 'wiki_view'
           Message = "There is no permission named 'wiki_view'. Did you mean WIKI_VIEW?"; Explain = $true }
    ) {
        $out = Test-Permission -Store $s -Subject $Subject -Name $Name -Explain:$Explain `
            -ErrorVariable err -ErrorAction SilentlyContinue -WarningVariable w -WarningAction SilentlyContinue

        $out | Should -BeNullOrEmpty
        $w | Should -BeNullOrEmpty
        @($err).Count | Should -Be 1
        Assert-PermError $err[0] $Id -Category ObjectNotFound -Target $Target
        $err[0].Exception.Message | Should -BeExactly $Message
    }

    It 'reports both names when neither exists, the subject first' {
        $out = Test-Permission -Store $s -Subject Bob -Name wiki_view -ErrorVariable err -ErrorAction SilentlyContinue

        $out | Should -BeNullOrEmpty
        @($err).Count | Should -Be 2
        Assert-PermError $err[0] 'PermShell.Subject.NotFound' -Category ObjectNotFound -Target Bob
        Assert-PermError $err[1] 'PermShell.Permission.NotFound' -Category ObjectNotFound -Target wiki_view
    }

    It 'goes on with the next pipeline record after an unknown subject' -Tag Engine {
        $answers = [pscustomobject]@{ Subject = 'ghost' }, [pscustomobject]@{ Subject = 'bob' } |
            Test-Permission -Store $s -Name WIKI_VIEW -ErrorVariable err -ErrorAction SilentlyContinue

        "$($answers.Subject) $($answers.Allowed)" | Should -Be 'bob True'
        Assert-PermError $err[0] 'PermShell.Subject.NotFound' -Target ghost
    }
}

Describe 'Test-Permission with several subjects and permissions' {
    It 'answers every subject x permission, subject by subject, each saying which check it is' -Tag Engine {
        $answers = Test-Permission -Store $s -Subject bob, carol -Name WIKI_VIEW, TICKET_VIEW, REPORT_VIEW

        $answers | ForEach-Object { "$($_.Subject) $($_.Permission) $($_.Allowed)" } | Should -Be @(
            'bob WIKI_VIEW True', 'bob TICKET_VIEW True', 'bob REPORT_VIEW True'
            'carol WIKI_VIEW False', 'carol TICKET_VIEW False', 'carol REPORT_VIEW True')
    }

    It 'gives each allowed answer its routes and each denied one its reason' -Tag Engine {
        $bob, $carol = Test-Permission -Store $s -Subject bob, carol -Name TICKET_VIEW

        $bob.Routes.Path | Should -Be 'bob > developer > staff : TICKET_ADMIN => TICKET_VIEW'
        $bob.Reason | Should -BeExactly ''
        $carol.Routes | Should -BeNullOrEmpty
        $carol.Reason | Should -BeLike 'no grant to carol*'
    }

    It 'still answers one subject and one permission with one [bool]' {
        $answer = Test-Permission -Store $s -Subject bob -Name WIKI_VIEW
        $answer | Should -BeOfType [bool]
        $answer | Should -BeTrue
    }

    It 'reports each unknown name once and answers for the others' {
        $answers = Test-Permission -Store $s -Subject bob, ghost, carol -Name WIKI_VEIW, REPORT_VIEW -ErrorVariable err -ErrorAction SilentlyContinue

        $err.Count | Should -Be 2
        Assert-PermError $err[0] 'PermShell.Subject.NotFound' -Target ghost
        Assert-PermError $err[1] 'PermShell.Permission.NotFound' -Target WIKI_VEIW
        $answers | ForEach-Object { "$($_.Subject) $($_.Permission) $($_.Allowed)" } | Should -Be 'bob REPORT_VIEW True', 'carol REPORT_VIEW True'
    }

    It 'with -Explain, returns the routes of every allowed pair and warns for each denied one' -Tag Engine {
        $routes = Test-Permission -Store $s -Subject bob, carol -Name TICKET_VIEW, REPORT_VIEW -Explain -WarningVariable warned 3>$null

        $routes | ForEach-Object { "$($_.Subject) $($_.Permission) $($_.Kind)" } | Should -Be @(
            'bob TICKET_VIEW Implied', 'bob REPORT_VIEW Authenticated', 'carol REPORT_VIEW Authenticated')
        @($warned).Count | Should -Be 1
        "$($warned[0])" | Should -BeLike 'carol does not hold TICKET_VIEW:*'
    }

    It 'shows a table of Subject, Permission, Allowed and why' -Tag Engine {
        $text = Test-Permission -Store $s -Subject bob, mallory -Name WIKI_VIEW | Out-String -Width 200

        $text | Should -Match 'Subject\s+Permission\s+Allowed\s+Why'
        $text | Should -Match 'bob\s+WIKI_VIEW\s+True\s+Direct'
        $text | Should -Match 'mallory\s+WIKI_VIEW\s+False\s+mallory is inactive'
    }
}

# A new process answers its first checks before it has read the whole store (issue 11: only the catalog, the subjects
# asked about and their groups are read). Those answers must be the ones a process that read everything gives.
Describe 'The first answers of a new process' -Tag Engine {
    BeforeAll {
        $script:fresh = Copy-TestStore -From $s
        # This process reads the whole store; the child reads it first, through the partial path.
        $script:probe = {
            param($Store)
            $subjects = 'bob', 'carol', 'alice', 'mallory', 'anonymous', 'authenticated', 'developer', 'staff'
            $permissions = 'WIKI_VIEW', 'WIKI_ADMIN', 'TICKET_VIEW', 'TICKET_ADMIN', 'REPORT_VIEW', 'TIMELINE_VIEW'
            $lines = [Collections.Generic.List[string]]::new()
            foreach ($c in Test-Permission -Store $Store -Subject $subjects -Name $permissions) {
                $lines.Add("$($c.Subject) $($c.Permission) $($c.Allowed) [$(@($c.Routes | ForEach-Object Path) -join '; ')] $($c.Why)")
            }
            $lines.Add("single $(Test-Permission -Store $Store -Subject bob -Name TICKET_VIEW)")
            foreach ($r in Test-Permission -Store $Store -Subject bob -Name TICKET_VIEW -Explain) { $lines.Add("explain $($r.Kind) $($r.Path)") }
            foreach ($e in Get-Permission -Store $Store -Effective -Subject developer) { $lines.Add("effective $($e.Permission) $(@($e.Routes | ForEach-Object Path) -join '; ')") }
            foreach ($call in @{ Subject = 'bobb'; Name = 'WIKI_VIEW' }, @{ Subject = 'bob'; Name = 'WIKI_VIEWW' }) {
                $null = Test-Permission -Store $Store @call -ErrorVariable problems -ErrorAction SilentlyContinue
                foreach ($p in $problems) { $lines.Add("error $(($p.FullyQualifiedErrorId -split ',')[0]) $($p.TargetObject) $($p.Exception.Message)") }
            }
            $lines
        }
        $script:expected = @(& $probe $fresh)
        $script:answers = @(Invoke-ChildPwsh "& { $probe } '$($fresh -replace "'", "''")'")
    }

    It 'decides as a process that read the whole store: groups, nesting, anonymous, authenticated, superuser, inactive user' {
        $answers | Should -Be $expected
        $answers | Should -Contain 'bob TICKET_VIEW True [bob > developer > staff : TICKET_ADMIN => TICKET_VIEW] '
        $answers | Should -Contain 'bob TIMELINE_VIEW True [bob > anonymous : TIMELINE_VIEW] '
        $answers | Should -Contain 'single True'
    }

    It 'reports unknown names with the closest names, as a process that read the whole store' {
        @($answers -like 'error *').Count | Should -Be 2
        $answers -like 'error PermShell.Subject.NotFound bobb *' | Should -Match 'Did you mean bob\?'
    }
}
