# Rename-PermUser and Rename-PermGroup (issue 14 item 4): a new name with the grants, memberships and log kept.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule

    # bob holds WIKI_VIEW and is in developer; developer holds TICKET_VIEW and is in staff.
    function New-RenameStore {
        $s = New-SampleStore
        $null = New-PermissionDefinition -Store $s -Name deploy
        $null = New-PermUser -Store $s -Name bob, carol
        $null = New-PermGroup -Store $s -Name developer, staff
        Set-PermUser -Store $s -Name bob -Email 'bob@example.org' -IsSuperuser $true
        Set-PermGroup -Store $s -Name developer -Description 'Writes the code'
        Add-PermGroupMember -Store $s -Group developer -Member bob, carol
        Add-PermGroupMember -Store $s -Group staff -Member developer
        Grant-Permission -Store $s -Subject bob -Name WIKI_VIEW
        Grant-Permission -Store $s -Subject developer -Name TICKET_VIEW
        $s
    }
}

AfterAll {
    Remove-TestRoot
}

Describe 'Rename-PermUser' {
    It 'renames a user with its attributes, grants and memberships' {
        $s = New-RenameStore

        $out = Rename-PermUser -Store $s -Name bob -NewName robert

        $out | Should -BeNullOrEmpty
        (Get-PermUser -Store $s).Name | Should -Be 'carol', 'robert'
        $robert = Get-PermUser -Store $s -Name robert
        $robert.Email | Should -BeExactly 'bob@example.org'
        $robert.IsSuperuser | Should -BeTrue
        (Get-Permission -Store $s -Subject robert).Permission | Should -Be 'WIKI_VIEW'
        (Get-PermGroupMember -Store $s -Group developer).Member | Should -Be 'carol', 'robert'
        (Get-PermGroupMembership -Store $s -Subject robert -Recurse).Group | Should -Be 'developer', 'staff'
        Test-Permission -Store $s -Subject robert -Name TICKET_VIEW | Should -BeTrue
    }

    It 'keeps the old name in earlier log entries and logs the rename once, naming both' {
        $s = New-RenameStore

        Rename-PermUser -Store $s -Name bob -NewName robert

        $log = @(Get-PermissionLog -Store $s)
        $log[-1].Action | Should -BeExactly 'Rename User'
        $log[-1].Subject | Should -BeExactly 'bob'
        $log[-1].Target | Should -BeExactly 'robert'
        $log | Where-Object { $_.Action -eq 'Add Grant' -and $_.Target -eq 'WIKI_VIEW' } | ForEach-Object Subject | Should -BeExactly 'bob'
        (Get-PermissionLog -Store $s -Subject robert).Action | Should -BeExactly 'Rename User'
        Test-PermissionLog -Store $s | Should -BeTrue
    }

    It 'renames from the pipeline and writes the renamed user with -PassThru' {
        $s = New-RenameStore

        $out = Get-PermUser -Store $s -Name bob | Rename-PermUser -Store $s -NewName robert -PassThru

        $out.PSTypeNames | Should -Contain 'PermShell.User'
        $out.Name | Should -BeExactly 'robert'
        $out.Email | Should -BeExactly 'bob@example.org'
    }

    It '-WhatIf changes nothing and writes nothing' {
        $s = New-RenameStore
        $before = Get-StoreContent -Store $s

        $out = Rename-PermUser -Store $s -Name bob -NewName robert -WhatIf -PassThru

        $out | Should -BeNullOrEmpty
        Get-StoreContent -Store $s | Should -BeExactly $before
    }

    It 'refuses <Label> (<Id>) and changes nothing' -TestCases @(
        @{ Label = 'a name taken by a user'; Name = 'bob'; NewName = 'carol'; Id = 'PermShell.User.Exists' }
        @{ Label = 'a name taken by a group'; Name = 'bob'; NewName = 'staff'; Id = 'PermShell.Group.Exists' }
        @{ Label = 'a permission name'; Name = 'bob'; NewName = 'deploy'; Id = 'PermShell.Name.CollidesWithPermission' }
        @{ Label = 'a case twin of a permission'; Name = 'bob'; NewName = 'Wiki_View'; Id = 'PermShell.Name.DiffersByCase' }
        @{ Label = 'a reserved name'; Name = 'bob'; NewName = 'anonymous'; Id = 'PermShell.Name.Reserved' }
        @{ Label = 'an upper-case name'; Name = 'bob'; NewName = 'BOB'; Id = 'PermShell.Name.UpperCase' }
        @{ Label = 'white space at the end'; Name = 'bob'; NewName = 'bob '; Id = 'PermShell.Name.Invalid' }
        @{ Label = 'an unknown user'; Name = 'bobby'; NewName = 'robert'; Id = 'PermShell.User.NotFound' }
        @{ Label = 'a virtual group'; Name = 'anonymous'; NewName = 'everyone'; Id = 'PermShell.Group.Virtual' }
    ) {
        $s = New-RenameStore
        $before = Get-StoreContent -Store $s

        $out = Rename-PermUser -Store $s -Name $Name -NewName $NewName -PassThru -ErrorVariable err -ErrorAction SilentlyContinue

        $out | Should -BeNullOrEmpty
        Assert-PermError $err[0] $Id
        Get-StoreContent -Store $s | Should -BeExactly $before
    }

    It 'the same name changes nothing' {
        $s = New-RenameStore
        $revision = (Get-PermissionStore -Store $s).Revision

        (Rename-PermUser -Store $s -Name bob -NewName bob -PassThru).Name | Should -BeExactly 'bob'

        (Get-PermissionStore -Store $s).Revision | Should -Be $revision
    }

    It 'completes -Name with the store''s users' {
        $s = New-RenameStore

        Get-CompletionText "Rename-PermUser -Store '$s' -Name ca" | Should -Be 'carol'
    }
}

