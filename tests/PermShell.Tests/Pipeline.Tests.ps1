# Pipelines: one transaction per call and per pipeline (SPEC §1 "Store": mutations are transactional), and typed
# objects flowing into the next cmdlet by property name (SPEC §2, STYLE "Cmdlets").
# Tests tagged Engine need the real resolution engine (Get-PermGroupMember lists members through it).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule

    function Get-Revision([string] $Store) { (Get-PermissionStore -Store $Store).Revision }
    function Get-GrantList([string] $Store) { Get-Permission -Store $Store | ForEach-Object { "$($_.Subject):$($_.Permission)" } }
}

AfterAll {
    Remove-TestRoot
}

Describe 'One transaction per call and per pipeline' {
    BeforeEach {
        $script:s = New-SampleStore
        $script:r0 = Get-Revision $s
    }

    It 'New-PermUser bob | Grant-Permission -Name WIKI_VIEW works in one shared transaction' {
        New-PermUser -Store $s -Name bob | Grant-Permission -Store $s -Name WIKI_VIEW

        Get-GrantList $s | Should -BeExactly 'bob:WIKI_VIEW'
        Get-Revision $s | Should -Be ($r0 + 1)
    }

    It 'commits a pipeline of several items once' {
        'ann', 'bea', 'cid' | New-PermUser -Store $s

        (Get-PermUser -Store $s).Name | Should -BeExactly 'ann', 'bea', 'cid'
        Get-Revision $s | Should -Be ($r0 + 1)
    }

    It 'commits separate calls separately' {
        $null = New-PermUser -Store $s -Name ann
        $null = New-PermUser -Store $s -Name bea

        Get-Revision $s | Should -Be ($r0 + 2)
    }

    It 'writes none of the pipeline when a terminating error stops it midway' {
        $before = Get-StoreContent -Store $s

        { 1..3 | ForEach-Object { if ($_ -eq 3) { throw 'boom' }; "u$_" } | New-PermUser -Store $s } | Should -Throw '*boom*'

        Get-PermUser -Store $s | Should -BeNullOrEmpty
        Get-StoreContent -Store $s | Should -BeExactly $before
    }

    It 'writes none of the pipeline when a command after the PermShell cmdlets fails' {
        $before = Get-StoreContent -Store $s

        { 'ann', 'bea' | New-PermUser -Store $s | Grant-Permission -Store $s -Name WIKI_VIEW -PassThru | ForEach-Object { throw 'late' } } |
            Should -Throw '*late*'

        Get-StoreContent -Store $s | Should -BeExactly $before
    }

    It 'writes nothing when -ErrorAction Stop turns one bad item into a terminating error' {
        $before = Get-StoreContent -Store $s

        { 'ann', 'JOE', 'bea' | New-PermUser -Store $s -ErrorAction Stop } | Should -Throw

        Get-StoreContent -Store $s | Should -BeExactly $before
    }

    It 'keeps the good items when one item has a non-terminating error' {
        'ann', 'JOE', 'bea' | New-PermUser -Store $s -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.Name.UpperCase' -Target JOE
        (Get-PermUser -Store $s).Name | Should -BeExactly 'ann', 'bea'
        Get-Revision $s | Should -Be ($r0 + 1)
    }

    It 'lets a later item see what an earlier item of the same pipeline wrote' {
        'ann', 'ann' | New-PermUser -Store $s -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.User.Exists' -Target ann
        (Get-PermUser -Store $s).Name | Should -BeExactly 'ann'
    }

    It 'lets a nested call inside ForEach-Object join the open transaction' {
        'ann', 'bea' | New-PermUser -Store $s | ForEach-Object { Grant-Permission -Store $s -Subject $_.Name -Name WIKI_VIEW }

        Get-GrantList $s | Should -BeExactly 'ann:WIKI_VIEW', 'bea:WIKI_VIEW'
        Get-Revision $s | Should -Be ($r0 + 1)
    }

    It 'reads the uncommitted changes of the pipeline in a nested Get- call' {
        $seen = 'ann', 'bea' | New-PermUser -Store $s | ForEach-Object { @(Get-PermUser -Store $s).Count }

        $seen | Should -Be 1, 2
    }

    # A call that does not complete applies nothing: Select-Object -First stops the upstream cmdlet before it ends.
    It 'rolls back a changing cmdlet that Select-Object -First stops early' {
        $r0 = Get-Revision $s
        $first = 'ann', 'bea', 'cid' | New-PermUser -Store $s | Select-Object -First 1

        $first.Name | Should -BeExactly 'ann'
        Get-PermUser -Store $s | Should -BeNullOrEmpty
        Get-Revision $s | Should -Be $r0
    }

    It 'keeps the pipeline''s work when a nested call fails before changing anything and the script handles the error' {
        $caught = 'ann', 'bea' | New-PermUser -Store $s | ForEach-Object {
            try { $null = New-PermUser -Store $s -Name JOE -ErrorAction Stop } catch { 'caught' }
        }

        $caught | Should -Be 'caught', 'caught'
        (Get-PermUser -Store $s).Name | Should -BeExactly 'ann', 'bea'
    }

    It 'copies users from one store into another through the pipeline' {
        $other = New-TestStore
        $null = New-PermUser -Store $other -Name ann -Email ann@example.org -IsSuperuser $true
        $null = New-PermUser -Store $other -Name bea -IsActive $false

        Get-PermUser -Store $other | New-PermUser -Store $s | Out-Null

        (Get-PermUser -Store $s | ForEach-Object { "$($_.Name)|$($_.Email)|$($_.IsActive)|$($_.IsSuperuser)" }) |
            Should -BeExactly 'ann|ann@example.org|True|True', 'bea||False|False'
    }
}

