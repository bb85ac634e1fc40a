# Grant-Permission and Revoke-Permission: Trac's `permission add` / `permission remove` (SPEC §1 "Grants").
# Tests tagged Engine need the real resolution engine (the revoke warning that names the route).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule

    # The sample catalog (WIKI_VIEW, WIKI_ADMIN, TICKET_VIEW, TICKET_ADMIN), users bob and alice, groups developer and staff.
    function New-GrantStore {
        $s = New-SampleStore
        'bob', 'alice' | New-PermUser -Store $s | Out-Null
        'developer', 'staff' | New-PermGroup -Store $s | Out-Null
        $s
    }

    function Get-GrantList([string] $Store) {
        Get-Permission -Store $Store | ForEach-Object { "$($_.Subject):$($_.Permission)" }
    }
}

AfterAll {
    Remove-TestRoot
}

Describe 'Grant-Permission' {
    BeforeAll {
        $script:fixture = New-GrantStore
    }

    BeforeEach {
        $script:s = Copy-TestStore -From $fixture
    }

    It 'grants every name to every subject and writes nothing without -PassThru' {
        $out = Grant-Permission -Store $s -Subject bob, alice -Name WIKI_VIEW, TICKET_VIEW

        $out | Should -BeNullOrEmpty
        Get-GrantList $s | Should -BeExactly 'alice:TICKET_VIEW', 'alice:WIKI_VIEW', 'bob:TICKET_VIEW', 'bob:WIKI_VIEW'
    }

    It 'takes subject and name by position' {
        Grant-Permission -Store $s bob WIKI_VIEW

        Get-GrantList $s | Should -BeExactly 'bob:WIKI_VIEW'
    }

    It 'returns PermShell.Grant objects with -PassThru' {
        $grants = Grant-Permission -Store $s -Subject bob, developer, anonymous -Name WIKI_VIEW -PassThru

        $grants | ForEach-Object { $_.PSTypeNames | Should -Contain 'PermShell.Grant' }
        foreach ($p in 'Subject', 'SubjectKind', 'Permission') { $grants[0].PSObject.Properties.Name | Should -Contain $p }
        ($grants | Sort-Object Subject | ForEach-Object { "$($_.Subject)|$($_.SubjectKind)|$($_.Permission)" }) |
            Should -BeExactly 'anonymous|Virtual|WIKI_VIEW', 'bob|User|WIKI_VIEW', 'developer|Group|WIKI_VIEW'
    }

    It 'grants to the virtual subjects anonymous and authenticated' {
        Grant-Permission -Store $s -Subject anonymous -Name WIKI_VIEW
        Grant-Permission -Store $s -Subject authenticated -Name TICKET_VIEW

        (Get-Permission -Store $s | ForEach-Object { "$($_.Subject)|$($_.SubjectKind)|$($_.Permission)" }) |
            Should -BeExactly 'anonymous|Virtual|WIKI_VIEW', 'authenticated|Virtual|TICKET_VIEW'
    }

    It 'makes the subject a member when the name is a group (Trac compatibility)' {
        $out = Grant-Permission -Store $s -Subject bob -Name developer, WIKI_VIEW -PassThru

        # One table: the membership is a Grant row whose Permission is the group, as Get-Permission -IncludeMembership shows it.
        $out | ForEach-Object { $_.PSTypeNames | Should -Contain 'PermShell.Grant' }
        $out | ForEach-Object { "$($_.Subject)|$($_.SubjectKind)|$($_.Permission)" } | Should -BeExactly 'bob|User|WIKI_VIEW', 'bob|User|developer'
        Get-GrantList $s | Should -BeExactly 'bob:WIKI_VIEW' -Because 'a group name makes a membership, not a grant'
        (Get-PermGroup -Store $s -Name developer).MemberCount | Should -Be 1
    }

    It 'nests a group when the subject is a group and the name is a group' {
        Grant-Permission -Store $s -Subject developer -Name staff

        (Get-PermGroup -Store $s -Name staff).MemberCount | Should -Be 1
        (Get-PermissionStore -Store $s).Memberships | Should -Be 1
    }

    It 'grants nothing when one name is not a permission or group (PermShell.Grant.UnknownPermission)' {
        $before = Get-StoreContent -Store $s

        Grant-Permission -Store $s -Subject bob, alice -Name WIKI_VIEW, NOT_A_PERM, developer -ErrorVariable err -ErrorAction SilentlyContinue

        $err.Count | Should -Be 1
        Assert-PermError $err[0] 'PermShell.Grant.UnknownPermission' -Category ObjectNotFound -Target NOT_A_PERM
        $err[0].Exception.Message | Should -Match '^NOT_A_PERM is not a valid permission'
        Get-StoreContent -Store $s | Should -BeExactly $before
    }

    It 'suggests the closest catalog names for a mistyped permission' {
        Grant-Permission -Store $s -Subject bob -Name WIKI_VEIW -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.Grant.UnknownPermission' -Target WIKI_VEIW
        $err[0].Exception.Message | Should -Match 'did you mean .*WIKI_VIEW'
    }

    It 'is case-sensitive: wiki_view is not WIKI_VIEW' {
        Grant-Permission -Store $s -Subject bob -Name wiki_view -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.Grant.UnknownPermission' -Target wiki_view
        Get-Permission -Store $s | Should -BeNullOrEmpty
    }

    It 'reports every unknown name and subject of the call, and grants nothing' {
        Grant-Permission -Store $s -Subject bob, nobody -Name NOPE1, WIKI_VIEW, NOPE2 -ErrorVariable err -ErrorAction SilentlyContinue

        ($err | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] + ':' + $_.TargetObject }) |
            Should -BeExactly 'PermShell.Subject.NotFound:nobody', 'PermShell.Grant.UnknownPermission:NOPE1', 'PermShell.Grant.UnknownPermission:NOPE2'
        Get-Permission -Store $s | Should -BeNullOrEmpty
    }

    It 'grants nothing when one subject does not exist (PermShell.Subject.NotFound)' {
        Grant-Permission -Store $s -Subject alice, bobb -Name WIKI_VIEW -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.Subject.NotFound' -Category ObjectNotFound -Target bobb
        $err[0].Exception.Message | Should -Match 'Did you mean .*bob'
        Get-Permission -Store $s | Should -BeNullOrEmpty
    }

    It 'warns "bob already has WIKI_VIEW" for a duplicate and still grants the rest' {
        Grant-Permission -Store $s -Subject bob -Name WIKI_VIEW
        $revision = (Get-PermissionStore -Store $s).Revision

        Grant-Permission -Store $s -Subject bob -Name WIKI_VIEW, TICKET_VIEW -WarningVariable w -WarningAction SilentlyContinue -ErrorVariable err

        $err | Should -BeNullOrEmpty
        @($w).Count | Should -Be 1
        "$($w[0])" | Should -BeExactly 'bob already has WIKI_VIEW'
        Get-GrantList $s | Should -BeExactly 'bob:TICKET_VIEW', 'bob:WIKI_VIEW'
        (Get-PermissionStore -Store $s).Revision | Should -Be ($revision + 1)
    }

    It 'warns "bob is already in developer" for a duplicate membership and still grants the rest' {
        Add-PermGroupMember -Store $s -Group developer -Member bob

        Grant-Permission -Store $s -Subject bob -Name developer, WIKI_VIEW -WarningVariable w -WarningAction SilentlyContinue -ErrorVariable err

        $err | Should -BeNullOrEmpty
        "$w" | Should -BeExactly 'bob is already in developer'
        Get-GrantList $s | Should -BeExactly 'bob:WIKI_VIEW'
    }

    It 'writes nothing when everything is already granted' {
        Grant-Permission -Store $s -Subject bob -Name WIKI_VIEW
        $revision = (Get-PermissionStore -Store $s).Revision

        Grant-Permission -Store $s -Subject bob -Name WIKI_VIEW -WarningAction SilentlyContinue

        (Get-PermissionStore -Store $s).Revision | Should -Be $revision
    }

    It 'grants nothing when a group name would close a membership cycle (PermShell.Group.MembershipCycle)' {
        Add-PermGroupMember -Store $s -Group staff -Member developer
        $before = Get-StoreContent -Store $s

        Grant-Permission -Store $s -Subject staff -Name WIKI_VIEW, developer -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.Group.MembershipCycle' -Category InvalidOperation
        $err[0].Exception.Message | Should -Match 'developer > staff > developer|staff > developer > staff'
        Get-StoreContent -Store $s | Should -BeExactly $before
    }

    It '-WhatIf changes nothing' {
        $before = Get-StoreContent -Store $s

        $out = Grant-Permission -Store $s -Subject bob, alice, anonymous -Name WIKI_VIEW, developer -PassThru -WhatIf

        $out | Should -BeNullOrEmpty
        Get-StoreContent -Store $s | Should -BeExactly $before
    }
}

