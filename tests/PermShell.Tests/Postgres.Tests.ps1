# What only a PostgreSQL store has (README "A shared store on PostgreSQL"): the server's session user in the log,
# passwords kept out of every message and output, the PG* environment variables, the change feed, copies between
# backends with the log intact, roles that may only read, and many writers on many processes losing nothing. The
# cmdlet suites that go through TestSupport's helpers run on PostgreSQL as a whole too (build.ps1 $PostgresSuites).
# Needs $env:PERMSHELL_TEST_POSTGRES: build.ps1 -Task Test starts a throwaway cluster and sets it.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    . (Join-Path $PSScriptRoot '../../tools/TestPostgres.ps1')
    Import-PermShellTestModule
    if (-not $env:PERMSHELL_TEST_POSTGRES) { throw 'PERMSHELL_TEST_POSTGRES is not set: run the tests through build.ps1 -Task Test.' }

    $script:ClusterString = $env:PERMSHELL_TEST_POSTGRES
    $script:Port = [int]([regex]::Match($ClusterString, "Port=(\d+)").Groups[1].Value)
    $script:Psql = Join-Path (Find-PostgresBin) 'psql'

    # Runs SQL as the cluster's superuser, behind PermShell's back.
    function Invoke-Sql([string] $Sql) {
        $out = & $Psql -X -q -t -A -h 127.0.0.1 -p $Port -U postgres -d postgres -v ON_ERROR_STOP=1 -c $Sql 2>&1
        if ($LASTEXITCODE -ne 0) { throw "psql failed: $out" }
        $out
    }

    function New-Schema { 't_' + [guid]::NewGuid().ToString('N') }

    # The role whose logins need a password (pg_hba.conf of the test cluster, tools/TestPostgres.ps1).
    $script:Secret = 'correct-horse-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
    # A role made once per cluster (a second run of this file finds it, and gives it a new password).
    function New-Role([string] $Name) {
        Invoke-Sql "DO `$`$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$Name') THEN CREATE ROLE $Name LOGIN; END IF; END `$`$;" | Out-Null
    }
    New-Role permshell_secret
    Invoke-Sql "ALTER ROLE permshell_secret PASSWORD '$Secret'; GRANT CREATE ON DATABASE postgres TO permshell_secret;" | Out-Null
}

AfterAll {
    Remove-TestRoot
}

