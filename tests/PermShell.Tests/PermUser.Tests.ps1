# New-, Get-, Set-, Remove-PermUser (SPEC §1 "Users and groups", "Names").

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule

    $script:userProperties = 'Name', 'DisplayName', 'Email', 'IsActive', 'IsSuperuser'
}

AfterAll {
    Remove-TestRoot
}

Describe 'New-PermUser' {
    It 'creates several users at once, each with the attributes given; a refused name is an error for that name only' {
        $s = New-TestStore
        $null = New-PermUser -Store $s -Name bob

        $made = New-PermUser -Store $s -Name alice, bob, carol -Email team@example.org -ErrorVariable err -ErrorAction SilentlyContinue

        $made.Name | Should -Be 'alice', 'carol'
        Assert-PermError $err[0] 'PermShell.User.Exists' -Target bob
        (Get-PermUser -Store $s -Name alice, carol).Email | Should -Be 'team@example.org', 'team@example.org'
    }

    It 'creates an active, non-superuser user and returns a PermShell.User' {
        $s = New-TestStore

        $u = New-PermUser -Store $s -Name bob -DisplayName 'Bob Builder' -Email bob@example.org

        $u.PSTypeNames | Should -Contain 'PermShell.User'
        foreach ($p in $userProperties) { $u.PSObject.Properties.Name | Should -Contain $p }
        $u.Name | Should -BeExactly 'bob'
        $u.DisplayName | Should -BeExactly 'Bob Builder'
        $u.Email | Should -BeExactly 'bob@example.org'
        $u.IsActive | Should -BeTrue
        $u.IsSuperuser | Should -BeFalse
        $stored = Get-PermUser -Store $s -Name bob
        "$($stored.Name)|$($stored.DisplayName)|$($stored.Email)|$($stored.IsActive)|$($stored.IsSuperuser)" |
            Should -BeExactly 'bob|Bob Builder|bob@example.org|True|False'
    }

    It 'takes -IsActive and -IsSuperuser' {
        $s = New-TestStore

        $null = New-PermUser -Store $s -Name mallory -IsActive $false
        $null = New-PermUser -Store $s -Name alice -IsSuperuser $true

        (Get-PermUser -Store $s -Name mallory).IsActive | Should -BeFalse
        (Get-PermUser -Store $s -Name alice).IsSuperuser | Should -BeTrue
        (Get-PermUser -Store $s -Name alice).IsActive | Should -BeTrue
    }

    It 'accepts the subject name <Name>' -TestCases @(
        @{ Name = 'Dev' }, @{ Name = 'developers' }, @{ Name = '123' }, @{ Name = 'john doe' }, @{ Name = "o'brien" },
        @{ Name = 'jörg' }, @{ Name = 'bob@example.org' }, @{ Name = 'a' * 150 }
    ) {
        $s = New-TestStore

        $u = New-PermUser -Store $s -Name $Name

        $u.Name | Should -BeExactly $Name
        (Get-PermUser -Store $s).Name | Should -BeExactly $Name
    }

    It 'refuses the upper-case name <Name> (PermShell.Name.UpperCase)' -TestCases @(
        @{ Name = 'JOE' }, @{ Name = 'DEV_1' }, @{ Name = 'ÉLAN' }
    ) {
        $s = New-TestStore

        $out = New-PermUser -Store $s -Name $Name -ErrorVariable err -ErrorAction SilentlyContinue

        $out | Should -BeNullOrEmpty
        Assert-PermError $err[0] 'PermShell.Name.UpperCase' -Category InvalidArgument -Target $Name
        Get-PermUser -Store $s | Should -BeNullOrEmpty
    }

    It 'refuses the malformed name <Label> (PermShell.Name.Invalid)' -TestCases @(
        @{ Label = 'leading space'; Name = ' bob' }
        @{ Label = 'trailing space'; Name = 'bob ' }
        @{ Label = 'tab inside'; Name = "bo`tb" }
        @{ Label = 'newline inside'; Name = "bo`nb" }
        @{ Label = '151 characters'; Name = 'a' * 151 }
        @{ Label = 'wildcard'; Name = 'b*b' }
    ) {
        $s = New-TestStore

        $out = New-PermUser -Store $s -Name $Name -ErrorVariable err -ErrorAction SilentlyContinue

        $out | Should -BeNullOrEmpty
        Assert-PermError $err[0] 'PermShell.Name.Invalid' -Category InvalidArgument -Target $Name
        Get-PermUser -Store $s | Should -BeNullOrEmpty
    }

    It 'refuses an empty name at parameter binding' {
        $s = New-TestStore

        { New-PermUser -Store $s -Name '' } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        Get-PermUser -Store $s | Should -BeNullOrEmpty
    }

    It 'refuses the reserved name <Name> (PermShell.Name.Reserved)' -TestCases @(@{ Name = 'anonymous' }, @{ Name = 'authenticated' }) {
        $s = New-TestStore

        $null = New-PermUser -Store $s -Name $Name -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.Name.Reserved' -Category InvalidArgument -Target $Name
        Get-PermUser -Store $s | Should -BeNullOrEmpty
    }

    It 'refuses <Name>, which differs from a reserved name by case only (PermShell.Name.DiffersByCase)' -TestCases @(
        @{ Name = 'Authenticated'; Reserved = 'authenticated' }, @{ Name = 'anonYmous'; Reserved = 'anonymous' }
    ) {
        $s = New-TestStore

        $null = New-PermUser -Store $s -Name $Name -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.Name.DiffersByCase' -Category InvalidArgument -Target $Name
        $err[0].Exception.Message | Should -BeLike "*reserved name '$Reserved'*by case only*"
        Get-PermUser -Store $s | Should -BeNullOrEmpty
    }

    It 'refuses a name that differs from a defined permission by case only (PermShell.Name.DiffersByCase)' {
        $s = New-TestStore
        $null = New-PermissionDefinition -Store $s -Name TRAC_ADMIN
        $null = New-PermissionDefinition -Store $s -Name WIKI_VIEW

        $null = New-PermUser -Store $s -Name Trac_Admin -ErrorVariable err1 -ErrorAction SilentlyContinue
        $null = New-PermUser -Store $s -Name wiki_view -ErrorVariable err2 -ErrorAction SilentlyContinue

        Assert-PermError $err1[0] 'PermShell.Name.DiffersByCase' -Category InvalidArgument -Target Trac_Admin
        Assert-PermError $err2[0] 'PermShell.Name.DiffersByCase' -Target wiki_view
        $err2[0].Exception.Message | Should -Match 'by case only'
        Get-PermUser -Store $s | Should -BeNullOrEmpty
    }

    It 'refuses the name of a permission (PermShell.Name.CollidesWithPermission)' {
        $s = New-TestStore
        $null = New-PermissionDefinition -Store $s -Name auth.view_user
        $null = New-PermissionDefinition -Store $s -Name deploy

        $null = New-PermUser -Store $s -Name auth.view_user -ErrorVariable err1 -ErrorAction SilentlyContinue
        $null = New-PermUser -Store $s -Name deploy -ErrorVariable err2 -ErrorAction SilentlyContinue

        Assert-PermError $err1[0] 'PermShell.Name.CollidesWithPermission' -Category InvalidArgument -Target auth.view_user
        Assert-PermError $err2[0] 'PermShell.Name.CollidesWithPermission' -Target deploy
        Get-PermUser -Store $s | Should -BeNullOrEmpty
    }

    It 'refuses an existing user (PermShell.User.Exists) and keeps the first one' {
        $s = New-TestStore
        $null = New-PermUser -Store $s -Name bob -Email first@example.org

        $out = New-PermUser -Store $s -Name bob -Email second@example.org -ErrorVariable err -ErrorAction SilentlyContinue

        $out | Should -BeNullOrEmpty
        Assert-PermError $err[0] 'PermShell.User.Exists' -Category ResourceExists -Target bob
        (Get-PermUser -Store $s -Name bob).Email | Should -BeExactly 'first@example.org'
    }

    It 'refuses the name of an existing group: users and groups share one namespace (PermShell.Group.Exists)' {
        $s = New-TestStore
        $null = New-PermGroup -Store $s -Name developer

        $null = New-PermUser -Store $s -Name developer -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.Group.Exists' -Category ResourceExists -Target developer
        Get-PermUser -Store $s | Should -BeNullOrEmpty
    }

    It 'is case-sensitive: bob and Bob are two users' {
        $s = New-TestStore

        $null = New-PermUser -Store $s -Name bob
        $null = New-PermUser -Store $s -Name Bob

        (Get-PermUser -Store $s).Name | Should -BeExactly 'Bob', 'bob'
    }

    It '-WhatIf changes nothing' {
        $s = New-TestStore
        $null = New-PermUser -Store $s -Name alice
        $before = Get-StoreContent -Store $s

        $out = New-PermUser -Store $s -Name bob -WhatIf

        $out | Should -BeNullOrEmpty
        Get-StoreContent -Store $s | Should -BeExactly $before
    }
}

