# New-, Connect-, Get-PermissionStore; the store file itself (SPEC §1 "Store", §1 "Templates").
# Tests tagged Engine need the real templates (they fail against the template stubs).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule

    $script:storeInfoProperties = 'Path', 'SchemaVersion', 'Permissions', 'Users', 'Groups', 'Grants', 'Memberships', 'IsDefault', 'Revision'
}

AfterAll {
    Remove-TestRoot
}

Describe 'New-PermissionStore' {
    It 'creates an empty store and returns a PermShell.StoreInfo' {
        $path = Join-Path (New-TestFolder) 'new.db'

        $info = New-PermissionStore -Path $path

        $info.PSTypeNames | Should -Contain 'PermShell.StoreInfo'
        foreach ($p in $storeInfoProperties) { $info.PSObject.Properties.Name | Should -Contain $p }
        $info.Path | Should -BeExactly $path
        $info.SchemaVersion | Should -BeGreaterOrEqual 1
        $info.Permissions, $info.Users, $info.Groups, $info.Grants, $info.Memberships | Should -Be 0, 0, 0, 0, 0
        $info.IsDefault | Should -BeFalse
        Test-Path -LiteralPath $path -PathType Leaf | Should -BeTrue
    }

    It 'creates the file readable and writable by its owner only (mode 600)' -Skip:$IsWindows {
        $path = New-TestStore
        $null = New-PermUser -Store $path -Name bob

        (Get-Item -LiteralPath $path).UnixFileMode | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite')
        & stat -c '%a' $path | Should -Be '600'
    }

    It 'creates missing folders on the way' {
        $path = Join-Path (New-TestFolder) 'a/b/c/new.db'

        $null = New-PermissionStore -Path $path

        Test-Path -LiteralPath $path -PathType Leaf | Should -BeTrue
        (Get-PermissionStore -Store $path).Path | Should -BeExactly $path
    }

    It 'resolves a relative path against the PowerShell location, not the process directory' {
        $folder = New-TestFolder
        Push-Location $folder
        try {
            $info = New-PermissionStore -Path ./rel.db
            $null = New-PermUser -Store ./rel.db -Name bob
        }
        finally { Pop-Location }

        $info.Path | Should -BeExactly (Join-Path $folder 'rel.db')
        (Get-PermUser -Store (Join-Path $folder 'rel.db')).Name | Should -Be 'bob'
    }

    It 'refuses to overwrite an existing store without -Force (PermShell.Store.Exists) and leaves it as it was' {
        $path = New-TestStore
        $null = New-PermUser -Store $path -Name bob
        $before = Get-StoreContent -Store $path

        $out = New-PermissionStore -Path $path -ErrorVariable err -ErrorAction SilentlyContinue

        $out | Should -BeNullOrEmpty
        Assert-PermError $err[0] 'PermShell.Store.Exists' -Category ResourceExists -Target $path
        Get-StoreContent -Store $path | Should -BeExactly $before
    }

    It 'replaces an existing store with -Force' {
        $path = New-TestStore
        $null = New-PermUser -Store $path -Name bob
        $null = New-PermissionDefinition -Store $path -Name WIKI_VIEW

        $info = New-PermissionStore -Path $path -Force

        $info.Users | Should -Be 0
        $info.Permissions | Should -Be 0
        Get-PermUser -Store $path | Should -BeNullOrEmpty
    }

    It '-WhatIf creates no file and no folder' {
        $folder = New-TestFolder
        $path = Join-Path $folder 'sub/whatif.db'

        $out = New-PermissionStore -Path $path -WhatIf

        $out | Should -BeNullOrEmpty
        Test-Path -LiteralPath $path | Should -BeFalse
        Test-Path -LiteralPath (Join-Path $folder 'sub') | Should -BeFalse
    }

    It '-WhatIf -Force leaves an existing store byte for byte' {
        $path = New-TestStore
        $null = New-PermUser -Store $path -Name bob
        $hash = (Get-FileHash -LiteralPath $path -Algorithm SHA256).Hash

        New-PermissionStore -Path $path -Force -WhatIf

        (Get-FileHash -LiteralPath $path -Algorithm SHA256).Hash | Should -Be $hash
        (Get-PermUser -Store $path).Name | Should -Be 'bob'
    }

    It 'rejects an unknown template' {
        { New-PermissionStore -Path (Join-Path (New-TestFolder) 'x.db') -Template Nonsense } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }

    It 'works with a path that contains spaces' {
        $path = Join-Path (New-TestFolder) 'my stores/perm store.db'

        $null = New-PermissionStore -Path $path
        $null = New-PermissionDefinition -Store $path -Name WIKI_VIEW
        $null = New-PermUser -Store $path -Name 'john doe'
        Grant-Permission -Store $path -Subject 'john doe' -Name WIKI_VIEW

        (Get-Permission -Store $path).Subject | Should -Be 'john doe'
        (Get-PermissionStore -Store $path).Path | Should -BeExactly $path
    }
}

