# New-, Get-, Remove-PermGroup (SPEC §1 "Users and groups", "Names").

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule
}

AfterAll {
    Remove-TestRoot
}

Describe 'New-PermGroup' {
    It 'creates several groups at once; a refused name is an error for that name only' {
        $s = New-TestStore

        $made = New-PermGroup -Store $s -Name ops, OPS, support -ErrorVariable err -ErrorAction SilentlyContinue

        $made.Name | Should -Be 'ops', 'support'
        Assert-PermError $err[0] 'PermShell.Name.UpperCase' -Target OPS
        (Get-PermGroup -Store $s).Name | Should -Be 'ops', 'support'
    }

    It 'creates a group and returns a PermShell.Group' {
        $s = New-TestStore

        $g = New-PermGroup -Store $s -Name developer -Description 'People who write code'

        $g.PSTypeNames | Should -Contain 'PermShell.Group'
        foreach ($p in 'Name', 'Description', 'MemberCount') { $g.PSObject.Properties.Name | Should -Contain $p }
        $g.Name | Should -BeExactly 'developer'
        $g.Description | Should -BeExactly 'People who write code'
        $g.MemberCount | Should -Be 0
        (Get-PermGroup -Store $s -Name developer).Description | Should -BeExactly 'People who write code'
    }

    It 'creates several groups from the pipeline' {
        $s = New-TestStore

        $created = 'ops', 'dev' | New-PermGroup -Store $s

        $created.Name | Should -BeExactly 'ops', 'dev'
        (Get-PermGroup -Store $s).Name | Should -BeExactly 'dev', 'ops'
    }

    It 'refuses <Label> (<Id>)' -TestCases @(
        @{ Label = 'an upper-case name'; Name = 'STAFF'; Id = 'PermShell.Name.UpperCase' }
        @{ Label = 'a reserved name'; Name = 'authenticated'; Id = 'PermShell.Name.Reserved' }
        @{ Label = 'a permission name'; Name = 'deploy'; Id = 'PermShell.Name.CollidesWithPermission' }
        @{ Label = 'a case twin of a permission'; Name = 'Wiki_View'; Id = 'PermShell.Name.DiffersByCase' }
        @{ Label = 'a case twin of a reserved name'; Name = 'Anonymous'; Id = 'PermShell.Name.DiffersByCase' }
        @{ Label = 'white space at the end'; Name = 'ops '; Id = 'PermShell.Name.Invalid' }
    ) {
        $s = New-TestStore
        $null = New-PermissionDefinition -Store $s -Name deploy
        $null = New-PermissionDefinition -Store $s -Name WIKI_VIEW

        $out = New-PermGroup -Store $s -Name $Name -ErrorVariable err -ErrorAction SilentlyContinue

        $out | Should -BeNullOrEmpty
        Assert-PermError $err[0] $Id -Category InvalidArgument -Target $Name
        Get-PermGroup -Store $s | Should -BeNullOrEmpty
    }

    It 'refuses an existing group (PermShell.Group.Exists)' {
        $s = New-TestStore
        $null = New-PermGroup -Store $s -Name developer -Description first

        $null = New-PermGroup -Store $s -Name developer -Description second -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.Group.Exists' -Category ResourceExists -Target developer
        (Get-PermGroup -Store $s).Description | Should -BeExactly 'first'
    }

    It 'refuses the name of an existing user: one namespace (PermShell.User.Exists)' {
        $s = New-TestStore
        $null = New-PermUser -Store $s -Name bob

        $null = New-PermGroup -Store $s -Name bob -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.User.Exists' -Category ResourceExists -Target bob
        Get-PermGroup -Store $s | Should -BeNullOrEmpty
    }

    It '-WhatIf changes nothing' {
        $s = New-TestStore
        $before = Get-StoreContent -Store $s

        $out = New-PermGroup -Store $s -Name developer -WhatIf

        $out | Should -BeNullOrEmpty
        Get-StoreContent -Store $s | Should -BeExactly $before
    }
}

Describe 'Get-PermGroup' {
    BeforeAll {
        $script:s = New-TestStore
        'bob', 'alice' | New-PermUser -Store $s | Out-Null
        'staff', 'developer', 'Ops', 'empty' | New-PermGroup -Store $s | Out-Null
        Add-PermGroupMember -Store $s -Group developer -Member bob, alice
        Add-PermGroupMember -Store $s -Group staff -Member developer
    }

    It 'lists every group sorted by name (ordinal) with its direct member count' {
        $groups = Get-PermGroup -Store $s

        $groups.Name | Should -BeExactly 'Ops', 'developer', 'empty', 'staff'
        $groups | ForEach-Object { $_.PSTypeNames | Should -Contain 'PermShell.Group' }
        ($groups | ForEach-Object { "$($_.Name)=$($_.MemberCount)" }) -join ' ' | Should -BeExactly 'Ops=0 developer=2 empty=0 staff=1'
    }

    It 'filters by name with wildcards, case-sensitively' {
        (Get-PermGroup -Store $s -Name 'o*').Name | Should -BeNullOrEmpty
        (Get-PermGroup -Store $s -Name 'O*').Name | Should -BeExactly 'Ops'
        (Get-PermGroup -Store $s -Name '*e*').Name | Should -BeExactly 'developer', 'empty'
    }

    It 'does not list users' {
        (Get-PermGroup -Store $s).Name | Should -Not -Contain 'bob'
    }

    It 'reports an absent plain name as a non-terminating PermShell.Group.NotFound and still returns the others' {
        $found = Get-PermGroup -Store $s -Name staff, developers -ErrorVariable err -ErrorAction SilentlyContinue

        $found.Name | Should -BeExactly 'staff'
        $err.Count | Should -Be 1
        Assert-PermError $err[0] 'PermShell.Group.NotFound' -Category ObjectNotFound -Target developers
        $err[0].Exception.Message | Should -Match 'Did you mean developer'
    }

    It 'returns nothing and no error for a wildcard that matches nothing' {
        $found = Get-PermGroup -Store $s -Name 'nothing*' -ErrorVariable err

        $found | Should -BeNullOrEmpty
        $err | Should -BeNullOrEmpty
    }
}