Describe 'Pipeline input by property name' {
    BeforeAll {
        $script:fixture = New-SampleStore
        'alice', 'bob' | New-PermUser -Store $fixture | Out-Null
        'developer', 'staff' | New-PermGroup -Store $fixture | Out-Null
    }

    BeforeEach {
        $script:s = Copy-TestStore -From $fixture
    }

    It 'Get-PermUser | Grant-Permission -Name WIKI_VIEW grants to every user' {
        Get-PermUser -Store $s | Grant-Permission -Store $s -Name WIKI_VIEW

        Get-GrantList $s | Should -BeExactly 'alice:WIKI_VIEW', 'bob:WIKI_VIEW'
    }

    It 'Get-PermGroup | Grant-Permission -Name TICKET_VIEW grants to every group' {
        Get-PermGroup -Store $s | Grant-Permission -Store $s -Name TICKET_VIEW

        Get-GrantList $s | Should -BeExactly 'developer:TICKET_VIEW', 'staff:TICKET_VIEW'
    }

    It 'New-PermGroup | Add-PermGroupMember -Member adds to the new group' {
        New-PermGroup -Store $s -Name ops | Add-PermGroupMember -Store $s -Member alice, bob

        (Get-PermGroupMember -Store $s -Group ops).Member | Should -BeExactly 'alice', 'bob'
    }

    It 'Get-Permission -Subject bob | Grant-Permission -Subject alice copies bob''s grants' {
        Grant-Permission -Store $s -Subject bob -Name WIKI_VIEW, TICKET_ADMIN

        Get-Permission -Store $s -Subject bob | Grant-Permission -Store $s -Subject alice

        (Get-Permission -Store $s -Subject alice).Permission | Should -BeExactly 'TICKET_ADMIN', 'WIKI_VIEW'
    }

    It 'Get-Permission -Subject bob | Revoke-Permission revokes bob''s grants' {
        Grant-Permission -Store $s -Subject bob, alice -Name WIKI_VIEW, TICKET_VIEW

        Get-Permission -Store $s -Subject bob | Revoke-Permission -Store $s

        Get-GrantList $s | Should -BeExactly 'alice:TICKET_VIEW', 'alice:WIKI_VIEW'
    }

    It 'Get-PermUser | Add-PermGroupMember -Group developer adds every user' {
        Get-PermUser -Store $s | Add-PermGroupMember -Store $s -Group developer

        (Get-PermGroup -Store $s -Name developer).MemberCount | Should -Be 2
    }

    It 'Get-PermUser | Set-PermUser -IsActive $false changes every user' {
        Get-PermUser -Store $s | Set-PermUser -Store $s -IsActive $false

        (Get-PermUser -Store $s).IsActive | Should -Be $false, $false
    }

    It 'Get-PermUser | Remove-PermUser -Confirm:$false removes the users' {
        Get-PermUser -Store $s -Name 'a*' | Remove-PermUser -Store $s -Confirm:$false

        (Get-PermUser -Store $s).Name | Should -BeExactly 'bob'
    }

    It 'Get-PermGroup | Remove-PermGroup -Confirm:$false removes the groups' {
        Get-PermGroup -Store $s | Remove-PermGroup -Store $s -Confirm:$false

        Get-PermGroup -Store $s | Should -BeNullOrEmpty
    }

    It 'Get-PermissionDefinition | Remove-PermissionDefinition -Confirm:$false empties the catalog' {
        Grant-Permission -Store $s -Subject bob -Name WIKI_VIEW

        Get-PermissionDefinition -Store $s | Remove-PermissionDefinition -Store $s -Confirm:$false

        Get-PermissionDefinition -Store $s | Should -BeNullOrEmpty
        Get-Permission -Store $s | Should -BeNullOrEmpty
    }

    It 'Get-PermissionDefinition | New-PermissionDefinition copies a catalog into another store' {
        $null = New-PermissionDefinition -Store $s -Name auth.view_user -App auth -Model user -Description 'Can view user'
        $other = New-TestStore

        Get-PermissionDefinition -Store $s | New-PermissionDefinition -Store $other -WarningAction SilentlyContinue | Out-Null

        $format = { "$($_.Name)|$($_.App)|$($_.Model)|$($_.CodeName)|$($_.Description)|$($_.Implies -join ',')" }
        (Get-PermissionDefinition -Store $other | ForEach-Object $format) | Should -BeExactly (Get-PermissionDefinition -Store $s | ForEach-Object $format)
    }

    It 'Get-PermissionDefinition | Set-PermissionDefinition -Description changes each definition' {
        Get-PermissionDefinition -Store $s -Name 'WIKI_*' | Set-PermissionDefinition -Store $s -Description 'Wiki'

        (Get-PermissionDefinition -Store $s -Name 'WIKI_*').Description | Should -Be 'Wiki', 'Wiki'
        (Get-PermissionDefinition -Store $s -Name 'WIKI_ADMIN').Implies | Should -BeExactly 'WIKI_*'
    }

    It 'plain objects (e.g. from Import-Csv) create users by property name' {
        $rows = @(
            [pscustomobject]@{ Name = 'carol'; Email = 'carol@example.org'; DisplayName = 'Carol'; IsSuperuser = $true }
            [pscustomobject]@{ UserName = 'dave'; IsActive = $false }
        )

        $rows | New-PermUser -Store $s | Out-Null

        (Get-PermUser -Store $s -Name carol, dave | ForEach-Object { "$($_.Name)|$($_.Email)|$($_.DisplayName)|$($_.IsActive)|$($_.IsSuperuser)" }) |
            Should -BeExactly 'carol|carol@example.org|Carol|True|True', 'dave|||False|False'
    }

    It 'Get-PermGroup | Get-PermGroupMember lists the members of every group' -Tag Engine {
        Add-PermGroupMember -Store $s -Group developer -Member bob
        Add-PermGroupMember -Store $s -Group staff -Member alice, developer

        $members = Get-PermGroup -Store $s | Get-PermGroupMember -Store $s

        ($members | ForEach-Object { "$($_.Group)>$($_.Member)" } | Sort-Object) | Should -BeExactly 'developer>bob', 'staff>alice', 'staff>developer'
    }

    It 'Get-PermGroupMember developer | Grant-Permission -Name WIKI_VIEW grants to the members' -Tag Engine {
        Add-PermGroupMember -Store $s -Group developer -Member alice, bob

        Get-PermGroupMember -Store $s -Group developer | Grant-Permission -Store $s -Name WIKI_VIEW

        Get-GrantList $s | Should -BeExactly 'alice:WIKI_VIEW', 'bob:WIKI_VIEW'
    }
}
