# Several processes writing one store at once (SPEC §1 "Store": WAL, busy timeout, no write lost): 4 pwsh processes ×
# 250 changes each, started together. Every change must land, be logged once, and no caller may see "database is locked".

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule
    $script:pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
}

AfterAll {
    Remove-TestRoot
}

Describe 'Concurrent writers' {
    BeforeAll {
        $script:writers = 4
        $script:store = New-TestStore
        $folder = Split-Path $store
        # 150 permissions and one user per writer, in one import.
        $yaml = @('version: 1', 'permissions:') + (0..149 | ForEach-Object { '  - name: PERM_{0:D3}' -f $_ }) +
            @('users:') + (0..($writers - 1) | ForEach-Object { "  - name: w$_" })
        Set-Content -LiteralPath (Join-Path $folder 'setup.yaml') -Value $yaml
        Import-PermissionManifest -Store $store -Path (Join-Path $folder 'setup.yaml') 6>$null
        $script:logBefore = @(Get-PermissionLog -Store $store).Count

        $go = Join-Path $folder 'go'
        $script:processes = foreach ($k in 0..($writers - 1)) {
            $info = [Diagnostics.ProcessStartInfo]::new($pwsh)
            foreach ($a in '-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'Children/ConcurrentWriter.ps1'),
                '-Module', $PermShellModulePath, '-Store', $store, '-Subject', "w$k", '-Go', $go, '-Ready', (Join-Path $folder "ready$k")) { $info.ArgumentList.Add($a) }
            $info.RedirectStandardOutput = $true
            $info.RedirectStandardError = $true
            $p = [Diagnostics.Process]::Start($info)
            [pscustomobject]@{ Process = $p; Out = $p.StandardOutput.ReadToEndAsync(); Err = $p.StandardError.ReadToEndAsync() }
        }
        # Let every child load the module, then release them at once.
        $deadline = [DateTime]::UtcNow.AddMinutes(2)
        while (@(Get-ChildItem -LiteralPath $folder -Filter 'ready*').Count -lt $writers -and [DateTime]::UtcNow -lt $deadline -and
            -not ($processes.Process | Where-Object HasExited)) { Start-Sleep -Milliseconds 20 }
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $null = New-Item -ItemType File -Path $go
        foreach ($w in $processes) {
            if (-not $w.Process.WaitForExit(120000)) { $w.Process.Kill(); throw 'a writer did not finish within 2 minutes' }
        }
        $script:elapsed = $clock.Elapsed
        $script:results = foreach ($w in $processes) {
            [pscustomobject]@{ ExitCode = $w.Process.ExitCode; Out = $w.Out.Result; Err = $w.Err.Result }
        }
        Write-Host ("4 writers x 250 changes: {0:n1} s ({1})" -f $elapsed.TotalSeconds, (($results.Out | ForEach-Object Trim) -join '; '))
    }

    It 'every writer finished without an error (no "database is locked" reached a caller)' {
        foreach ($r in $results) {
            $r.Err | Should -BeNullOrEmpty
            $r.ExitCode | Should -Be 0
            $r.Out | Should -Match '^done w\d'
        }
    }

    It 'all 1,000 changes are in the store' {
        foreach ($k in 0..($writers - 1)) {
            $held = @(Get-Permission -Store $store -Subject "w$k" | ForEach-Object Permission | Sort-Object)
            $held | Should -Be @(100..149 | ForEach-Object { 'PERM_{0:D3}' -f $_ })
        }
    }

    It 'all 1,000 changes are logged once each, in each writer''s order' {
        $log = @(Get-PermissionLog -Store $store)
        $log.Count - $logBefore | Should -Be 1000
        foreach ($k in 0..($writers - 1)) {
            $mine = @($log | Where-Object Subject -EQ "w$k" | Where-Object Action -Like '* Grant')
            $mine.Count | Should -Be 250
            $expected = @(0..149 | ForEach-Object { "Add Grant PERM_{0:D3}" -f $_ }) + @(0..99 | ForEach-Object { "Remove Grant PERM_{0:D3}" -f $_ })
            @($mine | ForEach-Object { "$($_.Action) $($_.Target)" }) | Should -Be $expected
            @($mine.Source | Sort-Object -Unique) | Should -Be 'Grant-Permission', 'Revoke-Permission'
        }
    }

    It 'the log chain is intact' {
        Test-PermissionLog -Store $store | Should -BeTrue
    }

    It 'took well under a minute' {
        $elapsed.TotalSeconds | Should -BeLessThan 60
    }
}