Describe 'Get-PermUser' {
    It 'filters by the active and superuser flags' {
        $s = New-TestStore
        $null = New-PermUser -Store $s -Name ann
        $null = New-PermUser -Store $s -Name bea -IsActive $false
        $null = New-PermUser -Store $s -Name cid -IsSuperuser $true
        $null = New-PermUser -Store $s -Name dot -IsActive $false -IsSuperuser $true

        (Get-PermUser -Store $s -IsActive $false).Name | Should -Be 'bea', 'dot'
        (Get-PermUser -Store $s -IsSuperuser $true).Name | Should -Be 'cid', 'dot'
        (Get-PermUser -Store $s -IsActive $true -IsSuperuser $false).Name | Should -Be 'ann'
        (Get-PermUser -Store $s -Name '[ab]*' -IsActive 0).Name | Should -Be 'bea'
        (Get-PermUser -Store $s).Name | Should -Be 'ann', 'bea', 'cid', 'dot'
    }

    BeforeAll {
        $script:s = New-TestStore
        'carol', 'alice', 'bob', 'Bea' | New-PermUser -Store $s | Out-Null
    }

    It 'lists every user sorted by name (ordinal), as PermShell.User objects' {
        $users = Get-PermUser -Store $s

        $users.Name | Should -BeExactly 'Bea', 'alice', 'bob', 'carol'
        $users | ForEach-Object { $_.PSTypeNames | Should -Contain 'PermShell.User' }
    }

    It 'filters by name with wildcards, case-sensitively' {
        (Get-PermUser -Store $s -Name 'b*').Name | Should -BeExactly 'bob'
        (Get-PermUser -Store $s -Name 'B*', 'c*').Name | Should -BeExactly 'Bea', 'carol'
        (Get-PermUser -Store $s -Name '?o?').Name | Should -BeExactly 'bob'
    }

    It 'takes names by position and from the pipeline' {
        (Get-PermUser -Store $s alice).Name | Should -BeExactly 'alice'
        ('carol', 'bob' | Get-PermUser -Store $s).Name | Should -BeExactly 'carol', 'bob'
    }

    It 'reports an absent plain name as a non-terminating PermShell.User.NotFound and still returns the others' {
        $found = Get-PermUser -Store $s -Name alice, alicia, bob -ErrorVariable err -ErrorAction SilentlyContinue

        $found.Name | Should -BeExactly 'alice', 'bob'
        $err.Count | Should -Be 1
        Assert-PermError $err[0] 'PermShell.User.NotFound' -Category ObjectNotFound -Target alicia
        $err[0].Exception.Message | Should -Match 'Did you mean alice'
    }

    It 'does not find a user by a name that differs by case' {
        $null = Get-PermUser -Store $s -Name BOB -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.User.NotFound' -Target BOB
    }

    It 'returns nothing and no error for a wildcard that matches nothing' {
        $found = Get-PermUser -Store $s -Name 'zz*' -ErrorVariable err

        $found | Should -BeNullOrEmpty
        $err | Should -BeNullOrEmpty
    }

    It 'does not list groups' {
        $g = New-TestStore
        $null = New-PermGroup -Store $g -Name developer

        Get-PermUser -Store $g | Should -BeNullOrEmpty
    }
}