Describe 'Rename-PermGroup' {
    It 'renames a group with its description, grants, members and memberships' {
        $s = New-RenameStore

        $out = Rename-PermGroup -Store $s -Name developer -NewName engineering -PassThru

        $out.PSTypeNames | Should -Contain 'PermShell.Group'
        $out.Name | Should -BeExactly 'engineering'
        $out.Description | Should -BeExactly 'Writes the code'
        $out.MemberCount | Should -Be 2
        (Get-PermGroup -Store $s).Name | Should -Be 'engineering', 'staff'
        (Get-Permission -Store $s -Subject engineering).Permission | Should -Be 'TICKET_VIEW'
        (Get-PermGroupMember -Store $s -Group engineering).Member | Should -Be 'bob', 'carol'
        (Get-PermGroupMember -Store $s -Group staff).Member | Should -Be 'engineering'
        Test-Permission -Store $s -Subject carol -Name TICKET_VIEW | Should -BeTrue
        (Get-PermissionLog -Store $s -Last 1 | ForEach-Object { "$($_.Action) $($_.Subject) $($_.Target)" }) | Should -BeExactly 'Rename Group developer engineering'
        Test-PermissionLog -Store $s | Should -BeTrue
    }

    It 'renames from the pipeline' {
        $s = New-RenameStore

        Get-PermGroup -Store $s -Name staff | Rename-PermGroup -Store $s -NewName everyone-staff

        (Get-PermGroup -Store $s).Name | Should -Be 'developer', 'everyone-staff'
    }

    It 'a rename and a grant to the new name in one pipeline are written together' {
        $s = New-RenameStore

        Rename-PermGroup -Store $s -Name developer -NewName engineering -PassThru | Grant-Permission -Store $s -Name WIKI_VIEW

        (Get-Permission -Store $s -Subject engineering).Permission | Should -Be 'TICKET_VIEW', 'WIKI_VIEW'
    }

    It 'refuses <Label> (<Id>) and changes nothing' -TestCases @(
        @{ Label = 'a name taken by a user'; Name = 'staff'; NewName = 'bob'; Id = 'PermShell.User.Exists' }
        @{ Label = 'a name taken by a group'; Name = 'staff'; NewName = 'developer'; Id = 'PermShell.Group.Exists' }
        @{ Label = 'a reserved name'; Name = 'staff'; NewName = 'authenticated'; Id = 'PermShell.Name.Reserved' }
        @{ Label = 'a case twin of a reserved name'; Name = 'staff'; NewName = 'Anonymous'; Id = 'PermShell.Name.DiffersByCase' }
        @{ Label = 'a user'; Name = 'bob'; NewName = 'robert'; Id = 'PermShell.Group.NotFound' }
        @{ Label = 'anonymous'; Name = 'anonymous'; NewName = 'everyone'; Id = 'PermShell.Group.Virtual' }
        @{ Label = 'authenticated'; Name = 'authenticated'; NewName = 'members'; Id = 'PermShell.Group.Virtual' }
    ) {
        $s = New-RenameStore
        $before = Get-StoreContent -Store $s

        Rename-PermGroup -Store $s -Name $Name -NewName $NewName -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] $Id -Target $(if ($Id -like '*NotFound' -or $Id -eq 'PermShell.Group.Virtual') { $Name } else { $NewName })
        Get-StoreContent -Store $s | Should -BeExactly $before
    }

    It 'completes -Name with the store''s groups' {
        $s = New-RenameStore

        Get-CompletionText "Rename-PermGroup -Store '$s' -Name st" | Should -Be 'staff'
    }
}

Describe 'Renames and the resource policy' {
    It 'the policy entries for the old name follow the rename, in place, so the answers stay the same' {
        $s = New-RenameStore
        Set-PermissionPolicy -Store $s -Resource 'wiki:Private*' -Rule 'carol = !WIKI_VIEW', '@developer = WIKI_VIEW', '* ='
        Test-Permission -Store $s -Subject carol -Name WIKI_VIEW -Resource 'wiki:PrivatePage' | Should -BeFalse

        Rename-PermUser -Store $s -Name carol -NewName caroline
        Rename-PermGroup -Store $s -Name developer -NewName engineering

        (Get-PermissionPolicy -Store $s -Resource 'wiki:Private*').Rules | Should -BeExactly 'caroline = !WIKI_VIEW', '@engineering = WIKI_VIEW', '* ='
        Test-Permission -Store $s -Subject caroline -Name WIKI_VIEW -Resource 'wiki:PrivatePage' | Should -BeFalse
        (Test-Permission -Store $s -Subject caroline -Name TICKET_VIEW -Resource 'wiki:PrivatePage' -Explain).Kind | Should -Be 'Group' -Because 'the entry does not cover TICKET_VIEW, so the grants decide'
        Test-PermissionLog -Store $s | Should -BeTrue
    }

    It 'a rename onto a name the section already has an entry for is refused (PermShell.Policy.InvalidEntry)' {
        $s = New-RenameStore
        Set-PermissionPolicy -Store $s -Resource 'wiki:*' -Rule 'carol = WIKI_VIEW', 'caroline = !WIKI_VIEW' 3>$null
        $before = Get-StoreContent -Store $s

        Rename-PermUser -Store $s -Name carol -NewName caroline -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.Policy.InvalidEntry' -Target 'caroline'
        Get-StoreContent -Store $s | Should -BeExactly $before
    }
}
