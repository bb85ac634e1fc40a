# Resource policies (issue 15): Get-/Set-/Remove-PermissionPolicy, Test-Permission -Resource and
# Get-PermissionAudit -Resource, as Trac 1.6's AuthzPolicy followed by DefaultPermissionPolicy answers.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule

    # Catalog: WIKI_VIEW, WIKI_ADMIN (WIKI_*), TICKET_VIEW, TICKET_ADMIN (TICKET_*). bob in admins; carol; anonymous has WIKI_VIEW.
    function New-PolicyStore {
        $s = New-SampleStore
        $null = New-PermUser -Store $s -Name bob
        $null = New-PermUser -Store $s -Name carol
        $null = New-PermGroup -Store $s -Name admins
        Add-PermGroupMember -Store $s -Group admins -Member bob
        Grant-Permission -Store $s -Subject anonymous -Name WIKI_VIEW
        $s
    }
}

AfterAll {
    Remove-TestRoot
}

Describe 'Set-PermissionPolicy and Get-PermissionPolicy' {
    It 'adds sections last unless -Position says where, and lists them in order' {
        $s = New-PolicyStore
        Set-PermissionPolicy -Store $s -Resource '*' -Rule 'authenticated = WIKI_VIEW'
        Set-PermissionPolicy -Store $s -Resource 'wiki:PrivatePage' -Rule '@admins = WIKI_ADMIN', '* =' -Position 1

        $all = Get-PermissionPolicy -Store $s

        $all.Resource | Should -BeExactly 'wiki:PrivatePage', '*'
        $all.Position | Should -Be 1, 2
        $all[0].Rules | Should -BeExactly '@admins = WIKI_ADMIN', '* ='
        $all[0].PSObject.TypeNames[0] | Should -BeExactly 'PermShell.ResourcePolicy'
    }

    It 'replaces the entries of an existing section in place, and moves it with -Position' {
        $s = New-PolicyStore
        Set-PermissionPolicy -Store $s -Resource 'a:*' -Rule '* ='
        Set-PermissionPolicy -Store $s -Resource 'b:*' -Rule '* ='
        $set = Set-PermissionPolicy -Store $s -Resource 'a:*' -Rule 'bob = WIKI_VIEW' -PassThru
        $set.Position | Should -Be 1
        Set-PermissionPolicy -Store $s -Resource 'a:*' -Rule 'bob = WIKI_VIEW' -Position 2

        (Get-PermissionPolicy -Store $s).Resource | Should -BeExactly 'b:*', 'a:*'
        (Get-PermissionPolicy -Store $s -Resource 'a:*').Rules | Should -BeExactly 'bob = WIKI_VIEW'
    }

    It '-Match lists the sections a check on a resource reads, first one first' {
        $s = New-PolicyStore
        Set-PermissionPolicy -Store $s -Resource 'wiki:Private*' -Rule '* ='
        Set-PermissionPolicy -Store $s -Resource 'ticket:*' -Rule '* ='
        Set-PermissionPolicy -Store $s -Resource '*' -Rule '* ='

        (Get-PermissionPolicy -Store $s -Match 'wiki:PrivatePage').Resource | Should -BeExactly 'wiki:Private*', '*'
    }

    It '-WhatIf changes nothing' {
        $s = New-PolicyStore
        Set-PermissionPolicy -Store $s -Resource 'wiki:*' -Rule '* =' -WhatIf

        Get-PermissionPolicy -Store $s | Should -BeNullOrEmpty
    }

    It 'a bad pattern or entry is an error and nothing is written' {
        $s = New-PolicyStore
        Set-PermissionPolicy -Store $s -Resource 'groups' -Rule '* =' -ErrorVariable e -ErrorAction SilentlyContinue
        Assert-PermError $e[0] 'PermShell.Policy.InvalidPattern' -Category InvalidArgument -Target 'groups'
        Set-PermissionPolicy -Store $s -Resource 'wiki:*' -Rule 'bob WIKI_VIEW' -ErrorVariable e -ErrorAction SilentlyContinue
        Assert-PermError $e[0] 'PermShell.Policy.InvalidEntry' -Category InvalidArgument
        Set-PermissionPolicy -Store $s -Resource 'wiki:*' -Rule 'bob = WIKI_VIEW', 'bob =' -ErrorVariable e -ErrorAction SilentlyContinue
        Assert-PermError $e[0] 'PermShell.Policy.InvalidEntry' -Target 'bob'

        Get-PermissionPolicy -Store $s | Should -BeNullOrEmpty
    }

    It 'an unknown permission or subject is kept with a warning, as Trac logs it' {
        $s = New-PolicyStore
        Set-PermissionPolicy -Store $s -Resource 'wiki:*' -Rule 'ghost = NOPE_VIEW' -WarningVariable w -WarningAction SilentlyContinue

        @($w).Count | Should -Be 2
        "$($w[1])" | Should -BeLike 'The action NOPE_VIEW in the `[wiki:`*] section is not a valid action.*'
        (Get-PermissionPolicy -Store $s).Rules | Should -BeExactly 'ghost = NOPE_VIEW'
    }

    It 'a pattern without a section is ObjectNotFound for Get- and Remove-' {
        $s = New-PolicyStore
        Get-PermissionPolicy -Store $s -Resource 'nope' -ErrorVariable e -ErrorAction SilentlyContinue
        Assert-PermError $e[0] 'PermShell.Policy.NotFound' -Category ObjectNotFound -Target 'nope'
        Remove-PermissionPolicy -Store $s -Resource 'nope' -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue
        Assert-PermError $e[0] 'PermShell.Policy.NotFound' -Category ObjectNotFound -Target 'nope'
    }

    It 'completes section patterns, quoted' {
        $s = New-PolicyStore
        Set-PermissionPolicy -Store $s -Resource 'wiki:Private*' -Rule '* ='

        Get-CompletionText "Remove-PermissionPolicy -Store '$s' -Resource wiki" | Should -BeExactly "'wiki:Private*'"
    }
}

