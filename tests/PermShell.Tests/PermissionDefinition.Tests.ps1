# Get-, New-, Set-, Remove-PermissionDefinition: the permission catalog (SPEC §1 "Permission catalog", "Names").
# Tests tagged Engine need the real PermissionNaming (App/CodeName derived from the name).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule

    $script:definitionProperties = 'Name', 'App', 'Model', 'CodeName', 'Description', 'Implies'
}

AfterAll {
    Remove-TestRoot
}

Describe 'New-PermissionDefinition' {
    It 'defines a Trac-style permission and returns a PermShell.PermissionDefinition' {
        $s = New-TestStore

        $def = New-PermissionDefinition -Store $s -Name WIKI_VIEW -Description 'View wiki pages'

        $def.PSTypeNames | Should -Contain 'PermShell.PermissionDefinition'
        foreach ($p in $definitionProperties) { $def.PSObject.Properties.Name | Should -Contain $p }
        $def.Name | Should -BeExactly 'WIKI_VIEW'
        $def.CodeName | Should -BeExactly 'WIKI_VIEW'
        $def.Model | Should -BeExactly ''
        $def.Description | Should -BeExactly 'View wiki pages'
        @($def.Implies).Count | Should -Be 0
        (Get-PermissionDefinition -Store $s -Name WIKI_VIEW).Description | Should -BeExactly 'View wiki pages'
    }

    It 'takes App from the first word of a Trac-style name' -Tag Engine {
        $s = New-TestStore

        $def = New-PermissionDefinition -Store $s -Name TICKET_VIEW

        $def.App | Should -BeExactly 'ticket'
        (Get-PermissionDefinition -Store $s -Name TICKET_VIEW).App | Should -BeExactly 'ticket'
    }

    It 'splits a Django-style name into App and CodeName' -Tag Engine {
        $s = New-TestStore

        $def = New-PermissionDefinition -Store $s -Name auth.change_user -Model user -Description 'Can change user'

        $def.App | Should -BeExactly 'auth'
        $def.CodeName | Should -BeExactly 'change_user'
        $def.Model | Should -BeExactly 'user'
        $def.Display | Should -BeExactly 'auth | user | Can change user'
    }

    It 'keeps an App given explicitly' {
        $s = New-TestStore

        $def = New-PermissionDefinition -Store $s -Name REPORT_SQL_VIEW -App reports -Model report

        $def.App | Should -BeExactly 'reports'
        $def.Model | Should -BeExactly 'report'
        (Get-PermissionDefinition -Store $s -Name REPORT_SQL_VIEW).App | Should -BeExactly 'reports'
    }

    It 'stores the implications in the order given, names and wildcard patterns alike' {
        $s = New-TestStore
        $null = New-PermissionDefinition -Store $s -Name TICKET_VIEW

        $def = New-PermissionDefinition -Store $s -Name TICKET_ADMIN -Implies 'TICKET_*', TICKET_VIEW

        $def.Implies | Should -Be 'TICKET_*', 'TICKET_VIEW'
        (Get-PermissionDefinition -Store $s -Name TICKET_ADMIN).Implies | Should -Be 'TICKET_*', 'TICKET_VIEW'
    }

    It 'warns about an implied name that is not in the catalog yet, and keeps it' {
        $s = New-TestStore

        $def = New-PermissionDefinition -Store $s -Name WIKI_ADMIN -Implies WIKI_VIEW -WarningVariable w -WarningAction SilentlyContinue

        "$w" | Should -Match 'WIKI_ADMIN implies WIKI_VIEW, which is not in the catalog'
        $def.Implies | Should -Be 'WIKI_VIEW'
    }

    It 'refuses an implication pattern with characters a permission name cannot have (PermShell.Permission.InvalidPattern)' {
        $s = New-TestStore

        $out = New-PermissionDefinition -Store $s -Name WIKI_ADMIN -Implies 'WIKI *' -ErrorVariable err -ErrorAction SilentlyContinue

        $out | Should -BeNullOrEmpty
        Assert-PermError $err[0] 'PermShell.Permission.InvalidPattern' -Category InvalidArgument -Target 'WIKI *'
        Get-PermissionDefinition -Store $s | Should -BeNullOrEmpty
    }

    It 'refuses an invalid permission name <Name> (PermShell.Name.Invalid)' -TestCases @(
        @{ Name = '1BAD' }, @{ Name = 'HAS SPACE' }, @{ Name = 'A-B' }, @{ Name = '_X' }, @{ Name = 'auth.' }, @{ Name = 'a.b.c' }
    ) {
        $s = New-TestStore

        $out = New-PermissionDefinition -Store $s -Name $Name -ErrorVariable err -ErrorAction SilentlyContinue

        $out | Should -BeNullOrEmpty
        Assert-PermError $err[0] 'PermShell.Name.Invalid' -Category InvalidArgument -Target $Name
        Get-PermissionDefinition -Store $s | Should -BeNullOrEmpty
    }

    It 'refuses a permission that exists (PermShell.Permission.Exists)' {
        $s = New-TestStore
        $null = New-PermissionDefinition -Store $s -Name WIKI_VIEW -Description first

        $null = New-PermissionDefinition -Store $s -Name WIKI_VIEW -Description second -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.Permission.Exists' -Category ResourceExists -Target WIKI_VIEW
        (Get-PermissionDefinition -Store $s -Name WIKI_VIEW).Description | Should -BeExactly 'first'
    }

    It 'refuses a permission that differs from a defined one by case only (PermShell.Name.DiffersByCase)' {
        $s = New-TestStore
        $null = New-PermissionDefinition -Store $s -Name WIKI_VIEW

        $null = New-PermissionDefinition -Store $s -Name Wiki_View -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.Name.DiffersByCase' -Category InvalidArgument -Target Wiki_View
        (Get-PermissionDefinition -Store $s).Name | Should -BeExactly 'WIKI_VIEW'
    }

    It 'refuses the name of an existing user or group (PermShell.Name.CollidesWithSubject)' {
        $s = New-TestStore
        $null = New-PermGroup -Store $s -Name developer

        $null = New-PermissionDefinition -Store $s -Name developer -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.Name.CollidesWithSubject' -Category InvalidArgument -Target developer
        Get-PermissionDefinition -Store $s | Should -BeNullOrEmpty
    }

    It 'refuses a permission whose name differs from an existing subject by case only' {
        $s = New-TestStore
        $null = New-PermUser -Store $s -Name bob

        $null = New-PermissionDefinition -Store $s -Name BOB -ErrorVariable err -ErrorAction SilentlyContinue

        ($err[0].FullyQualifiedErrorId -split ',')[0] | Should -BeIn 'PermShell.Name.DiffersByCase', 'PermShell.Name.CollidesWithSubject'
        Get-PermissionDefinition -Store $s | Should -BeNullOrEmpty
    }

    It '-WhatIf changes nothing' {
        $s = New-SampleStore
        $before = Get-StoreContent -Store $s

        $out = New-PermissionDefinition -Store $s -Name REPORT_VIEW -WhatIf

        $out | Should -BeNullOrEmpty
        Get-StoreContent -Store $s | Should -BeExactly $before
    }
}

