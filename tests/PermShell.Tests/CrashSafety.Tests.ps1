# Crash safety (SPEC §1 "Store": a manifest import applies completely or not at all): a child pwsh imports a large
# manifest and is killed with SIGKILL at several points, before, during and after the transaction. Each time the
# reopened store must pass SQLite's integrity_check, hold exactly the state before the import or exactly the state
# after it, and have an intact change log of the matching length; and it must still take writes.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule
    $script:pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')

    # Starts one importer per kill point, all at once, each on its own copy of the base store, and kills each with
    # SIGKILL when its condition holds: given the phase ('importing' once the child printed it, 'imported' once the
    # import committed), the -wal file's size and how much the store file grew (a checkpoint copying the WAL into it).
    function Invoke-KilledImport {
        param([object[]] $Points)
        $runs = foreach ($point in $Points) {
            $store = Copy-TestStore -From $script:baseStore
            $info = [Diagnostics.ProcessStartInfo]::new($script:pwsh)
            foreach ($a in '-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'Children/CrashImporter.ps1'),
                '-Module', $PermShellModulePath, '-Store', $store, '-Manifest', $script:manifest) { $info.ArgumentList.Add($a) }
            $info.RedirectStandardOutput = $true
            $info.RedirectStandardError = $true
            $p = [Diagnostics.Process]::Start($info)
            [pscustomobject]@{
                Name = $point.Name; KillWhen = $point.KillWhen; Store = $store; Process = $p; Err = $p.StandardError.ReadToEndAsync()
                Line = $p.StandardOutput.ReadLineAsync(); Phase = 'starting'; Wal = 0L; Grew = 0L; Done = $false
                Db = [IO.FileInfo]::new($store); WalFile = [IO.FileInfo]::new("$store-wal"); Size0 = (Get-Item -LiteralPath $store).Length
            }
        }
        $deadline = [DateTime]::UtcNow.AddMinutes(3)
        try {
            while (@($runs | Where-Object { -not $_.Done }).Count -gt 0) {
                if ([DateTime]::UtcNow -gt $deadline) { throw 'the importers did not reach their kill points within 3 minutes' }
                foreach ($run in $runs | Where-Object { -not $_.Done }) {
                    while ($run.Line.IsCompleted) {
                        $text = $run.Line.Result
                        if ($null -eq $text) { throw "an importer exited before it was killed: $($run.Err.Result)" }
                        if ($text -eq 'importing') { $run.Phase = 'importing' } elseif ($text -like 'imported*') { $run.Phase = 'imported' }
                        $run.Line = $run.Process.StandardOutput.ReadLineAsync()
                    }
                    if ($run.Phase -eq 'starting') { continue }
                    $run.WalFile.Refresh(); $run.Db.Refresh()
                    $wal = if ($run.WalFile.Exists) { $run.WalFile.Length } else { 0 }
                    $grew = $run.Db.Length - $run.Size0
                    if (& $run.KillWhen $run.Phase $wal $grew) {
                        $run.Process.Kill()   # SIGKILL on Unix
                        $run.Done = $true; $run.Wal = $wal; $run.Grew = $grew
                    }
                }
                Start-Sleep -Milliseconds 1
            }
        }
        finally {
            foreach ($run in $runs) { if (-not $run.Process.HasExited) { $run.Process.Kill() }; $null = $run.Process.WaitForExit(10000) }
        }
        $runs
    }

    function Get-IntegrityCheck([string] $Path) {
        Invoke-Python -Arguments $Path -Script @'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(";".join(r[0] for r in c.execute("PRAGMA integrity_check")))
c.close()
'@
    }
}

AfterAll {
    Remove-TestRoot
}