Describe 'Set-PermUser' {
    BeforeAll {
        $script:fixture = New-TestStore
        $null = New-PermUser -Store $fixture -Name bob -DisplayName 'Bob' -Email bob@example.org
    }

    BeforeEach {
        $script:s = Copy-TestStore -From $fixture
    }

    It 'changes the given attributes and leaves the others as they are' {
        $out = Set-PermUser -Store $s -Name bob -Email robert@example.org

        $out | Should -BeNullOrEmpty -Because 'without -PassThru nothing is written'
        $u = Get-PermUser -Store $s -Name bob
        $u.Email | Should -BeExactly 'robert@example.org'
        $u.DisplayName | Should -BeExactly 'Bob'
        $u.IsActive | Should -BeTrue
        $u.IsSuperuser | Should -BeFalse
    }

    It 'sets and clears IsActive and IsSuperuser' {
        Set-PermUser -Store $s -Name bob -IsActive $false -IsSuperuser $true
        $u = Get-PermUser -Store $s -Name bob
        $u.IsActive | Should -BeFalse
        $u.IsSuperuser | Should -BeTrue

        Set-PermUser -Store $s -Name bob -IsActive $true
        $u = Get-PermUser -Store $s -Name bob
        $u.IsActive | Should -BeTrue
        $u.IsSuperuser | Should -BeTrue -Because '-IsSuperuser was not given the second time'
    }

    It 'takes -IsActive as $false, -IsActive:$false, 0 or the text False of a CSV row' {
        Set-PermUser -Store $s -Name bob -IsActive:$false
        (Get-PermUser -Store $s -Name bob).IsActive | Should -BeFalse
        Set-PermUser -Store $s -Name bob -IsActive 1
        (Get-PermUser -Store $s -Name bob).IsActive | Should -BeTrue
        Set-PermUser -Store $s -Name bob -IsActive 0
        (Get-PermUser -Store $s -Name bob).IsActive | Should -BeFalse
        'Name,IsActive', 'bob,True' | ConvertFrom-Csv | Set-PermUser -Store $s
        (Get-PermUser -Store $s -Name bob).IsActive | Should -BeTrue
        'Name,IsActive', 'bob,False' | ConvertFrom-Csv | Set-PermUser -Store $s
        (Get-PermUser -Store $s -Name bob).IsActive | Should -BeFalse
    }

    It 'returns the updated PermShell.User with -PassThru' {
        $u = Set-PermUser -Store $s -Name bob -DisplayName 'Robert' -PassThru

        $u.PSTypeNames | Should -Contain 'PermShell.User'
        $u.DisplayName | Should -BeExactly 'Robert'
        $u.Email | Should -BeExactly 'bob@example.org'
    }

    It 'writes nothing when nothing changes' {
        $revision = (Get-PermissionStore -Store $s).Revision

        Set-PermUser -Store $s -Name bob -DisplayName 'Bob' -IsActive $true

        (Get-PermissionStore -Store $s).Revision | Should -Be $revision
    }

    It 'reports an absent user as PermShell.User.NotFound' {
        Set-PermUser -Store $s -Name robert -Email x@example.org -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.User.NotFound' -Category ObjectNotFound -Target robert
    }

    It '-WhatIf changes nothing' {
        $before = Get-StoreContent -Store $s

        $out = Set-PermUser -Store $s -Name bob -Email changed@example.org -IsActive $false -IsSuperuser $true -PassThru -WhatIf

        $out | Should -BeNullOrEmpty
        Get-StoreContent -Store $s | Should -BeExactly $before
    }
}