Describe 'Get-PermissionStore' {
    It 'shows the path, schema version and counts of the store' {
        $path = New-TestStore
        $null = New-PermissionDefinition -Store $path -Name WIKI_VIEW
        $null = New-PermissionDefinition -Store $path -Name TICKET_VIEW
        $null = New-PermUser -Store $path -Name bob
        $null = New-PermUser -Store $path -Name alice
        $null = New-PermGroup -Store $path -Name developer
        Grant-Permission -Store $path -Subject bob, developer -Name WIKI_VIEW
        Add-PermGroupMember -Store $path -Group developer -Member alice

        $info = Get-PermissionStore -Store $path

        $info.PSTypeNames | Should -Contain 'PermShell.StoreInfo'
        $info.Path | Should -BeExactly $path
        $info.SchemaVersion | Should -BeGreaterOrEqual 1
        $info.Permissions | Should -Be 2
        $info.Users | Should -Be 2
        $info.Groups | Should -Be 1
        $info.Grants | Should -Be 2
        $info.Memberships | Should -Be 1
        $info.IsDefault | Should -BeFalse
    }

    It 'counts one revision per committed call' {
        $path = New-TestStore
        $r0 = (Get-PermissionStore -Store $path).Revision

        $null = New-PermUser -Store $path -Name bob
        $r1 = (Get-PermissionStore -Store $path).Revision
        $null = Get-PermUser -Store $path
        $r2 = (Get-PermissionStore -Store $path).Revision

        $r1 | Should -Be ($r0 + 1)
        $r2 | Should -Be $r1 -Because 'reading does not change the store'
    }

    It 'reports an explicit -Store that does not exist as PermShell.Store.NotFound and creates nothing' {
        $folder = New-TestFolder
        $path = Join-Path $folder 'missing.db'

        $err = { Get-PermissionStore -Store $path } | Should -Throw -PassThru

        Assert-PermError $err 'PermShell.Store.NotFound' -Category ObjectNotFound -Target $path
        Test-Path -LiteralPath $path | Should -BeFalse
    }

    It 'never creates an explicit -Store for any cmdlet (only the default location is created on first use)' {
        $folder = New-TestFolder
        $path = Join-Path $folder 'typo.db'

        $e1 = { Get-PermUser -Store $path } | Should -Throw -PassThru
        $e2 = { New-PermUser -Store $path -Name bob } | Should -Throw -PassThru

        Assert-PermError $e1 'PermShell.Store.NotFound'
        Assert-PermError $e2 'PermShell.Store.NotFound'
        Get-ChildItem -LiteralPath $folder | Should -BeNullOrEmpty
    }
}

Describe 'Concurrent writers' {
    It 'loses no write when several runspaces write to one store at once' {
        $path = New-TestStore
        $r0 = (Get-PermissionStore -Store $path).Revision
        $module = (Get-Module PermShell).Path

        $jobs = 1..3 | ForEach-Object {
            Start-ThreadJob -ArgumentList $_, $path, $module -ScriptBlock {
                param($n, $path, $module)
                Import-Module $module
                1..8 | ForEach-Object { $null = New-PermUser -Store $path -Name "u$n-$_" -ErrorAction Stop }
            }
        }
        $null = $jobs | Wait-Job -Timeout 120
        $failures = $jobs | Where-Object State -NE 'Completed'
        $null = $jobs | Receive-Job -ErrorAction SilentlyContinue -ErrorVariable jobErrors
        $jobs | Remove-Job -Force

        $failures | Should -BeNullOrEmpty
        $jobErrors | Should -BeNullOrEmpty
        @(Get-PermUser -Store $path).Count | Should -Be 24
        (Get-PermissionStore -Store $path).Revision | Should -Be ($r0 + 24)
    }
}

