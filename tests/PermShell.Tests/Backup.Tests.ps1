# Backup-PermissionStore and Restore-PermissionStore: consistent copies while writers run, verified before they are
# put in place; restores that check the backup, replace a store in use in one step and log themselves.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule
    $script:pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')

    # Starts a writer: a pwsh that runs $Loop (PowerShell text; $i counts the rounds from 0) until a file 'stop'
    # appears in $Folder, with its standard error in err.txt there.
    function Start-Writer([string] $Folder, [string] $Loop) {
        Start-Process -FilePath $pwsh -PassThru -NoNewWindow -RedirectStandardError (Join-Path $Folder 'err.txt') -ArgumentList @(
            '-NoProfile', '-NonInteractive', '-Command',
            "`$ErrorActionPreference = 'Stop'; Import-Module '$PermShellModulePath'; `$i = 0; while (-not (Test-Path '$(Join-Path $Folder 'stop')')) { $Loop; `$i++ }")
    }
}

AfterAll {
    Remove-TestRoot
}

Describe 'Backup-PermissionStore' {
    BeforeAll {
        $script:store = New-SampleStore
        $null = New-PermUser -Store $store -Name bob
        Grant-Permission -Store $store -Subject bob -Name WIKI_VIEW
    }

    It 'writes a verified copy that opens as a store with the same content and an intact log' {
        $dest = Join-Path (New-TestFolder) 'backup.db'

        $b = Backup-PermissionStore -Store $store -Destination $dest

        # The backup is one file (reading it afterwards may keep it open for the next call, with its side files).
        Get-SideFile -Path $dest | Should -BeNullOrEmpty
        $b.PSTypeNames | Should -Contain 'PermShell.StoreBackup'
        $b.Path | Should -BeExactly $dest
        $b.LogIntact | Should -BeTrue
        $b.LogEntries | Should -Be @(Get-PermissionLog -Store $store).Count
        $b.LogHead | Should -BeExactly (Get-PermissionLog -Store $store -Last 1).Hash
        $b.Sha256 | Should -BeExactly (Get-FileHash -LiteralPath $dest).Hash.ToLowerInvariant()
        Export-PermissionManifest -Store $dest | Should -BeExactly (Export-PermissionManifest -Store $store)
        Test-PermissionLog -Store $dest | Should -BeTrue
        if (-not $IsWindows) { (Get-Item -LiteralPath $dest).UnixFileMode | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite') }
    }

    It 'refuses to overwrite without -Force, and never overwrites a file that is not a store' {
        $folder = New-TestFolder
        $dest = Join-Path $folder 'b.db'
        $null = Backup-PermissionStore -Store $store -Destination $dest
        $notes = Join-Path $folder 'notes.txt'
        Set-Content -LiteralPath $notes -Value 'precious'

        { Backup-PermissionStore -Store $store -Destination $dest -ErrorAction Stop } | Should -Throw -ErrorId 'PermShell.Backup.Exists*'
        { Backup-PermissionStore -Store $store -Destination $notes -Force -ErrorAction Stop } | Should -Throw -ErrorId 'PermShell.Backup.NotAStore*'
        Get-Content -LiteralPath $notes | Should -Be 'precious'
        (Backup-PermissionStore -Store $store -Destination $dest -Force).Path | Should -Be $dest
    }

    It '-WhatIf writes nothing' {
        $dest = Join-Path (New-TestFolder) 'b.db'
        Backup-PermissionStore -Store $store -Destination $dest -WhatIf
        Test-Path -LiteralPath $dest | Should -BeFalse
    }

    It 'takes consistent copies while another process keeps writing' {
        $live = Copy-TestStore -From $store
        $folder = Split-Path $live
        $stop = Join-Path $folder 'stop'
        $writer = Start-Writer -Folder $folder -Loop "`$null = New-PermUser -Store '$live' -Name ('w' + `$i); Grant-Permission -Store '$live' -Subject ('w' + `$i) -Name WIKI_VIEW"
        try {
            # Wait until the writer is writing.
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (@(Get-PermUser -Store $live).Count -lt 3 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            $copies = foreach ($n in 1..3) {
                Backup-PermissionStore -Store $live -Destination (Join-Path $folder "copy$n.db")
                Start-Sleep -Milliseconds 300
            }
        }
        finally {
            $null = New-Item -ItemType File -Path $stop
            $null = $writer.WaitForExit(30000)
        }
        Get-Content -Raw -LiteralPath (Join-Path $folder 'err.txt') | Should -BeNullOrEmpty
        @($copies.LogEntries | Sort-Object -Unique).Count | Should -BeGreaterThan 1 -Because 'the writer changed the store between copies'
        foreach ($c in $copies) {
            $c.LogIntact | Should -BeTrue
            Test-PermissionLog -Store $c.Path | Should -BeTrue
            # Consistent: every user in the copy has its grant (each user and grant were separate transactions, so a
            # copy may end between them, but never holds a grant without its user or a torn row).
            $users = @(Get-PermUser -Store $c.Path | Where-Object Name -Like 'w*').Count
            $grants = @(Get-Permission -Store $c.Path | Where-Object Subject -Like 'w*').Count
            $grants | Should -BeIn @($users, ($users - 1))
            @(Get-PermissionLog -Store $c.Path).Count | Should -Be $c.LogEntries
        }
    }
}

Describe 'Restore-PermissionStore' {
    BeforeAll {
        $script:source = New-SampleStore
        $null = New-PermUser -Store $source -Name bob
        Grant-Permission -Store $source -Subject bob -Name WIKI_VIEW
        $script:backup = (Backup-PermissionStore -Store $source -Destination (Join-Path (New-TestFolder) 'backup.db')).Path
        $script:backupContent = Export-PermissionManifest -Store $backup
        $script:backupHash = (Get-FileHash -LiteralPath $backup).Hash
    }

    It 'replaces a store with the backup, logs the restore, and leaves the backup file unchanged' {
        $store = Copy-TestStore -From $source
        $null = New-PermUser -Store $store -Name later
        $replaced = Get-PermissionLog -Store $store -Last 1

        $info = Restore-PermissionStore -Store $store -Path $backup -Confirm:$false

        $info.PSTypeNames | Should -Contain 'PermShell.StoreInfo'
        Export-PermissionManifest -Store $store | Should -BeExactly $backupContent
        $last = Get-PermissionLog -Store $store -Last 1
        $last.Action | Should -Be 'Restore Store'
        $last.Source | Should -Match ([regex]::Escape("Restore-PermissionStore $backup sha256:$($backupHash.ToLowerInvariant())"))
        $last.Target | Should -Match "over revision \d+ \(log #$($replaced.Id) $($replaced.Hash.Substring(0, 12))\)"
        Test-PermissionLog -Store $store | Should -BeTrue
        (Get-FileHash -LiteralPath $backup).Hash | Should -Be $backupHash
    }

    It 'creates a missing store from the backup' {
        $target = Join-Path (New-TestFolder) 'new/restored.db'
        $null = Restore-PermissionStore -Store $target -Path $backup -Confirm:$false
        Export-PermissionManifest -Store $target | Should -BeExactly $backupContent
    }

    It 'refuses a backup whose log was tampered with, and changes nothing' {
        $bad = Copy-TestStore -From $backup
        Invoke-Python -Arguments $bad -Script @'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.executescript("DROP TRIGGER change_log_no_update; UPDATE change_log SET subject = 'mallory' WHERE id = 2;")
c.close()
'@
        $store = Copy-TestStore -From $source
        $null = New-PermUser -Store $store -Name later
        $before = Get-StoreContent -Store $store

        { Restore-PermissionStore -Store $store -Path $bad -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PermShell.Restore.LogDamaged*'
        Get-StoreContent -Store $store | Should -BeExactly $before
        @(Get-ChildItem -LiteralPath (Split-Path $store) -Filter '*.tmp*').Count | Should -Be 0
    }

    It 'refuses a file that is not a backup, and never replaces a file that is not a store' {
        $folder = New-TestFolder
        $text = Join-Path $folder 'x.db'
        Set-Content -LiteralPath $text -Value 'not a database'
        $store = Copy-TestStore -From $source

        { Restore-PermissionStore -Store $store -Path $text -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PermShell.Restore.NotABackup*'
        { Restore-PermissionStore -Store $text -Path $backup -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PermShell.Restore.NotAStore*'
        Get-Content -LiteralPath $text | Should -Be 'not a database'
        $empty = Join-Path $folder 'empty.db'
        $null = New-Item -ItemType File -Path $empty
        { Restore-PermissionStore -Store $empty -Path $backup -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PermShell.Restore.NotAStore*'
        (Get-Item -LiteralPath $empty).Length | Should -Be 0
    }

    It 'replaces a store that another process keeps writing, which goes on writing to the restored store' {
        $live = Copy-TestStore -From $source
        $folder = Split-Path $live
        $stop = Join-Path $folder 'stop'
        $writer = Start-Writer -Folder $folder -Loop "`$null = New-PermUser -Store '$live' -Name ('w' + `$i)"
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (@(Get-PermUser -Store $live).Count -lt 4 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            $null = Restore-PermissionStore -Store $live -Path $backup -Confirm:$false
            $restoredAt = (Get-PermissionLog -Store $live | Where-Object Action -EQ 'Restore Store').Id
            # Let the writer go on for a while on the restored store.
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (@(Get-PermissionLog -Store $live | Where-Object Id -GT $restoredAt).Count -lt 3 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        }
        finally {
            $null = New-Item -ItemType File -Path $stop
            $null = $writer.WaitForExit(30000)
        }
        Get-Content -Raw -LiteralPath (Join-Path $folder 'err.txt') | Should -BeNullOrEmpty
        Test-PermissionLog -Store $live | Should -BeTrue
        $after = @(Get-PermissionLog -Store $live | Where-Object Id -GT $restoredAt)
        $after.Count | Should -BeGreaterOrEqual 3
        # The store is the backup plus exactly what the writer added after the restore.
        $users = @(Get-PermUser -Store $live | ForEach-Object Name | Sort-Object)
        $users | Should -Be @(@('bob') + @($after | Where-Object Action -EQ 'Add User' | ForEach-Object Subject) | Sort-Object)
    }

    It 'a process that writes while restores run never works from a replaced state nor meets a raw SQLite constraint failure' {
        # The writer creates a user and then grants it. A restore may drop the user in between: then the grant is the
        # documented PermShell.Subject.NotFound (the restore came before the grant's checks) or PermShell.Store.Conflict
        # (it came between the checks and the write, which re-checks against the store as it then is). Before the fix, a user created just as a restore replaced the store
        # stayed in the writer's cached snapshot (same store id and revision as the restored store), and the grant
        # failed with SQLite's "FOREIGN KEY constraint failed".
        $live = Copy-TestStore -From $source
        $folder = Split-Path $live
        $stop = Join-Path $folder 'stop'
        $unexpected = Join-Path $folder 'unexpected.txt'
        $writer = Start-Writer -Folder $folder -Loop "`$null = New-PermUser -Store '$live' -Name ('w' + `$i); Start-Sleep -Milliseconds (Get-Random -Maximum 60); try { Grant-Permission -Store '$live' -Subject ('w' + `$i) -Name WIKI_VIEW } catch { if (`$_.FullyQualifiedErrorId -notlike 'PermShell.Subject.NotFound,*' -and `$_.FullyQualifiedErrorId -notlike 'PermShell.Store.Conflict,*') { Add-Content -LiteralPath '$unexpected' -Value (`$_.FullyQualifiedErrorId + ': ' + `$_.Exception.Message) } }"
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (@(Get-PermUser -Store $live).Count -lt 3 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            foreach ($n in 1..12) {
                $null = Restore-PermissionStore -Store $live -Path $backup -Confirm:$false
                Start-Sleep -Milliseconds (Get-Random -Maximum 100)
            }
        }
        finally {
            $null = New-Item -ItemType File -Path $stop
            $null = $writer.WaitForExit(30000)
        }
        Get-Content -Raw -LiteralPath (Join-Path $folder 'err.txt') | Should -BeNullOrEmpty
        if (Test-Path -LiteralPath $unexpected) { Get-Content -Raw -LiteralPath $unexpected | Should -BeNullOrEmpty }
        Test-PermissionLog -Store $live | Should -BeTrue
        # The store is the backup plus exactly what the writer did after the last restore.
        $restoredAt = (Get-PermissionLog -Store $live | Where-Object Action -EQ 'Restore Store').Id
        $after = @(Get-PermissionLog -Store $live | Where-Object Id -GT $restoredAt)
        @(Get-PermUser -Store $live | ForEach-Object Name | Sort-Object) | Should -Be @(@('bob') + @($after | Where-Object Action -EQ 'Add User' | ForEach-Object Subject) | Sort-Object)
        @(Get-Permission -Store $live | ForEach-Object Subject | Sort-Object) | Should -Be @(@('bob') + @($after | Where-Object Action -EQ 'Add Grant' | ForEach-Object Subject) | Sort-Object)
    }

    It '-WhatIf changes nothing' {
        $store = Copy-TestStore -From $source
        $null = New-PermUser -Store $store -Name later
        $before = Get-StoreContent -Store $store
        Restore-PermissionStore -Store $store -Path $backup -WhatIf
        Get-StoreContent -Store $store | Should -BeExactly $before
    }
}