Describe 'Remove-PermUser' {
    BeforeAll {
        $script:fixture = New-SampleStore
        'bob', 'alice' | New-PermUser -Store $fixture | Out-Null
        $null = New-PermGroup -Store $fixture -Name developer
        Add-PermGroupMember -Store $fixture -Group developer -Member bob, alice
        Grant-Permission -Store $fixture -Subject bob, alice -Name WIKI_VIEW
    }

    BeforeEach {
        $script:s = Copy-TestStore -From $fixture
    }

    It 'removes the user with their grants and memberships' {
        Remove-PermUser -Store $s -Name bob -Confirm:$false

        (Get-PermUser -Store $s).Name | Should -BeExactly 'alice'
        (Get-Permission -Store $s).Subject | Should -BeExactly 'alice'
        (Get-PermGroup -Store $s -Name developer).MemberCount | Should -Be 1
        (Get-PermissionStore -Store $s).Memberships | Should -Be 1
    }

    It 'removes several users and reports an absent one as PermShell.User.NotFound' {
        Remove-PermUser -Store $s -Name bob, robert, alice -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.User.NotFound' -Category ObjectNotFound -Target robert
        Get-PermUser -Store $s | Should -BeNullOrEmpty
    }

    It 'does not remove a group' {
        Remove-PermUser -Store $s -Name developer -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.User.NotFound' -Target developer
        (Get-PermGroup -Store $s).Name | Should -BeExactly 'developer'
    }

    It '-WhatIf changes nothing' {
        $before = Get-StoreContent -Store $s

        Remove-PermUser -Store $s -Name bob, alice -WhatIf

        Get-StoreContent -Store $s | Should -BeExactly $before
    }
}