Describe 'Get-PermissionDefinition' {
    BeforeAll {
        $script:s = New-TestStore
        $null = New-PermissionDefinition -Store $s -Name WIKI_VIEW -App wiki
        $null = New-PermissionDefinition -Store $s -Name WIKI_ADMIN -App wiki
        $null = New-PermissionDefinition -Store $s -Name TICKET_VIEW -App ticket
        $null = New-PermissionDefinition -Store $s -Name auth.view_user -App auth -Model user
    }

    It 'lists the whole catalog sorted by name (ordinal)' {
        $all = Get-PermissionDefinition -Store $s

        $all.Name | Should -Be 'TICKET_VIEW', 'WIKI_ADMIN', 'WIKI_VIEW', 'auth.view_user'
        $all | ForEach-Object { $_.PSTypeNames | Should -Contain 'PermShell.PermissionDefinition' }
    }

    It 'filters by name with wildcards, case-sensitively' {
        (Get-PermissionDefinition -Store $s -Name 'WIKI_*').Name | Should -Be 'WIKI_ADMIN', 'WIKI_VIEW'
        (Get-PermissionDefinition -Store $s -Name '*_VIEW', 'auth.*').Name | Should -Be 'TICKET_VIEW', 'WIKI_VIEW', 'auth.view_user'
        Get-PermissionDefinition -Store $s -Name 'wiki_*' | Should -BeNullOrEmpty
    }

    It 'filters by App' {
        (Get-PermissionDefinition -Store $s -App wiki).Name | Should -Be 'WIKI_ADMIN', 'WIKI_VIEW'
        (Get-PermissionDefinition -Store $s -App 'a*').Name | Should -Be 'auth.view_user'
    }

    It 'takes the name by position' {
        (Get-PermissionDefinition -Store $s TICKET_VIEW).Name | Should -BeExactly 'TICKET_VIEW'
    }

    It 'reports an absent plain name as a non-terminating PermShell.Permission.NotFound and still returns the others' {
        $found = Get-PermissionDefinition -Store $s -Name WIKI_VEIW, TICKET_VIEW -ErrorVariable err -ErrorAction SilentlyContinue

        $found.Name | Should -Be 'TICKET_VIEW'
        $err.Count | Should -Be 1
        Assert-PermError $err[0] 'PermShell.Permission.NotFound' -Category ObjectNotFound -Target WIKI_VEIW
        $err[0].Exception.Message | Should -Match 'Did you mean .*WIKI_VIEW'
    }

    It 'is case-sensitive for plain names too' {
        $null = Get-PermissionDefinition -Store $s -Name wiki_view -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.Permission.NotFound'
    }

    It 'returns nothing and no error for a wildcard that matches nothing' {
        $found = Get-PermissionDefinition -Store $s -Name 'NOPE_*' -ErrorVariable err

        $found | Should -BeNullOrEmpty
        $err | Should -BeNullOrEmpty
    }
}