Describe 'Remove-PermissionPolicy' {
    It 'removes the sections piped from Get-PermissionPolicy, each logged, and the log still verifies' {
        $s = New-PolicyStore
        Set-PermissionPolicy -Store $s -Resource 'wiki:*' -Rule '* ='
        Set-PermissionPolicy -Store $s -Resource 'ticket:*' -Rule 'bob = TICKET_VIEW'

        $removed = Get-PermissionPolicy -Store $s | Remove-PermissionPolicy -Store $s -Confirm:$false -PassThru

        $removed.Resource | Should -BeExactly 'wiki:*', 'ticket:*'
        Get-PermissionPolicy -Store $s | Should -BeNullOrEmpty
        (Get-PermissionLog -Store $s -Action '*Policy').Action | Should -BeExactly 'Add Policy', 'Add Policy', 'Remove Policy', 'Remove Policy'
        Test-PermissionLog -Store $s | Should -BeTrue
    }
}

Describe 'Test-Permission -Resource' {
    It 'the first matching section with an entry for the subject decides, and -Explain names it' {
        $s = New-PolicyStore
        Set-PermissionPolicy -Store $s -Resource 'wiki:*' -Rule 'bob = WIKI_VIEW'
        Set-PermissionPolicy -Store $s -Resource 'wiki:PrivatePage' -Rule '* ='

        $route = Test-Permission -Store $s -Subject bob -Name WIKI_VIEW -Resource 'wiki:PrivatePage' -Explain

        $route.Kind | Should -Be 'Policy'
        $route.Path | Should -BeExactly '[wiki:*] bob = WIKI_VIEW'
        Test-Permission -Store $s -Subject carol -Name WIKI_VIEW -Resource 'wiki:PrivatePage' | Should -BeFalse
    }

    It '!WIKI_ADMIN denies WIKI_VIEW, and the warning names the section and the entry' {
        $s = New-PolicyStore
        Set-PermissionPolicy -Store $s -Resource 'wiki:PrivatePage' -Rule 'bob = !WIKI_ADMIN'

        Test-Permission -Store $s -Subject bob -Name WIKI_VIEW -Resource 'wiki:PrivatePage' -Explain -WarningVariable w -WarningAction SilentlyContinue | Should -BeNullOrEmpty

        "$w" | Should -BeExactly "bob does not hold WIKI_VIEW on wiki:PrivatePage@*: the policy section [wiki:PrivatePage] denies it to bob on wiki:PrivatePage@* by the entry 'bob = !WIKI_ADMIN' (!WIKI_ADMIN covers WIKI_VIEW)."
        Test-Permission -Store $s -Subject bob -Name WIKI_VIEW | Should -BeTrue
    }

    It 'where no rule applies the store decides, with its ordinary routes' {
        $s = New-PolicyStore
        Set-PermissionPolicy -Store $s -Resource 'ticket:*' -Rule '* ='

        (Test-Permission -Store $s -Subject bob -Name WIKI_VIEW -Resource 'wiki:Start' -Explain).Kind | Should -Be 'Anonymous'
    }

    It 'several checks say which resource they are about' {
        $s = New-PolicyStore
        Set-PermissionPolicy -Store $s -Resource 'wiki:*' -Rule '@admins = WIKI_ADMIN', '* ='

        $checks = Test-Permission -Store $s -Subject bob, carol -Name WIKI_VIEW -Resource 'wiki:A'

        $checks | ForEach-Object { "$($_.Subject) $($_.Allowed) $($_.Resource)" } | Should -BeExactly 'bob True wiki:A@*', 'carol False wiki:A@*'
    }
}