Describe 'The removing cmdlets with -PassThru' {
    BeforeAll {
        $script:removals = New-TestStore
        $null = New-PermissionDefinition -Store $removals -Name WIKI_VIEW -Description 'View the wiki'
        $null = New-PermUser -Store $removals -Name bob -Email bob@example.org
        $null = New-PermUser -Store $removals -Name ann
        $null = New-PermGroup -Store $removals -Name ops -Description 'On call'
        Add-PermGroupMember -Store $removals -Group ops -Member bob, ann
    }

    It 'writes what each one removed, as it was, and nothing without -PassThru' {
        $s = Copy-TestStore -From $removals

        $member = Remove-PermGroupMember -Store $s -Group ops -Member ann -PassThru
        "$($member.Group)|$($member.Member)|$($member.MemberKind)" | Should -Be 'ops|ann|User'
        $group = Remove-PermGroup -Store $s -Name ops -PassThru -Confirm:$false
        "$($group.Name)|$($group.Description)|$($group.MemberCount)" | Should -Be 'ops|On call|1'
        $user = Remove-PermUser -Store $s -Name bob -PassThru -Confirm:$false
        "$($user.Name)|$($user.Email)" | Should -Be 'bob|bob@example.org'
        $definition = Remove-PermissionDefinition -Store $s -Name WIKI_VIEW -PassThru -Confirm:$false
        "$($definition.Name)|$($definition.Description)" | Should -Be 'WIKI_VIEW|View the wiki'

        Remove-PermUser -Store $s -Name ann -Confirm:$false | Should -BeNullOrEmpty
        Get-PermUser -Store $s | Should -BeNullOrEmpty
    }

    It 'writes nothing for what -WhatIf only shows' {
        $s = Copy-TestStore -From $removals
        Remove-PermUser -Store $s -Name bob -PassThru -WhatIf | Should -BeNullOrEmpty
        (Get-PermUser -Store $s -Name bob).Name | Should -Be 'bob'
    }
}