Describe 'A manifest import killed with SIGKILL' {
    BeforeAll {
        $script:baseStore = New-TestStore -Template Trac
        $null = New-PermUser -Store $baseStore -Name keeper
        $folder = Split-Path $baseStore
        # About 12,800 changes: 200 permissions, 100 groups with grants and members, 2,500 users with 4 grants each.
        $lines = @('version: 1', 'permissions:') + (0..199 | ForEach-Object { '  - name: P_{0:D3}' -f $_ }) + @('groups:') +
            (0..99 | ForEach-Object { "  - name: g$_`n    grants: [P_{0:D3}]`n    members: [u$($_ * 10), u$($_ * 10 + 1)]" -f $_ }) + @('users:') +
            (0..2499 | ForEach-Object { "  - name: u$_`n    email: u$_@example.org`n    grants: [P_{0:D3}, P_{1:D3}, P_{2:D3}, P_{3:D3}]" -f ($_ % 200), (($_ + 1) % 200), (($_ + 7) % 200), (($_ + 13) % 200) })
        $script:manifest = Join-Path $folder 'big.yaml'
        Set-Content -LiteralPath $manifest -Value $lines

        $script:before = Export-PermissionManifest -Store $baseStore
        $script:logBefore = @(Get-PermissionLog -Store $baseStore).Count
        $script:planned = @(Compare-PermissionManifest -Store $baseStore -Path $manifest 6>$null).Count

        $script:runs = @(Invoke-KilledImport -Points @(
                @{ Name = 'as the import starts'; KillWhen = { param($phase, $wal, $grew) $true } }
                @{ Name = 'once the transaction spilled 256 KiB to the WAL'; KillWhen = { param($phase, $wal, $grew) $wal -ge 256KB } }
                @{ Name = 'once the transaction spilled 1 MiB to the WAL'; KillWhen = { param($phase, $wal, $grew) $wal -ge 1MB } }
                @{ Name = 'once the transaction spilled 2 MiB to the WAL'; KillWhen = { param($phase, $wal, $grew) $wal -ge 2MB } }
                @{ Name = 'while the checkpoint copies the WAL into the store file'; KillWhen = { param($phase, $wal, $grew) $grew -gt 0 -or $phase -eq 'imported' } }
                @{ Name = 'after the import committed'; KillWhen = { param($phase, $wal, $grew) $phase -eq 'imported' } }
            ))
        $script:reference = $runs[-1]
        $script:after = Export-PermissionManifest -Store $reference.Store
        foreach ($run in $runs) {
            $run | Add-Member -NotePropertyName Integrity -NotePropertyValue (Get-IntegrityCheck $run.Store)
            $content = Export-PermissionManifest -Store $run.Store
            $run | Add-Member -NotePropertyName State -NotePropertyValue $(if ($content -ceq $before) { 'before' } elseif ($content -ceq $after) { 'after' } else { 'neither' })
            $run | Add-Member -NotePropertyName LogIntact -NotePropertyValue (Test-PermissionLog -Store $run.Store -ErrorAction SilentlyContinue)
            $run | Add-Member -NotePropertyName LogEntries -NotePropertyValue @(Get-PermissionLog -Store $run.Store).Count
        }
        Write-Host ("{0} changes; kill points: {1}" -f $planned,
            (($runs | ForEach-Object { '{0} [{1}, WAL {2:n0} KiB, store file +{3:n0} KiB] -> {4}' -f $_.Name, $_.Phase, ($_.Wal / 1KB), ($_.Grew / 1KB), $_.State }) -join '; '))
    }

    It 'leaves a file that passes integrity_check' {
        foreach ($run in $runs) { $run.Integrity | Should -BeExactly 'ok' -Because $run.Name }
    }

    It 'leaves exactly the state before or the state after, never a mixture' {
        foreach ($run in $runs) { $run.State | Should -BeIn 'before', 'after' -Because $run.Name }
    }

    It 'leaves an intact log whose length matches the state' {
        foreach ($run in $runs) {
            $run.LogIntact | Should -BeTrue -Because $run.Name
            $run.LogEntries | Should -Be ($(if ($run.State -eq 'after') { $logBefore + $planned } else { $logBefore })) -Because $run.Name
        }
    }

    It 'keeps what committed and drops what did not' {
        $reference.Phase | Should -Be 'imported'
        $reference.State | Should -Be 'after'
        $runs[0].State | Should -Be 'before'
        # The WAL kill points landed inside the transaction, which was not committed yet.
        foreach ($run in $runs[1..3]) {
            if ($run.Phase -eq 'importing') { $run.State | Should -Be 'before' -Because $run.Name }
        }
        # Once the checkpoint copies into the store file, the transaction had committed.
        if ($runs[4].Grew -gt 0) { $runs[4].State | Should -Be 'after' }
    }

    It 'killed at least three imports in the middle of their transaction' {
        @($runs | Where-Object { $_.Phase -eq 'importing' -and $_.Wal -gt 0 }).Count | Should -BeGreaterOrEqual 3
    }

    It 'leaves a store that takes writes again' {
        foreach ($run in $runs) {
            $null = New-PermUser -Store $run.Store -Name survivor
            Test-PermissionLog -Store $run.Store | Should -BeTrue
        }
    }
}
