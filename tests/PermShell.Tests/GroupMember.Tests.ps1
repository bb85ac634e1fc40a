# Add-, Remove-, Get-PermGroupMember and Get-PermGroupMembership (SPEC §1 "Users and groups": nesting, cycles).
# Tests tagged Engine need the real resolution engine (Get-PermGroupMember lists members through it).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule

    # alice, bob, carol; developer = {bob}; staff = {developer, alice}; ops (empty).
    function New-TeamStore {
        $s = New-TestStore
        'alice', 'bob', 'carol' | New-PermUser -Store $s | Out-Null
        'developer', 'staff', 'ops' | New-PermGroup -Store $s | Out-Null
        Add-PermGroupMember -Store $s -Group developer -Member bob
        Add-PermGroupMember -Store $s -Group staff -Member developer, alice
        $s
    }
}

AfterAll {
    Remove-TestRoot
}

Describe 'Add-PermGroupMember' {
    BeforeAll {
        $script:team = New-TeamStore
    }

    BeforeEach {
        $script:s = Copy-TestStore -From $team
    }

    It 'adds users and groups as members' {
        $out = Add-PermGroupMember -Store $s -Group ops -Member carol, developer

        $out | Should -BeNullOrEmpty -Because 'without -PassThru nothing is written'
        (Get-PermGroup -Store $s -Name ops).MemberCount | Should -Be 2
        (Get-PermissionStore -Store $s).Memberships | Should -Be 5
    }

    It 'returns PermShell.GroupMember objects with -PassThru' {
        $added = Add-PermGroupMember -Store $s -Group ops -Member carol, developer -PassThru

        $added | ForEach-Object { $_.PSTypeNames | Should -Contain 'PermShell.GroupMember' }
        foreach ($p in 'Group', 'Member', 'MemberKind', 'Depth', 'Via') { $added[0].PSObject.Properties.Name | Should -Contain $p }
        ($added | ForEach-Object { "$($_.Group)|$($_.Member)|$($_.MemberKind)|$($_.Depth)|$($_.Via)" }) |
            Should -BeExactly 'ops|carol|User|1|ops', 'ops|developer|Group|1|ops'
    }

    It 'takes members from the pipeline' {
        'carol', 'alice' | Add-PermGroupMember -Store $s -Group ops

        (Get-PermGroup -Store $s -Name ops).MemberCount | Should -Be 2
    }

    It 'warns "<member> is already in <group>" and still adds the others' {
        Add-PermGroupMember -Store $s -Group developer -Member bob, carol -WarningVariable w -WarningAction SilentlyContinue

        @($w).Count | Should -Be 1
        "$($w[0])" | Should -BeExactly 'bob is already in developer'
        (Get-PermGroup -Store $s -Name developer).MemberCount | Should -Be 2
    }

    It 'adds nothing when one member does not exist (PermShell.Subject.NotFound)' {
        $before = Get-StoreContent -Store $s

        Add-PermGroupMember -Store $s -Group ops -Member carol, nobody, alice -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.Subject.NotFound' -Category ObjectNotFound -Target nobody
        Get-StoreContent -Store $s | Should -BeExactly $before
    }

    It 'refuses a membership that closes a cycle, showing the cycle (PermShell.Group.MembershipCycle)' {
        $null = New-PermGroup -Store $s -Name a
        $null = New-PermGroup -Store $s -Name b
        Add-PermGroupMember -Store $s -Group a -Member b
        $before = Get-StoreContent -Store $s

        Add-PermGroupMember -Store $s -Group b -Member a -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.Group.MembershipCycle' -Category InvalidOperation
        $err[0].Exception.Message | Should -Match '(^|\W)(a > b > a|b > a > b)(\W|$)'
        Get-StoreContent -Store $s | Should -BeExactly $before
    }

    It 'refuses a cycle through existing members and adds none of the other members of the call' {
        # staff already contains developer: staff into developer closes the cycle; qa, fine on its own, is not added either.
        $null = New-PermGroup -Store $s -Name qa
        $before = Get-StoreContent -Store $s

        Add-PermGroupMember -Store $s -Group developer -Member qa, staff -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.Group.MembershipCycle' -Category InvalidOperation
        $err[0].Exception.Message | Should -Match 'developer > staff > developer|staff > developer > staff'
        Get-StoreContent -Store $s | Should -BeExactly $before
    }

    It 'refuses a group as a member of itself' {
        Add-PermGroupMember -Store $s -Group ops -Member ops -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.Group.MembershipCycle'
        $err[0].Exception.Message | Should -Match 'ops > ops'
        (Get-PermGroup -Store $s -Name ops).MemberCount | Should -Be 0
    }

    It 'reports an absent group as PermShell.Group.NotFound' {
        Add-PermGroupMember -Store $s -Group nope -Member bob -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.Group.NotFound' -Category ObjectNotFound -Target nope
    }

    It 'refuses to give the virtual group <Name> stored members (PermShell.Group.Virtual)' -TestCases @(@{ Name = 'anonymous' }, @{ Name = 'authenticated' }) {
        $before = Get-StoreContent -Store $s

        Add-PermGroupMember -Store $s -Group $Name -Member bob -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.Group.Virtual' -Category InvalidOperation -Target $Name
        Get-StoreContent -Store $s | Should -BeExactly $before
    }

    It '-WhatIf changes nothing' {
        $before = Get-StoreContent -Store $s

        $out = Add-PermGroupMember -Store $s -Group ops -Member carol, developer -PassThru -WhatIf

        $out | Should -BeNullOrEmpty
        Get-StoreContent -Store $s | Should -BeExactly $before
    }
}