Describe 'Get-PermissionAudit -Resource' {
    It 'lists who holds the permission on the resource and why, leaving out whom the policy denies' {
        $s = New-PolicyStore
        Set-PermissionPolicy -Store $s -Resource 'wiki:PrivatePage' -Rule '@admins = WIKI_VIEW', '* ='

        $rows = Get-PermissionAudit -Store $s -Name WIKI_VIEW -Resource 'wiki:PrivatePage'

        $rows | ForEach-Object { "$($_.User)|$($_.Route)|$($_.Path)|$($_.Resource)" } |
            Should -BeExactly 'bob|Policy|[wiki:PrivatePage] @admins = WIKI_VIEW|wiki:PrivatePage@*'
        (Get-PermissionAudit -Store $s -Name WIKI_VIEW).User | Should -Contain 'carol'
    }

    It 'piped to Test-Permission, its rows are checked on their resource, and store-wide rows store-wide' {
        $s = New-PolicyStore
        Set-PermissionPolicy -Store $s -Resource 'wiki:*' -Rule '@admins = WIKI_VIEW', 'carol = !WIKI_VIEW'

        $onResource = Get-PermissionAudit -Store $s -Name WIKI_VIEW -Resource 'wiki:Start' | Test-Permission -Store $s
        $storeWide = Get-PermissionAudit -Store $s -Name WIKI_VIEW | Where-Object User -EQ carol | Test-Permission -Store $s

        $onResource | ForEach-Object { "$($_.Subject) $($_.Allowed) $($_.Resource)" } | Should -BeExactly 'bob True wiki:Start@*'
        "$($storeWide.Subject) $($storeWide.Allowed) [$($storeWide.Resource)]" | Should -BeExactly 'carol True []'
    }
}

Describe 'Manifests with policies' {
    It 'export and a Sync import into another store give the same policy, and the plan shows policy changes' {
        $s = New-PolicyStore
        Set-PermissionPolicy -Store $s -Resource 'wiki:PrivatePage' -Rule '@admins = WIKI_ADMIN', 'carol = WIKI_VIEW, !WIKI_ADMIN', '* ='
        Set-PermissionPolicy -Store $s -Resource '*' -Rule 'authenticated = WIKI_VIEW'
        $file = Join-Path (New-TestFolder) 'export.yaml'
        Export-PermissionManifest -Store $s -Path $file

        $t = New-TestStore
        $plan = Compare-PermissionManifest -Store $t -Path $file -Mode Sync
        ($plan | Where-Object Kind -EQ Policy | ForEach-Object { "$($_.Action) $($_.Subject)" }) | Should -BeExactly 'Add wiki:PrivatePage', 'Add *'
        Import-PermissionManifest -Store $t -Path $file -Mode Sync -Confirm:$false

        (Get-PermissionPolicy -Store $t | ForEach-Object { "$($_.Position) $($_.Resource) $($_.Rules -join '; ')" }) |
            Should -BeExactly (Get-PermissionPolicy -Store $s | ForEach-Object { "$($_.Position) $($_.Resource) $($_.Rules -join '; ')" })
        Export-PermissionManifest -Store $t | Should -BeExactly (Get-Content -Raw -LiteralPath $file)
        Test-PermissionLog -Store $t | Should -BeTrue
    }

    It 'the Markdown plan lists a policy change with its rules' {
        $s = New-PolicyStore
        $file = Join-Path (New-TestFolder) 'm.yaml'
        Set-Content -LiteralPath $file -Value "version: 1`npolicies:`n  - resource: 'wiki:*'`n    rules: ['* =']`n"

        $md = Compare-PermissionManifest -Store $s -Path $file -AsMarkdown

        $md | Should -Match 'wiki:\*'
        $md | Should -Match '`\* =`'
    }
}