Describe 'A PostgreSQL store' {
    It 'is made by New-PermissionStore -ConnectionString from a template, and the log names the session user' {
        $schema = New-Schema
        $info = New-PermissionStore -ConnectionString "$ClusterString;Search Path=$schema" -Template Trac
        $info.Path | Should -BeExactly "postgresql://postgres@127.0.0.1:$Port/postgres?schema=$schema"
        $info.Permissions | Should -BeGreaterThan 30
        New-PermUser -Store $info.Path -Name bob | Grant-Permission -Store $info.Path -Name WIKI_VIEW
        Test-Permission -Store $info.Path -User bob -Permission WIKI_VIEW | Should -BeTrue
        @(Get-PermissionLog -Store $info.Path -Last 2).Actor | Should -Be 'postgres', 'postgres'
        Test-PermissionLog -Store $info.Path | Should -BeTrue
        Invoke-Sql "SELECT count(*) FROM $schema.change_log WHERE actor <> 'postgres'" | Should -Be '0'
    }

    It 'takes a postgres:// URI with the schema as a parameter, and is the session default after Connect-PermissionStore' {
        $schema = New-Schema
        $uri = "postgresql://postgres@127.0.0.1:$Port/postgres?schema=$schema&sslmode=disable"
        $null = New-PermissionStore -ConnectionString $uri
        $out = Invoke-ChildPwsh -Script "Connect-PermissionStore -ConnectionString '$uri'; New-PermGroup dev | Out-Null; (Get-PermissionStore).Path; (Get-PermissionStore).IsDefault"
        $out | Should -Be "postgresql://postgres@127.0.0.1:$Port/postgres?schema=$schema", 'True'
        (Get-PermGroup -Store $uri).Name | Should -Be 'dev'
    }

    It 'is found through $env:PERMSHELL_STORE, and what the string leaves out comes from PGHOST, PGPORT and PGUSER' {
        $schema = New-Schema
        $null = New-PermissionStore -ConnectionString "$ClusterString;Search Path=$schema"
        $out = Invoke-ChildPwsh -Environment @{ PERMSHELL_STORE = "Database=postgres;Search Path=$schema"; PGHOST = '127.0.0.1'; PGPORT = "$Port"; PGUSER = 'postgres' } `
            -Script 'New-PermUser ann | Out-Null; (Get-PermissionStore).Path; (Get-PermUser).Name'
        $out | Should -Be "postgresql://postgres@127.0.0.1:$Port/postgres?schema=$schema", 'ann'
    }

    It 'completes names from the store a connection string names, and a Tab never makes a store' {
        $store = New-TestPostgresLocation
        $null = New-PermissionStore -ConnectionString $store
        $null = 'bob', 'bert' | New-PermUser -Store $store
        Get-CompletionText "Get-PermUser -Store '$store' -Name b" | Should -BeExactly 'bert', 'bob'
        $missing = New-TestPostgresLocation
        Get-CompletionText "Get-PermUser -Store '$missing' -Name b" | Should -BeNullOrEmpty
        { Get-PermUser -Store $missing -ErrorAction Stop } | Should -Throw -ErrorId 'PermShell.Store.NotFound*'
    }

    It 'does not exist until it is made: a schema without a store is PermShell.Store.NotFound' {
        { Get-PermUser -Store "$ClusterString;Search Path=$(New-Schema)" -ErrorAction Stop } | Should -Throw -ErrorId 'PermShell.Store.NotFound*'
    }
}

Describe 'Passwords' {
    It 'never appear in an error: a wrong password is PermShell.Store.LoginFailed without it' {
        $wrong = 'not-the-password-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        $err = $null
        try { Get-PermissionStore -Store "Host=127.0.0.1;Port=$Port;Database=postgres;Username=permshell_secret;Password=$wrong;Search Path=x" -ErrorAction Stop }
        catch { $err = $_ }
        Assert-PermError $err 'PermShell.Store.LoginFailed' -Category PermissionDenied
        ($err | Out-String) | Should -Not -Match $wrong
        $err.Exception.ToString() | Should -Not -Match $wrong
        "$($err.TargetObject)" | Should -Not -Match $wrong
    }

    It 'never appear when the server cannot be reached (PermShell.Store.CannotOpen) or the string is not one (PermShell.Store.BadConnectionString)' {
        $err = $null
        try { Connect-PermissionStore -ConnectionString 'Host=127.0.0.1;Port=1;Database=perms;Username=alice;Password=topsecret-77' -ErrorAction Stop } catch { $err = $_ }
        Assert-PermError $err 'PermShell.Store.CannotOpen' -Category ResourceUnavailable
        # What PermShell says (PowerShell's own error view also quotes the script line that was run).
        "$($err.Exception) $($err.TargetObject) $($err.ErrorDetails)" | Should -Not -Match 'topsecret-77'
        $err.Exception.Message | Should -Match ([regex]::Escape('postgresql://alice@127.0.0.1:1/perms?schema=permshell'))
        $err = $null
        try { New-PermissionStore -ConnectionString './store.db' -ErrorAction Stop } catch { $err = $_ }
        Assert-PermError $err 'PermShell.Store.BadConnectionString' -Category InvalidArgument
        $err = $null
        try { Get-PermUser -Store 'Host=db;Password=topsecret-78;Bogus=1' -ErrorAction Stop } catch { $err = $_ }
        Assert-PermError $err 'PermShell.Store.BadConnectionString' -Category InvalidArgument
        "$($err.Exception) $($err.TargetObject) $($err.ErrorDetails)" | Should -Not -Match 'topsecret-78'
    }

    It 'never appear in Get-PermissionStore, verbose output, the log or a backup; PGPASSWORD and PGPASSFILE supply them' {
        $schema = New-Schema
        $withPassword = "Host=127.0.0.1;Port=$Port;Database=postgres;Username=permshell_secret;Password=$Secret;Search Path=$schema"
        $info = New-PermissionStore -ConnectionString $withPassword -Template Django
        $verbose = New-PermUser -Store $withPassword -Name bob -Verbose 4>&1 | Out-String
        $backup = Join-Path (New-TestFolder) 'b.db'
        $null = Backup-PermissionStore -Store $withPassword -Destination $backup
        "$($info | Format-List * | Out-String)$verbose$(Get-PermissionLog -Store $withPassword | Format-List * | Out-String)" | Should -Not -Match $Secret
        [IO.File]::ReadAllText($backup) | Should -Not -Match $Secret
        $info.Path | Should -BeExactly "postgresql://permshell_secret@127.0.0.1:$Port/postgres?schema=$schema"

        $noPassword = "Host=127.0.0.1;Port=$Port;Database=postgres;Username=permshell_secret;Search Path=$schema"
        Invoke-ChildPwsh -Environment @{ PGPASSWORD = $Secret } -Script "(Get-PermUser -Store '$noPassword').Name" | Should -Be 'bob'
        $passfile = Join-Path (New-TestFolder) 'pgpass'
        Set-Content -LiteralPath $passfile -Value "127.0.0.1:${Port}:postgres:permshell_secret:$Secret"
        if (-not $IsWindows) { & chmod 600 $passfile }
        Invoke-ChildPwsh -Environment @{ PGPASSFILE = $passfile } -Script "(Get-PermUser -Store '$noPassword').Name" | Should -Be 'bob'
    }
}

Describe 'Get-PermissionLog -After' {
    It 'reads on from an entry id, as a change feed' {
        $store = New-TestPostgresLocation
        $null = New-PermissionStore -ConnectionString $store
        $null = New-PermUser -Store $store -Name ann
        $last = (Get-PermissionLog -Store $store -Last 1).Id
        $null = New-PermUser -Store $store -Name bob
        $null = New-PermGroup -Store $store -Name dev
        $feed = @(Get-PermissionLog -Store $store -After $last)
        $feed.Id | Should -Be ($last + 1), ($last + 2)
        $feed.Subject | Should -Be 'bob', 'dev'
        @(Get-PermissionLog -Store $store -After $feed[-1].Id) | Should -BeNullOrEmpty
        @(Get-PermissionLog -Store $store -After $last -Last 1).Subject | Should -Be 'dev'
    }
}

Describe 'Copy-PermissionStore, Backup- and Restore-PermissionStore between backends' {
    It 'copies SQLite to PostgreSQL and back with the log entry for entry, verified on each' {
        $sqlite = New-SampleStore
        New-PermUser -Store $sqlite -Name bob | Grant-Permission -Store $sqlite -Name WIKI_ADMIN
        $pg = New-TestPostgresLocation
        $copy = Copy-PermissionStore -Source $sqlite -Destination $pg
        $copy.Revision | Should -Be (Get-PermissionStore -Store $sqlite).Revision
        Test-PermissionLog -Store $pg | Should -BeTrue
        $back = Join-Path (New-TestFolder) 'back.db'
        $null = Copy-PermissionStore -Source $pg -Destination $back
        Test-PermissionLog -Store $back | Should -BeTrue
        $entries = { param($s) Get-PermissionLog -Store $s | ForEach-Object { "$($_.Id)|$($_.Time.ToString('o'))|$($_.Actor)|$($_.Action)|$($_.Hash)" } }
        (& $entries $pg) | Should -Be (& $entries $sqlite)
        (& $entries $back) | Should -Be (& $entries $sqlite)
        Get-StoreContent -Store $back | Should -Be (Get-StoreContent -Store $sqlite)
    }

    It 'refuses a destination that holds a store without -Force, and the source itself' {
        $pg = New-TestStore
        { Copy-PermissionStore -Source (New-SampleStore) -Destination $pg -ErrorAction Stop } | Should -Throw -ErrorId 'PermShell.Store.Exists*'
        { Copy-PermissionStore -Source $pg -Destination $pg -Force -ErrorAction Stop } | Should -Throw -ErrorId 'PermShell.Copy.SameStore*'
    }

    It 'backs a PostgreSQL store up into a PermShell SQLite file, and restores that file into PostgreSQL' {
        $pg = New-TestPostgresLocation
        $null = New-PermissionStore -ConnectionString $pg -Template Trac
        $null = New-PermUser -Store $pg -Name bob
        $backup = Backup-PermissionStore -Store $pg -Destination (Join-Path (New-TestFolder) 'pg.db')
        $backup.LogIntact | Should -BeTrue
        Test-PermissionLog -Store $backup.Path | Should -BeTrue
        $null = Remove-PermUser -Store $pg -Name bob -Confirm:$false
        $restored = Restore-PermissionStore -Store $pg -Path $backup.Path -Confirm:$false
        $restored.Users | Should -Be 1
        Test-PermissionLog -Store $pg | Should -BeTrue
        $entry = Get-PermissionLog -Store $pg -Last 1
        $entry.Action | Should -Be 'Restore Store'
        $entry.Actor | Should -Be 'postgres'
    }
}

Describe 'A read-only role' {
    It 'reads the store and is refused every write with PermShell.Store.ReadOnly, nothing written' {
        $schema = New-Schema
        $null = New-PermissionStore -ConnectionString "$ClusterString;Search Path=$schema" -Template Trac
        New-Role permshell_reader
        Invoke-Sql "GRANT USAGE ON SCHEMA $schema TO permshell_reader; GRANT SELECT ON ALL TABLES IN SCHEMA $schema TO permshell_reader;" | Out-Null
        $reader = "Host=127.0.0.1;Port=$Port;Database=postgres;Username=permshell_reader;Search Path=$schema"
        (Get-PermissionStore -Store $reader).Permissions | Should -BeGreaterThan 30
        Test-PermissionLog -Store $reader | Should -BeTrue
        $before = Get-StoreContent -Store $reader
        { New-PermUser -Store $reader -Name eve -ErrorAction Stop } | Should -Throw -ErrorId 'PermShell.Store.ReadOnly*'
        Get-StoreContent -Store $reader | Should -Be $before
    }
}

Describe 'An enforced store' {
    It 'holds another login role to its rights: AccessDenied, nothing written, a Denied entry under the role the server authenticated' {
        $schema = New-Schema
        $store = "$ClusterString;Search Path=$schema"
        $null = New-PermissionStore -ConnectionString $store -Template Trac
        New-Role permshell_dora
        Invoke-Sql "GRANT USAGE ON SCHEMA $schema TO permshell_dora; GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA $schema TO permshell_dora;" | Out-Null
        $null = New-PermUser -Store $store -Name bob, permshell_dora
        Set-PermissionStore -Store $store -Enforce
        (Get-PermissionStore -Store $store).IsEnforced | Should -BeTrue
        (Get-PermissionLog -Store $store -Last 1).Actor | Should -BeExactly 'postgres'
        # The content but the revision, which the Denied entry moves on.
        $before = (Get-StoreContent -Store $store) -replace 'revision=\d+ '

        $dora = "Host=127.0.0.1;Port=$Port;Database=postgres;Username=permshell_dora;Search Path=$schema"
        { Grant-Permission -Store $dora -Subject bob -Name WIKI_VIEW -ErrorAction Stop } | Should -Throw -ErrorId 'PermShell.Rights.AccessDenied*'

        (Get-StoreContent -Store $store) -replace 'revision=\d+ ' | Should -BeExactly $before
        $entry = Get-PermissionLog -Store $store -Last 1
        $entry.Action, $entry.Actor, $entry.Target | Should -Be 'Denied', 'permshell_dora', 'grant WIKI_VIEW to bob'
        Test-PermissionLog -Store $store | Should -BeTrue
    }
}

Describe 'Many writers on many processes' {
    It 'lose nothing: 8 processes x 250 commits, every one logged, revisions and the hash chain gapless' {
        $store = New-TestPostgresLocation
        $null = New-PermissionStore -ConnectionString $store
        $start = (Get-PermissionStore -Store $store).Revision
        $exe = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
        $folder = New-TestFolder
        $processes = foreach ($p in 1..8) {
            $script = "`$ErrorActionPreference = 'Stop'; Import-Module '$PermShellModulePath'; " +
                "foreach (`$i in 1..250) { New-PermUser -Store '$store' -Name ('u{0}-{1}' -f $p, `$i) | Out-Null }"
            Start-Process -FilePath $exe -ArgumentList '-NoProfile', '-NonInteractive', '-Command', $script -PassThru `
                -RedirectStandardError (Join-Path $folder "err-$p.txt") -RedirectStandardOutput (Join-Path $folder "out-$p.txt")
        }
        foreach ($process in $processes) { $process.WaitForExit() }
        foreach ($p in 1..8) { Get-Content -Raw -LiteralPath (Join-Path $folder "err-$p.txt") | Should -BeNullOrEmpty }
        $processes.ExitCode | Should -Be (@(0) * 8)

        $info = Get-PermissionStore -Store $store
        $info.Users | Should -Be 2000
        $info.Revision | Should -Be ($start + 2000)
        $log = @(Get-PermissionLog -Store $store -Action 'Add User')
        $log.Count | Should -Be 2000
        @($log.Subject | Sort-Object -Unique).Count | Should -Be 2000
        Test-PermissionLog -Store $store | Should -BeTrue
        $all = @(Get-PermissionLog -Store $store)
        @($all.Id) | Should -Be @(1..$all.Count)
    }
}