Describe 'Remove-PermGroupMember' {
    BeforeAll {
        $script:team = New-TeamStore
    }

    BeforeEach {
        $script:s = Copy-TestStore -From $team
    }

    It 'removes direct members; the members themselves stay' {
        Remove-PermGroupMember -Store $s -Group staff -Member developer, alice

        (Get-PermGroup -Store $s -Name staff).MemberCount | Should -Be 0
        (Get-PermGroup -Store $s).Name | Should -Contain 'developer'
        (Get-PermUser -Store $s).Name | Should -Contain 'alice'
        (Get-PermissionStore -Store $s).Memberships | Should -Be 1
    }

    It 'reports a name that is not a member as PermShell.Group.NotAMember and still removes the others' {
        Remove-PermGroupMember -Store $s -Group staff -Member carol, alice -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.Group.NotAMember' -Category ObjectNotFound -Target carol
        (Get-PermGroup -Store $s -Name staff).MemberCount | Should -Be 1
    }

    It 'explains that a member through another group is not a direct member' {
        Remove-PermGroupMember -Store $s -Group staff -Member bob -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.Group.NotAMember' -Target bob
        $err[0].Exception.Message | Should -Match 'through another group'
        $err[0].Exception.Message | Should -Match 'developer'
        (Get-PermGroup -Store $s -Name developer).MemberCount | Should -Be 1
    }

    It 'reports an absent group as PermShell.Group.NotFound' {
        Remove-PermGroupMember -Store $s -Group nope -Member bob -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.Group.NotFound' -Category ObjectNotFound -Target nope
    }

    It '-WhatIf changes nothing' {
        $before = Get-StoreContent -Store $s

        Remove-PermGroupMember -Store $s -Group staff -Member developer, alice -WhatIf

        Get-StoreContent -Store $s | Should -BeExactly $before
    }
}