Describe 'Files that are not PermShell stores' {
    BeforeEach {
        $script:folder = New-TestFolder
    }

    It 'refuses a text file with PermShell.Store.NotAStore and leaves it byte for byte' {
        $path = Join-Path $folder 'notes.txt'
        Set-Content -LiteralPath $path -Value 'not a database'
        $hash = (Get-FileHash -LiteralPath $path -Algorithm SHA256).Hash

        $e1 = { Get-PermUser -Store $path } | Should -Throw -PassThru
        $e2 = { New-PermUser -Store $path -Name bob } | Should -Throw -PassThru
        $e3 = { Get-PermissionStore -Store $path } | Should -Throw -PassThru
        $e4 = { Connect-PermissionStore -Path $path } | Should -Throw -PassThru

        foreach ($e in $e1, $e2, $e3, $e4) { Assert-PermError $e 'PermShell.Store.NotAStore' -Category InvalidData -Target $path }
        $e1.Exception.Message | Should -Match 'not a PermShell store'
        (Get-FileHash -LiteralPath $path -Algorithm SHA256).Hash | Should -Be $hash
        Get-SideFile -Path $path | Should -BeNullOrEmpty
    }

    It 'refuses a foreign SQLite database with PermShell.Store.NotAStore and leaves it byte for byte' {
        $path = Join-Path $folder 'foreign.sqlite'
        Invoke-Python -Script @'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT)")
c.execute("INSERT INTO customer (name) VALUES ('ann')")
c.commit()
c.close()
'@ -Arguments $path
        $hash = (Get-FileHash -LiteralPath $path -Algorithm SHA256).Hash

        $e1 = { Get-PermUser -Store $path } | Should -Throw -PassThru
        $e2 = { New-PermissionDefinition -Store $path -Name WIKI_VIEW } | Should -Throw -PassThru
        $e3 = { Connect-PermissionStore -Path $path } | Should -Throw -PassThru

        foreach ($e in $e1, $e2, $e3) { Assert-PermError $e 'PermShell.Store.NotAStore' -Category InvalidData -Target $path }
        $e1.Exception.Message | Should -Match 'SQLite database but not a PermShell store'
        (Get-FileHash -LiteralPath $path -Algorithm SHA256).Hash | Should -Be $hash
        Get-SideFile -Path $path | Should -BeNullOrEmpty
    }

    It 'refuses an empty file with PermShell.Store.NotAStore, by reads and writes, and leaves it as it was, mode included' {
        $path = Join-Path $folder 'empty.db'
        $null = New-Item -ItemType File -Path $path
        if (-not $IsWindows) { & chmod 644 $path }
        $mode = if (-not $IsWindows) { & stat -c '%a' $path }

        $e1 = { Get-PermUser -Store $path } | Should -Throw -PassThru
        $e2 = { New-PermUser -Store $path -Name bob } | Should -Throw -PassThru
        $e3 = { Get-PermissionStore -Store $path } | Should -Throw -PassThru
        $e4 = { Connect-PermissionStore -Path $path } | Should -Throw -PassThru

        foreach ($e in $e1, $e2, $e3, $e4) { Assert-PermError $e 'PermShell.Store.NotAStore' -Category InvalidData -Target $path }
        $e1.Exception.Message | Should -Match 'empty'
        (Get-Item -LiteralPath $path).Length | Should -Be 0
        if (-not $IsWindows) { & stat -c '%a' $path | Should -Be $mode }
        Get-SideFile -Path $path | Should -BeNullOrEmpty
    }

    It 'New-PermissionStore -Force replaces an empty file with a store readable and writable by its owner only' {
        $path = Join-Path $folder 'empty.db'
        $null = New-Item -ItemType File -Path $path
        if (-not $IsWindows) { & chmod 644 $path }

        $info = New-PermissionStore -Path $path -Force

        $info.Path | Should -Be $path
        Get-PermUser -Store $path | Should -BeNullOrEmpty
        if (-not $IsWindows) { & stat -c '%a' $path | Should -Be '600' }
    }

    It 'does not replace a foreign file without -Force' {
        $path = Join-Path $folder 'keep.txt'
        Set-Content -LiteralPath $path -Value 'precious'
        $hash = (Get-FileHash -LiteralPath $path -Algorithm SHA256).Hash

        New-PermissionStore -Path $path -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.Store.Exists' -Category ResourceExists
        (Get-FileHash -LiteralPath $path -Algorithm SHA256).Hash | Should -Be $hash
    }

    It 'refuses a store written by a newer PermShell (PermShell.Store.NewerSchema) and leaves it byte for byte' {
        $path = Join-Path $folder 'newer.db'
        $null = New-PermissionStore -Path $path
        $null = New-PermUser -Store $path -Name bob
        Invoke-Python -Script @'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("PRAGMA user_version = 99")
c.commit()
c.close()
'@ -Arguments $path
        Get-SideFile -Path $path | Should -BeNullOrEmpty
        $hash = (Get-FileHash -LiteralPath $path -Algorithm SHA256).Hash

        $e1 = { Get-PermUser -Store $path } | Should -Throw -PassThru
        $e2 = { New-PermUser -Store $path -Name alice } | Should -Throw -PassThru
        $e3 = { Connect-PermissionStore -Path $path } | Should -Throw -PassThru

        foreach ($e in $e1, $e2, $e3) { Assert-PermError $e 'PermShell.Store.NewerSchema' -Category InvalidData -Target $path }
        $e1.Exception.Message | Should -Match '\b99\b'
        (Get-FileHash -LiteralPath $path -Algorithm SHA256).Hash | Should -Be $hash
        Get-SideFile -Path $path | Should -BeNullOrEmpty
    }
}