Describe 'Revoke-Permission' {
    BeforeAll {
        $script:fixture = New-GrantStore
        Grant-Permission -Store $fixture -Subject bob -Name WIKI_VIEW, TICKET_VIEW, developer
        Grant-Permission -Store $fixture -Subject alice -Name WIKI_VIEW, staff
        Grant-Permission -Store $fixture -Subject anonymous -Name WIKI_VIEW
    }

    BeforeEach {
        $script:s = Copy-TestStore -From $fixture
    }

    It 'revokes every name from every subject' {
        Revoke-Permission -Store $s -Subject bob, alice -Name WIKI_VIEW

        Get-GrantList $s | Should -BeExactly 'anonymous:WIKI_VIEW', 'bob:TICKET_VIEW'
    }

    It 'writes nothing without -PassThru; with it, each grant revoked and each membership removed' {
        Revoke-Permission -Store $s -Subject alice -Name WIKI_VIEW | Should -BeNullOrEmpty

        $out = Revoke-Permission -Store $s -Subject bob -Name WIKI_VIEW, developer, WIKI_ADMIN -PassThru -WarningAction SilentlyContinue

        $out.Count | Should -Be 2
        $out[0].PSTypeNames | Should -Contain 'PermShell.Grant'
        "$($out[0].Subject) $($out[0].SubjectKind) $($out[0].Permission)" | Should -BeExactly 'bob User WIKI_VIEW'
        $out[1].PSTypeNames | Should -Contain 'PermShell.Grant'
        "$($out[1].Subject) $($out[1].SubjectKind) $($out[1].Permission)" | Should -BeExactly 'bob User developer'
    }

    It 'takes subject and name by position' {
        Revoke-Permission -Store $s bob TICKET_VIEW

        Get-GrantList $s | Should -Not -Contain 'bob:TICKET_VIEW'
    }

    It 'removes a membership when the name is a group (Trac compatibility)' {
        Revoke-Permission -Store $s -Subject bob -Name developer

        (Get-PermGroup -Store $s -Name developer).MemberCount | Should -Be 0
        Get-GrantList $s | Should -Contain 'bob:WIKI_VIEW'
    }

    # The '*' forms ask one question first (Consent.Tests.ps1 covers asking); -Force answers it here.
    It "-Name '*' revokes everything the subject was given, memberships included" {
        Revoke-Permission -Store $s -Subject bob -Name '*' -Force

        Get-GrantList $s | Should -BeExactly 'alice:WIKI_VIEW', 'anonymous:WIKI_VIEW'
        (Get-PermGroup -Store $s -Name developer).MemberCount | Should -Be 0
        (Get-PermGroup -Store $s -Name staff).MemberCount | Should -Be 1
    }

    It "-Subject '*' revokes the name from everyone" {
        Revoke-Permission -Store $s -Subject '*' -Name WIKI_VIEW -Force

        Get-GrantList $s | Should -BeExactly 'bob:TICKET_VIEW'
    }

    It "-Subject '*' with a group name removes all its members" {
        Add-PermGroupMember -Store $s -Group developer -Member alice

        Revoke-Permission -Store $s -Subject '*' -Name developer -Force

        (Get-PermGroup -Store $s -Name developer).MemberCount | Should -Be 0
        (Get-PermGroup -Store $s -Name staff).MemberCount | Should -Be 1
    }

    It "-Subject '*' -Name '*' revokes every grant and membership" {
        Revoke-Permission -Store $s -Subject '*' -Name '*' -Force

        Get-Permission -Store $s | Should -BeNullOrEmpty
        (Get-PermissionStore -Store $s).Memberships | Should -Be 0
        (Get-PermUser -Store $s).Name | Should -BeExactly 'alice', 'bob' -Because 'subjects themselves stay'
    }

    It 'revokes in one transaction' {
        $revision = (Get-PermissionStore -Store $s).Revision

        Revoke-Permission -Store $s -Subject bob, alice -Name '*' -Confirm:$false

        (Get-PermissionStore -Store $s).Revision | Should -Be ($revision + 1)
    }

    # Was a warning (and the other names were revoked); now an error as in Grant-Permission and trac-admin (issue 9, item 6).
    It 'revokes nothing when one name is not a permission or group (PermShell.Grant.UnknownPermission), with the closest names' {
        $before = Get-StoreContent -Store $s

        Revoke-Permission -Store $s -Subject bob -Name WIKI_VIEW, WIKI_VEIW -ErrorVariable err -ErrorAction SilentlyContinue -WarningVariable w

        $err.Count | Should -Be 1
        Assert-PermError $err[0] 'PermShell.Grant.UnknownPermission' -Category ObjectNotFound -Target WIKI_VEIW
        $err[0].Exception.Message | Should -BeExactly 'WIKI_VEIW is not a valid permission. Did you mean WIKI_VIEW?'
        $w | Should -BeNullOrEmpty
        Get-StoreContent -Store $s | Should -BeExactly $before
    }

    It 'names the closest subjects for a misspelled subject (PermShell.Subject.NotFound), and revokes nothing' {
        $before = Get-StoreContent -Store $s

        Revoke-Permission -Store $s -Subject bobb -Name WIKI_VIEW -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.Subject.NotFound' -Category ObjectNotFound -Target bobb
        $err[0].Exception.Message | Should -Match 'Did you mean bob\b'
        Get-StoreContent -Store $s | Should -BeExactly $before
    }

    It '-ErrorAction Stop stops on a misspelled name' {
        { Revoke-Permission -Store $s -Subject bob -Name WIKI_VEIW -ErrorAction Stop; throw 'went on' } |
            Should -Throw -ErrorId 'PermShell.Grant.UnknownPermission*'
    }

    It 'warns with the route when the subject still holds a revoked direct grant ("dora still holds ...")' -Tag Engine {
        $null = New-PermUser -Store $s -Name dora
        $null = New-PermGroup -Store $s -Name devs
        Grant-Permission -Store $s -Subject devs -Name TICKET_ADMIN
        Grant-Permission -Store $s -Subject dora -Name devs, TICKET_ADMIN

        Revoke-Permission -Store $s -Subject dora -Name TICKET_ADMIN -WarningVariable w -WarningAction SilentlyContinue

        "$w" | Should -BeExactly 'dora still holds TICKET_ADMIN: dora > devs : TICKET_ADMIN'
        Get-GrantList $s | Should -Not -Contain 'dora:TICKET_ADMIN' -Because 'the direct grant is revoked all the same'
    }

    It 'says nothing more when the revoke takes the permission away' {
        Revoke-Permission -Store $s -Subject bob -Name TICKET_VIEW -WarningVariable w

        $w | Should -BeNullOrEmpty
    }

    It 'warns "has not been granted" and changes nothing when the subject does not hold the name' {
        $before = Get-StoreContent -Store $s

        Revoke-Permission -Store $s -Subject alice -Name TICKET_VIEW -WarningVariable w -WarningAction SilentlyContinue

        "$w" | Should -Match 'alice has not been granted TICKET_VIEW'
        Get-StoreContent -Store $s | Should -BeExactly $before
    }

    It 'warns and changes nothing for a group the subject is not in' {
        $before = Get-StoreContent -Store $s

        Revoke-Permission -Store $s -Subject alice -Name developer -WarningVariable w -WarningAction SilentlyContinue

        "$w" | Should -Match 'alice is not in developer'
        Get-StoreContent -Store $s | Should -BeExactly $before
    }

    It 'warns that a membership comes through another group, and changes nothing' {
        Add-PermGroupMember -Store $s -Group staff -Member developer
        $before = Get-StoreContent -Store $s

        Revoke-Permission -Store $s -Subject bob -Name staff -WarningVariable w -WarningAction SilentlyContinue

        "$w" | Should -Match 'through another group'
        "$w" | Should -Match 'bob > developer > staff'
        Get-StoreContent -Store $s | Should -BeExactly $before
    }

    It 'warns "granted through a meta-permission or group" with the route, and changes nothing' -Tag Engine {
        Grant-Permission -Store $s -Subject developer -Name TICKET_ADMIN
        $before = Get-StoreContent -Store $s

        Revoke-Permission -Store $s -Subject bob -Name TICKET_ADMIN -WarningVariable w1 -WarningAction SilentlyContinue
        Revoke-Permission -Store $s -Subject alice -Name WIKI_ADMIN -WarningVariable w2 -WarningAction SilentlyContinue

        "$w1" | Should -Match 'through a meta-permission or group'
        "$w1" | Should -Match ([regex]::Escape('bob > developer : TICKET_ADMIN'))
        "$w2" | Should -Match 'has not been granted' -Because 'nothing gives alice WIKI_ADMIN'
        Get-StoreContent -Store $s | Should -BeExactly $before
    }

    It 'warns with the meta-permission route for an implied permission' -Tag Engine {
        Grant-Permission -Store $s -Subject alice -Name WIKI_ADMIN
        Revoke-Permission -Store $s -Subject alice -Name WIKI_VIEW -WarningVariable still -WarningAction SilentlyContinue
        Get-GrantList $s | Should -Not -Contain 'alice:WIKI_VIEW' -Because 'the direct grant was revoked'
        "$still" | Should -BeExactly 'alice still holds WIKI_VIEW: alice > anonymous : WIKI_VIEW; alice : WIKI_ADMIN => WIKI_VIEW'

        Revoke-Permission -Store $s -Subject alice -Name WIKI_VIEW -WarningVariable w -WarningAction SilentlyContinue
        "$w" | Should -Match 'through a meta-permission or group'
        "$w" | Should -Match ([regex]::Escape('alice : WIKI_ADMIN => WIKI_VIEW'))
        Get-GrantList $s | Should -Contain 'alice:WIKI_ADMIN'
    }

    It 'revokes nothing when a subject does not exist (PermShell.Subject.NotFound)' {
        $before = Get-StoreContent -Store $s

        Revoke-Permission -Store $s -Subject bob, robert -Name WIKI_VIEW -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.Subject.NotFound' -Category ObjectNotFound -Target robert
        Get-StoreContent -Store $s | Should -BeExactly $before
    }

    It '-WhatIf changes nothing' {
        $before = Get-StoreContent -Store $s

        Revoke-Permission -Store $s -Subject '*' -Name '*' -WhatIf
        Revoke-Permission -Store $s -Subject bob -Name WIKI_VIEW, developer -WhatIf

        Get-StoreContent -Store $s | Should -BeExactly $before
    }
}