Describe 'Remove-PermGroup' {
    BeforeAll {
        $script:fixture = New-SampleStore
        'bob', 'alice' | New-PermUser -Store $fixture | Out-Null
        'developer', 'staff' | New-PermGroup -Store $fixture | Out-Null
        Add-PermGroupMember -Store $fixture -Group developer -Member bob, alice
        Add-PermGroupMember -Store $fixture -Group staff -Member developer
        Grant-Permission -Store $fixture -Subject developer, bob -Name WIKI_VIEW
    }

    BeforeEach {
        $script:s = Copy-TestStore -From $fixture
    }

    It 'removes the group with its grants and memberships; its members stay' {
        Remove-PermGroup -Store $s -Name developer -Confirm:$false

        (Get-PermGroup -Store $s).Name | Should -BeExactly 'staff'
        (Get-PermGroup -Store $s -Name staff).MemberCount | Should -Be 0
        (Get-PermUser -Store $s).Name | Should -BeExactly 'alice', 'bob'
        (Get-Permission -Store $s).Subject | Should -BeExactly 'bob'
        (Get-PermissionStore -Store $s).Memberships | Should -Be 0
    }

    It 'removes several groups and reports an absent one as PermShell.Group.NotFound' {
        Remove-PermGroup -Store $s -Name staff, nope, developer -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.Group.NotFound' -Category ObjectNotFound -Target nope
        Get-PermGroup -Store $s | Should -BeNullOrEmpty
    }

    It 'refuses to remove the virtual group <Name> (PermShell.Group.Virtual)' -TestCases @(@{ Name = 'anonymous' }, @{ Name = 'authenticated' }) {
        Grant-Permission -Store $s -Subject $Name -Name TICKET_VIEW
        $before = Get-StoreContent -Store $s

        Remove-PermGroup -Store $s -Name $Name -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.Group.Virtual' -Category InvalidOperation -Target $Name
        Get-StoreContent -Store $s | Should -BeExactly $before
    }

    It 'does not remove a user' {
        Remove-PermGroup -Store $s -Name bob -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.Group.NotFound' -Target bob
        (Get-PermUser -Store $s).Name | Should -Contain 'bob'
    }

    It '-WhatIf changes nothing' {
        $before = Get-StoreContent -Store $s

        Remove-PermGroup -Store $s -Name developer, staff -WhatIf

        Get-StoreContent -Store $s | Should -BeExactly $before
    }
}

Describe 'Set-PermGroup' {
    BeforeAll {
        $script:groupStore = New-TestStore
        'ops', 'support' | New-PermGroup -Store $groupStore | Out-Null
        $null = New-PermUser -Store $groupStore -Name bob
        Add-PermGroupMember -Store $groupStore -Group ops -Member bob
    }

    It 'sets the description of each group, and -PassThru writes the groups' {
        $s = Copy-TestStore -From $groupStore
        $out = Set-PermGroup -Store $s -Name ops, support -Description 'On call' -PassThru

        $out | ForEach-Object { "$($_.Name)|$($_.Description)|$($_.MemberCount)" } | Should -Be 'ops|On call|1', 'support|On call|0'
        (Get-PermGroup -Store $s).Description | Should -Be 'On call', 'On call'
        (Get-PermissionLog -Store $s -Action 'Update Group').Subject | Should -Be 'ops', 'support'
    }

    It 'clears a description with an empty string, and writes nothing when it is already as asked' {
        $s = Copy-TestStore -From $groupStore
        Set-PermGroup -Store $s -Name ops -Description 'On call'
        Set-PermGroup -Store $s -Name ops -Description ''
        (Get-PermGroup -Store $s -Name ops).Description | Should -BeExactly ''
        $entries = @(Get-PermissionLog -Store $s).Count
        Set-PermGroup -Store $s -Name ops -Description ''
        @(Get-PermissionLog -Store $s).Count | Should -Be $entries
    }

    It 'reports an unknown group with the closest name and changes the others' {
        $s = Copy-TestStore -From $groupStore
        Set-PermGroup -Store $s -Name opz, support -Description 'Help desk' -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.Group.NotFound' -Category ObjectNotFound -Target opz
        $err[0].Exception.Message | Should -BeLike '*Did you mean ops?*'
        (Get-PermGroup -Store $s -Name support).Description | Should -BeExactly 'Help desk'
    }

    It 'takes groups from the pipeline, and -WhatIf changes nothing' {
        $s = Copy-TestStore -From $groupStore
        $before = Get-StoreContent -Store $s
        Get-PermGroup -Store $s | Set-PermGroup -Store $s -Description 'x' -WhatIf
        Get-StoreContent -Store $s | Should -BeExactly $before
        Get-PermGroup -Store $s | Set-PermGroup -Store $s -Description 'Team'
        (Get-PermGroup -Store $s).Description | Should -Be 'Team', 'Team'
    }
}
