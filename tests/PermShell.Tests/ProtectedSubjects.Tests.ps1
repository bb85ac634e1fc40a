# protected: in manifests (issue 14 item 7): users and groups that Sync never removes, nor takes a grant or a
# membership from, unless the permission or the other side of the membership goes itself.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule

    # root (holding WIKI_ADMIN) in admins and developer, bob in developer; admins (holding TICKET_ADMIN) and developer in staff.
    $script:fixture = New-SampleStore
    $null = New-PermUser -Store $fixture -Name root, bob
    $null = New-PermGroup -Store $fixture -Name admins, developer, staff
    Add-PermGroupMember -Store $fixture -Group admins -Member root
    Add-PermGroupMember -Store $fixture -Group developer -Member bob, root
    Add-PermGroupMember -Store $fixture -Group staff -Member admins, developer
    Grant-Permission -Store $fixture -Subject root -Name WIKI_ADMIN
    Grant-Permission -Store $fixture -Subject admins -Name TICKET_ADMIN
    Grant-Permission -Store $fixture -Subject anonymous -Name WIKI_VIEW

    function New-Manifest([string] $Yaml) {
        $path = Join-Path (New-TestFolder) 'm.yaml'
        [IO.File]::WriteAllText($path, $Yaml)
        $path
    }

    function Import-Sync([string] $Store, [string] $Yaml) {
        Import-PermissionManifest -Store $Store -Path (New-Manifest $Yaml) -Mode Sync -Force -PassThru -InformationAction Ignore |
            ForEach-Object { "$($_.Action) $($_.Kind) $($_.Subject) $($_.Target)".TrimEnd() }
    }

    function Get-Memberships([string] $Store) {
        Get-PermGroup -Store $Store | Get-PermGroupMember -Store $Store | ForEach-Object { "$($_.Group)>$($_.Member)" }
    }
}

AfterAll {
    Remove-TestRoot
}

Describe 'protected: in Sync' {
    BeforeEach {
        $script:s = Copy-TestStore -From $fixture
    }

    It 'keeps an unlisted protected user with its grants and memberships, and removes the others' {
        $changes = Import-Sync $s "version: 1`nusers: []`nprotected: [root]`n"

        $changes | Should -BeExactly 'Remove Member developer bob', 'Remove User bob'
        (Get-PermUser -Store $s).Name | Should -BeExactly 'root'
        (Get-Permission -Store $s -Subject root).Permission | Should -BeExactly 'WIKI_ADMIN'
        Get-Memberships $s | Should -Contain 'admins>root'
        Get-Memberships $s | Should -Contain 'developer>root'
    }

    It 'keeps an unlisted protected group with its grants, members and memberships' {
        $changes = Import-Sync $s "version: 1`ngroups:`n  - name: staff`n    members: [developer]`n  - name: developer`n    members: [bob]`nprotected: [admins]`n"

        $changes | Should -BeExactly 'Remove Grant anonymous WIKI_VIEW', 'Remove Member developer root'
        (Get-PermGroup -Store $s).Name | Should -BeExactly 'admins', 'developer', 'staff'
        (Get-Permission -Store $s -Subject admins).Permission | Should -BeExactly 'TICKET_ADMIN'
        Get-Memberships $s | Should -BeExactly 'admins>root', 'developer>bob', 'staff>admins', 'staff>developer'
    }

    It 'adds and sets what the manifest lists for a protected subject, and takes nothing the manifest leaves out' {
        $changes = Import-Sync $s "version: 1`nusers:`n  - name: root`n    email: root@example.org`n    grants: [TICKET_VIEW]`n  - name: bob`nprotected: [root]`n"

        $changes | Should -BeExactly 'Update User root', 'Add Grant root TICKET_VIEW'
        (Get-PermUser -Store $s -Name root).Email | Should -BeExactly 'root@example.org'
        (Get-Permission -Store $s -Subject root).Permission | Should -BeExactly 'TICKET_VIEW', 'WIKI_ADMIN'
    }

    It 'protects anonymous''s grants too' {
        Import-Sync $s "version: 1`ngroups: []`nprotected: [anonymous, admins, developer, staff]`n" | Should -BeNullOrEmpty

        (Get-Permission -Store $s -Subject anonymous).Permission | Should -BeExactly 'WIKI_VIEW'
    }

    It 'a grant still goes with its permission, a membership with the group on its other side' {
        $changes = Import-Sync $s "version: 1`npermissions:`n  - name: WIKI_VIEW`n  - name: TICKET_ADMIN`n  - name: TICKET_VIEW`ngroups:`n  - name: admins`n  - name: staff`n    members: [admins]`nprotected: [root, admins]`n"

        $changes | Should -Contain 'Remove Grant root WIKI_ADMIN'
        $changes | Should -Contain 'Remove Permission WIKI_ADMIN'
        $changes | Should -Contain 'Remove Member developer root'
        $changes | Should -Contain 'Remove Group developer'
        Get-Memberships $s | Should -BeExactly 'admins>root', 'staff>admins'
    }

    It 'a name protected in any file of a folder is protected' {
        $folder = New-TestFolder
        [IO.File]::WriteAllText((Join-Path $folder 'a.yaml'), "version: 1`nusers: []`nprotected: [root]`n")
        [IO.File]::WriteAllText((Join-Path $folder 'b.yaml'), "version: 1`nprotected: [bob]`n")

        Import-PermissionManifest -Store $s -Path $folder -Mode Sync -Force -PassThru -InformationAction Ignore | Should -BeNullOrEmpty

        (Get-PermUser -Store $s).Name | Should -BeExactly 'bob', 'root'
    }

    It 'Merge is unchanged by it' {
        Import-PermissionManifest -Store $s -Path (New-Manifest "version: 1`nusers: []`nprotected: [root]`n") -PassThru -InformationAction Ignore | Should -BeNullOrEmpty
    }
}

Describe 'protected: when read' {
    It 'refuses <Label> at its line and column (<Id>)' -TestCases @(
        @{ Label = 'a name with white space at the end'; Yaml = "version: 1`nprotected: [root, 'bob ']`n"; Id = 'PermShell.Name.Invalid'; At = '2:19' }
        @{ Label = 'a single name instead of a list'; Yaml = "version: 1`nprotected: root`n"; Id = 'PermShell.Manifest.WrongType'; At = '2:12' }
        @{ Label = 'a number'; Yaml = "version: 1`nprotected: [42]`n"; Id = 'PermShell.Manifest.WrongType'; At = '2:13' }
        @{ Label = 'a misspelt key'; Yaml = "version: 1`nprotect: [root]`n"; Id = 'PermShell.Manifest.UnknownKey'; At = '2:1' }
    ) {
        $path = New-Manifest $Yaml

        Test-PermissionManifest -Path $path -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeExactly $false

        ($problems[0].FullyQualifiedErrorId -split ',')[0] | Should -BeExactly $Id
        "$($problems[0].TargetObject)" | Should -BeExactly "${path}:$At"
    }

    It 'suggests protected for a misspelt key' {
        Test-PermissionManifest -Path (New-Manifest "version: 1`nprotect: [root]`n") -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems[0].Exception.Message | Should -BeLike '*Did you mean protected?*'
    }
}