Describe 'Guard rails' {
    It 'explains that grants take names when given a pattern, and names the meta-permission that implies it' {
        $s = New-TestStore -Template Trac
        $null = New-PermUser -Store $s -Name bob
        $before = Get-StoreContent -Store $s

        Grant-Permission -Store $s -Subject bob -Name 'TICKET_*' -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.Grant.UnknownPermission' -Target 'TICKET_*'
        $err[0].Exception.Message | Should -BeExactly "'TICKET_*' is a pattern, and grants take permission names. TICKET_ADMIN implies every permission it matches: grant TICKET_ADMIN instead."
        Get-StoreContent -Store $s | Should -BeExactly $before
    }

    It 'says when no single permission implies what a pattern matches' {
        $s = New-TestStore
        'REPORT_VIEW', 'REPORT_CREATE' | ForEach-Object { $null = New-PermissionDefinition -Store $s -Name $_ }
        $null = New-PermUser -Store $s -Name bob

        Grant-Permission -Store $s -Subject bob -Name 'REPORT_*' -ErrorVariable err -ErrorAction SilentlyContinue

        $err[0].Exception.Message | Should -BeLike "'REPORT_*' is a pattern, and grants take permission names: it matches 2 permission(s), which no single permission implies*"
    }

    It 'warns that everyone holds a group''s permissions when anonymous or authenticated joins it' {
        $s = New-TestStore
        $null = New-PermGroup -Store $s -Name ops

        Add-PermGroupMember -Store $s -Group ops -Member anonymous -WarningVariable warned 3>$null
        Grant-Permission -Store $s -Subject authenticated -Name ops -WarningVariable warnedToo 3>$null

        "$warned" | Should -BeExactly 'anonymous now belongs to ops: everyone, signed in or not, holds every permission ops holds.'
        "$warnedToo" | Should -BeExactly 'authenticated now belongs to ops: every signed-in user holds every permission ops holds.'
        (Get-PermGroupMember -Store $s -Group ops).Member | Should -Be 'anonymous', 'authenticated'
    }
}