Describe 'The default store' {
    BeforeAll {
        # Fresh pwsh processes (a few seconds each to start) play whole sessions on the default location:
        # $env:PERMSHELL_STORE naming an existing store, then Connect-PermissionStore switching; the variable naming a
        # file that does not exist; and the variable unset, so the built-in location (under XDG_DATA_HOME) is used.
        $folder = New-TestFolder
        $script:envDefault = Join-Path $folder 'env/perm.db'
        $null = New-PermissionStore -Path $envDefault
        $script:connected = Join-Path $folder 'connected.db'
        $null = New-PermissionStore -Path $connected
        $script:child = @(Invoke-ChildPwsh -Environment @{ PERMSHELL_STORE = $envDefault } -Script @"
`$null = New-PermissionDefinition -Name WIKI_VIEW
`$null = New-PermUser -Name bob
Grant-Permission -Subject bob -Name WIKI_VIEW
`$info = Get-PermissionStore
"env-default:`$(`$info.Path)|`$(`$info.IsDefault)|`$(`$info.Users)|`$(`$info.Grants)"
`$c = Connect-PermissionStore -Path '$connected' -PassThru
"passthru:`$(`$c.PSTypeNames[0])|`$(`$c.Path)|`$(`$c.IsDefault)"
`$null = New-PermUser -Name carol
`$info = Get-PermissionStore
"connected:`$(`$info.Path)|`$(`$info.IsDefault)|`$(`$info.Users)"
"@)
        $script:typoRoot = Join-Path $folder 'not'
        $script:typo = Join-Path $typoRoot 'yet/there/perm.db'
        $script:manifest = Join-Path $folder 'users.yaml'
        Set-Content -LiteralPath $manifest -Value "version: 1`nusers:`n  - name: bob"
        $script:typoChild = @(Invoke-ChildPwsh -Environment @{ PERMSHELL_STORE = $typo } -Script @"
foreach (`$call in { Get-PermUser }, { New-PermUser -Name bob }, { Get-PermissionStore }, { Import-PermissionManifest -Path '$manifest' -Mode Sync -Force }) {
    try { `$null = & `$call; 'no error' }
    catch { "error:`$((`$_.FullyQualifiedErrorId -split ',')[0])|`$(`$_.CategoryInfo.Category)|`$(`$_.TargetObject)|`$(`$_.Exception.Message)" }
}
"@)
        $script:dataHome = Join-Path $folder 'data-home'
        $script:builtIn = Join-Path $dataHome 'PermShell/permshell.db'
        $script:builtInChild = if ($IsLinux) {
            @(Invoke-ChildPwsh -Environment @{ PERMSHELL_STORE = ''; XDG_DATA_HOME = $dataHome } -Script @"
"first-read:`$(@(Get-PermUser).Count)|`$(Test-Path -LiteralPath '$builtIn' -PathType Leaf)"
`$null = New-PermUser -Name bob
`$info = Get-PermissionStore
"built-in:`$(`$info.Path)|`$(`$info.IsDefault)|`$(`$info.Users)"
"@)
        }
    }

    It 'is $env:PERMSHELL_STORE when set, and takes the writes of calls without -Store' {
        $child | Should -Contain "env-default:$envDefault|True|1|1"
        (Get-Permission -Store $envDefault).Subject | Should -Be 'bob'
        (Get-PermUser -Store $envDefault).Name | Should -Be 'bob' -Because 'carol went to the connected store'
    }

    It '$env:PERMSHELL_STORE naming a missing file is PermShell.Store.NotFound naming the path and the variable, for reads, writes and Sync; nothing is created' {
        $typoChild.Count | Should -Be 4
        foreach ($line in $typoChild) {
            $line | Should -BeLike "error:PermShell.Store.NotFound|ObjectNotFound|$typo|*"
            $line | Should -BeLike '*$env:PERMSHELL_STORE*'
        }
        Test-Path -LiteralPath $typoRoot | Should -BeFalse -Because 'not even the folders are created'
    }

    It 'is the built-in location when $env:PERMSHELL_STORE is unset, created with its folders on first use, even by a reading cmdlet' -Skip:(-not $IsLinux) {
        $builtInChild | Should -Contain 'first-read:0|True'
        $builtInChild | Should -Contain "built-in:$builtIn|True|1"
    }

    It 'is created readable and writable by its owner only, in owner-only folders' -Skip:(-not $IsLinux) {
        & stat -c '%a' $builtIn | Should -Be '600'
        & stat -c '%a' (Split-Path $builtIn) | Should -Be '700'
    }

    It 'is replaced by Connect-PermissionStore for later calls without -Store' {
        $child | Should -Contain "passthru:PermShell.StoreInfo|$connected|True"
        $child | Should -Contain "connected:$connected|True|1"
        (Get-PermUser -Store $connected).Name | Should -Be 'carol'
    }

    It 'Connect-PermissionStore to a missing file is PermShell.Store.NotFound and creates nothing' {
        $path = Join-Path (New-TestFolder) 'missing.db'

        $err = { Connect-PermissionStore -Path $path } | Should -Throw -PassThru

        Assert-PermError $err 'PermShell.Store.NotFound' -Category ObjectNotFound -Target $path
        Test-Path -LiteralPath $path | Should -BeFalse
    }
}

Describe 'Templates' -Tag Engine {
    It 'Trac gives the 42 permissions of a new Trac 1.6 environment' {
        $path = New-TestStore -Template Trac

        $names = (Get-PermissionDefinition -Store $path).Name
        $expected = 'BROWSER_VIEW', 'CHANGESET_VIEW', 'CONFIG_VIEW', 'EMAIL_VIEW', 'FILE_VIEW', 'LOG_VIEW',
            'MILESTONE_ADMIN', 'MILESTONE_CREATE', 'MILESTONE_DELETE', 'MILESTONE_MODIFY', 'MILESTONE_VIEW',
            'PERMISSION_ADMIN', 'PERMISSION_GRANT', 'PERMISSION_REVOKE', 'REPORT_ADMIN', 'REPORT_CREATE', 'REPORT_DELETE',
            'REPORT_MODIFY', 'REPORT_SQL_VIEW', 'REPORT_VIEW', 'ROADMAP_ADMIN', 'ROADMAP_VIEW', 'SEARCH_VIEW', 'TICKET_ADMIN',
            'TICKET_APPEND', 'TICKET_BATCH_MODIFY', 'TICKET_CHGPROP', 'TICKET_CREATE', 'TICKET_EDIT_CC', 'TICKET_EDIT_COMMENT',
            'TICKET_EDIT_DESCRIPTION', 'TICKET_MODIFY', 'TICKET_VIEW', 'TIMELINE_VIEW', 'TRAC_ADMIN', 'VERSIONCONTROL_ADMIN',
            'WIKI_ADMIN', 'WIKI_CREATE', 'WIKI_DELETE', 'WIKI_MODIFY', 'WIKI_RENAME', 'WIKI_VIEW'
        $expected.Count | Should -Be 42
        $names | Should -Be $expected
        (Get-PermissionStore -Store $path).Permissions | Should -Be 42
    }

    It 'Trac gives the default anonymous and authenticated grants' {
        $path = New-TestStore -Template Trac

        (Get-Permission -Store $path -Subject anonymous).Permission | Should -Be @(
            'BROWSER_VIEW', 'CHANGESET_VIEW', 'FILE_VIEW', 'LOG_VIEW', 'MILESTONE_VIEW', 'REPORT_SQL_VIEW',
            'REPORT_VIEW', 'ROADMAP_VIEW', 'SEARCH_VIEW', 'TICKET_VIEW', 'TIMELINE_VIEW', 'WIKI_VIEW')
        (Get-Permission -Store $path -Subject authenticated).Permission | Should -Be @(
            'TICKET_CREATE', 'TICKET_MODIFY', 'WIKI_CREATE', 'WIKI_MODIFY')
        (Get-Permission -Store $path -Subject anonymous)[0].SubjectKind | Should -Be 'Virtual'
        (Get-PermissionStore -Store $path).Grants | Should -Be 16
        Get-PermUser -Store $path | Should -BeNullOrEmpty
    }

    It 'Trac gives the meta-permissions and App from the first word' {
        $path = New-TestStore -Template Trac

        $modify = Get-PermissionDefinition -Store $path -Name TICKET_MODIFY
        $modify.Implies | Should -Contain 'TICKET_APPEND'
        $modify.Implies | Should -Contain 'TICKET_CHGPROP'
        $modify.App | Should -BeExactly 'ticket'
        $modify.CodeName | Should -BeExactly 'TICKET_MODIFY'
        (Get-PermissionDefinition -Store $path -Name PERMISSION_ADMIN).Implies | Sort-Object | Should -Be 'PERMISSION_GRANT', 'PERMISSION_REVOKE'
        (Get-PermissionDefinition -Store $path -Name TRAC_ADMIN).Implies | Should -Not -BeNullOrEmpty
    }

    It 'Trac: TRAC_ADMIN holds all 42, a plain user holds the anonymous and authenticated defaults' {
        $path = New-TestStore -Template Trac
        $null = New-PermUser -Store $path -Name admin
        $null = New-PermUser -Store $path -Name bob
        Grant-Permission -Store $path -Subject admin -Name TRAC_ADMIN

        @(Get-Permission -Store $path -Subject admin -Effective).Count | Should -Be 42
        Test-Permission -Store $path -Subject bob -Name WIKI_VIEW | Should -BeTrue
        Test-Permission -Store $path -Subject bob -Name TICKET_CREATE | Should -BeTrue
        Test-Permission -Store $path -Subject bob -Name TICKET_APPEND | Should -BeTrue
        Test-Permission -Store $path -Subject bob -Name TICKET_ADMIN | Should -BeFalse
        Test-Permission -Store $path -Subject anonymous -Name TICKET_CREATE | Should -BeFalse
    }

    It 'Django gives the 13 auth permissions with Django naming' {
        $path = New-TestStore -Template Django

        $defs = Get-PermissionDefinition -Store $path
        $defs.Count | Should -Be 13
        $defs.Name | Should -Be @(
            'auth.add_group', 'auth.add_permission', 'auth.add_user',
            'auth.change_group', 'auth.change_permission', 'auth.change_user',
            'auth.delete_group', 'auth.delete_permission', 'auth.delete_user',
            'auth.view_group', 'auth.view_permission', 'auth.view_user',
            'permissions_tool.audit_permissions')
        $change = $defs | Where-Object Name -CEQ 'auth.change_user'
        $change.App | Should -BeExactly 'auth'
        $change.Model | Should -BeExactly 'user'
        $change.CodeName | Should -BeExactly 'change_user'
        $change.Description | Should -BeExactly 'Can change user'
        ($defs | Where-Object Name -CEQ 'auth.add_permission').Description | Should -BeExactly 'Can add permission'
        ($defs | Where-Object Name -CEQ 'permissions_tool.audit_permissions').Description | Should -BeExactly 'Can audit permissions'
        Get-Permission -Store $path | Should -BeNullOrEmpty
    }
}