Describe 'Get-PermGroupMember' {
    BeforeAll {
        $script:s = New-TeamStore
    }

    It 'lists the direct members at depth 1, via the group itself' -Tag Engine {
        $members = Get-PermGroupMember -Store $s -Group staff

        $members | ForEach-Object { $_.PSTypeNames | Should -Contain 'PermShell.GroupMember' }
        ($members | Sort-Object Member | ForEach-Object { "$($_.Group)|$($_.Member)|$($_.MemberKind)|$($_.Depth)|$($_.Via)" }) |
            Should -BeExactly 'staff|alice|User|1|staff', 'staff|developer|Group|1|staff'
    }

    It 'lists nested members with -Recurse, with their depth and the group they come through' -Tag Engine {
        $members = Get-PermGroupMember -Store $s -Group staff -Recurse

        ($members | Sort-Object Depth, Member | ForEach-Object { "$($_.Member)|$($_.MemberKind)|$($_.Depth)|$($_.Via)" }) |
            Should -BeExactly 'alice|User|1|staff', 'developer|Group|1|staff', 'bob|User|2|developer'
        $members.Group | Select-Object -Unique | Should -BeExactly 'staff'
    }

    It 'takes the group by position and from the pipeline' -Tag Engine {
        (Get-PermGroupMember -Store $s developer).Member | Should -BeExactly 'bob'
        ('developer' | Get-PermGroupMember -Store $s).Member | Should -BeExactly 'bob'
    }

    It 'returns nothing for an empty group' {
        Get-PermGroupMember -Store $s -Group ops -ErrorVariable err | Should -BeNullOrEmpty
        $err | Should -BeNullOrEmpty
    }

    It 'reports an absent group as a non-terminating PermShell.Group.NotFound' {
        $out = Get-PermGroupMember -Store $s -Group nope -ErrorVariable err -ErrorAction SilentlyContinue

        $out | Should -BeNullOrEmpty
        Assert-PermError $err[0] 'PermShell.Group.NotFound' -Category ObjectNotFound -Target nope
    }

    It 'goes on with the next group after an absent one' -Tag Engine {
        $out = Get-PermGroupMember -Store $s -Group nope, developer -ErrorVariable err -ErrorAction SilentlyContinue

        $out.Member | Should -BeExactly 'bob'
        Assert-PermError $err[0] 'PermShell.Group.NotFound' -Target nope
    }
}

Describe 'Get-PermGroupMembership' {
    BeforeAll {
        $script:s = New-TeamStore
        # ops holds staff: bob > developer > staff > ops.
        Add-PermGroupMember -Store $s -Group ops -Member staff
    }

    It 'lists the groups a user is directly in' {
        Get-PermGroupMembership -Store $s -Subject bob | ForEach-Object { "$($_.Group)|$($_.Member)|$($_.MemberKind)|$($_.Depth)|$($_.Via)" } |
            Should -Be 'developer|bob|User|1|developer'
    }

    It 'with -Recurse, lists every group through nesting, Via the group the subject is directly in' -Tag Engine {
        Get-PermGroupMembership -Store $s -Subject bob -Recurse | ForEach-Object { "$($_.Group)|$($_.Depth)|$($_.Via)" } |
            Should -Be 'developer|1|developer', 'staff|2|developer', 'ops|3|developer'
    }

    It 'answers for groups too, and agrees with Get-PermGroupMember -Recurse seen from the other side' -Tag Engine {
        (Get-PermGroupMembership -Store $s -Subject developer -Recurse).Group | Should -Be 'staff', 'ops'
        $fromGroup = Get-PermGroupMember -Store $s -Group ops -Recurse | Where-Object Member -EQ bob
        $fromMember = Get-PermGroupMembership -Store $s -Subject bob -Recurse | Where-Object Group -EQ ops
        "$($fromMember.Group)|$($fromMember.Member)|$($fromMember.Depth)|$($fromMember.Via)" |
            Should -Be "$($fromGroup.Group)|$($fromGroup.Member)|$($fromGroup.Depth)|$($fromGroup.Via)"
    }

    It 'lists nothing for a user in no group (anonymous and authenticated are implicit)' {
        Get-PermGroupMembership -Store $s -Subject carol | Should -BeNullOrEmpty
    }

    It 'takes subjects from the pipeline and pipes its rows to Remove-PermGroupMember' {
        $t = Copy-TestStore -From $s
        Get-PermUser -Store $t -Name bob, alice | Get-PermGroupMembership -Store $t | Remove-PermGroupMember -Store $t -Confirm:$false
        Get-PermGroupMembership -Store $t -Subject bob, alice | Should -BeNullOrEmpty
        (Get-PermGroupMember -Store $t -Group staff).Member | Should -Be 'developer'
    }

    It 'reports an unknown subject as PermShell.Subject.NotFound with the closest name, and goes on' {
        $rows = Get-PermGroupMembership -Store $s -Subject bobb, bob -ErrorVariable err -ErrorAction SilentlyContinue
        Assert-PermError $err[0] 'PermShell.Subject.NotFound' -Category ObjectNotFound -Target bobb
        $err[0].Exception.Message | Should -BeLike '*Did you mean bob?*'
        $rows.Group | Should -Be 'developer'
    }
}