Describe 'Set-PermissionDefinition' {
    It 'changes the given attributes and leaves the others' {
        $s = New-TestStore
        $null = New-PermissionDefinition -Store $s -Name WIKI_VIEW -App wiki -Model page -Description old

        $out = Set-PermissionDefinition -Store $s -Name WIKI_VIEW -Description 'View wiki pages'

        $out | Should -BeNullOrEmpty -Because 'without -PassThru nothing is written'
        $def = Get-PermissionDefinition -Store $s -Name WIKI_VIEW
        $def.Description | Should -BeExactly 'View wiki pages'
        $def.App | Should -BeExactly 'wiki'
        $def.Model | Should -BeExactly 'page'
    }

    It 'returns the updated definition with -PassThru' {
        $s = New-TestStore
        $null = New-PermissionDefinition -Store $s -Name WIKI_VIEW

        $def = Set-PermissionDefinition -Store $s -Name WIKI_VIEW -Model page -PassThru

        $def.PSTypeNames | Should -Contain 'PermShell.PermissionDefinition'
        $def.Model | Should -BeExactly 'page'
    }

    It 'replaces the implications, and an empty list clears them' {
        $s = New-TestStore
        $null = New-PermissionDefinition -Store $s -Name WIKI_VIEW
        $null = New-PermissionDefinition -Store $s -Name WIKI_EDIT
        $null = New-PermissionDefinition -Store $s -Name WIKI_ADMIN -Implies WIKI_VIEW

        Set-PermissionDefinition -Store $s -Name WIKI_ADMIN -Implies WIKI_VIEW, WIKI_EDIT
        (Get-PermissionDefinition -Store $s -Name WIKI_ADMIN).Implies | Should -Be 'WIKI_VIEW', 'WIKI_EDIT'

        Set-PermissionDefinition -Store $s -Name WIKI_ADMIN -Implies @()
        @((Get-PermissionDefinition -Store $s -Name WIKI_ADMIN).Implies).Count | Should -Be 0
    }

    It 'writes nothing when nothing changes' {
        $s = New-TestStore
        $null = New-PermissionDefinition -Store $s -Name WIKI_VIEW -Description same
        $revision = (Get-PermissionStore -Store $s).Revision

        Set-PermissionDefinition -Store $s -Name WIKI_VIEW -Description same

        (Get-PermissionStore -Store $s).Revision | Should -Be $revision
    }

    It 'reports an absent permission as PermShell.Permission.NotFound' {
        $s = New-TestStore

        Set-PermissionDefinition -Store $s -Name NOPE -Description x -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.Permission.NotFound' -Category ObjectNotFound -Target NOPE
    }

    It '-WhatIf changes nothing' {
        $s = New-SampleStore
        $before = Get-StoreContent -Store $s

        Set-PermissionDefinition -Store $s -Name WIKI_VIEW -Description changed -Implies TICKET_VIEW -WhatIf

        Get-StoreContent -Store $s | Should -BeExactly $before
    }
}

Describe 'Remove-PermissionDefinition' {
    It 'removes the permission with every grant of it' {
        $s = New-SampleStore
        $null = New-PermUser -Store $s -Name bob
        $null = New-PermGroup -Store $s -Name developer
        Grant-Permission -Store $s -Subject bob, developer, anonymous -Name WIKI_VIEW, TICKET_VIEW

        Remove-PermissionDefinition -Store $s -Name WIKI_VIEW -Confirm:$false

        (Get-PermissionDefinition -Store $s).Name | Should -Not -Contain 'WIKI_VIEW'
        (Get-Permission -Store $s).Permission | Should -Not -Contain 'WIKI_VIEW'
        @(Get-Permission -Store $s -Name TICKET_VIEW).Count | Should -Be 3
    }

    It 'removes several names, reporting an absent one as PermShell.Permission.NotFound' {
        $s = New-SampleStore

        Remove-PermissionDefinition -Store $s -Name WIKI_VIEW, NOPE, TICKET_VIEW -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.Permission.NotFound' -Category ObjectNotFound -Target NOPE
        (Get-PermissionDefinition -Store $s).Name | Should -Be 'TICKET_ADMIN', 'WIKI_ADMIN'
    }

    It '-WhatIf changes nothing' {
        $s = New-SampleStore
        $null = New-PermUser -Store $s -Name bob
        Grant-Permission -Store $s -Subject bob -Name WIKI_VIEW
        $before = Get-StoreContent -Store $s

        Remove-PermissionDefinition -Store $s -Name WIKI_VIEW, TICKET_VIEW -WhatIf

        Get-StoreContent -Store $s | Should -BeExactly $before
    }
}
