# What a changing call writes, when, and what it locks (README "Transactions", SPEC §1 "Store"): each sentence of
# the README's promise has a test here. A second process (python's sqlite3 holding the write lock, or a child pwsh
# whose pipeline waits on a file) shows that PermShell holds the lock only while it writes.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule

    # The users as the store file holds them, read by another program: what has really been written.
    function Get-WrittenUser([string] $Store) {
        $names = Invoke-Python -Script @'
import sqlite3, sys
c = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)
print('\n'.join(r[0] for r in c.execute("SELECT name FROM subject WHERE kind = 'user' ORDER BY name")))
'@ -Arguments $Store
        @($names | Where-Object { $_ })
    }

    # Starts a process that runs in the background; Wait-Child collects its exit code and output.
    function Start-Child([string] $FilePath, [string[]] $ArgumentList) {
        $info = [Diagnostics.ProcessStartInfo]::new($FilePath)
        foreach ($a in $ArgumentList) { $info.ArgumentList.Add($a) }
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $p = [Diagnostics.Process]::Start($info)
        [pscustomobject]@{ Process = $p; Out = $p.StandardOutput.ReadToEndAsync(); Err = $p.StandardError.ReadToEndAsync() }
    }

    function Wait-Child($Child, [int] $Seconds = 60) {
        if (-not $Child.Process.WaitForExit($Seconds * 1000)) { $Child.Process.Kill(); throw "a child process did not finish within $Seconds s" }
        [pscustomobject]@{ ExitCode = $Child.Process.ExitCode; Out = $Child.Out.Result; Err = $Child.Err.Result }
    }

    function Wait-File([string] $Path, $Child, [int] $Seconds = 60) {
        $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
        while (-not (Test-Path -LiteralPath $Path)) {
            if ($Child.Process.HasExited) { throw "the child ended before $Path appeared: $($Child.Out.Result) $($Child.Err.Result)" }
            if ([DateTime]::UtcNow -gt $deadline) { throw "$Path did not appear within $Seconds s" }
            Start-Sleep -Milliseconds 20
        }
    }

    # A child pwsh that runs $Pipeline against $Store; $Pipeline may call 'Wait-Release' to signal that it is waiting
    # (the 'waiting' file) and block until the test creates the 'release' file.
    function Start-ChildPipeline([string] $Store, [string] $Pipeline) {
        $folder = Split-Path $Store
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$($PermShellModulePath -replace "'", "''")'
function Wait-Release { `$null = New-Item -ItemType File -Path '$folder/waiting'; while (-not (Test-Path '$folder/release')) { Start-Sleep -Milliseconds 20 } }
try { $Pipeline; 'child: completed' } catch { "child: `$(`$_.FullyQualifiedErrorId)"; exit 3 }
"@
        $path = Join-Path $folder 'child.ps1'
        Set-Content -LiteralPath $path -Value $script
        Start-Child (Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')) @('-NoProfile', '-NonInteractive', '-File', $path)
    }

    # python's sqlite3 takes the store's write lock (BEGIN IMMEDIATE) and keeps it until the 'release' file appears.
    function Start-LockHolder([string] $Store) {
        $folder = Split-Path $Store
        Start-Child 'python3' @('-c', @'
import os, sqlite3, sys, time
store, folder = sys.argv[1], sys.argv[2]
c = sqlite3.connect(store, isolation_level=None, timeout=0)
c.execute('BEGIN IMMEDIATE')
open(os.path.join(folder, 'locked'), 'w').close()
deadline = time.time() + 60
while not os.path.exists(os.path.join(folder, 'release')) and time.time() < deadline:
    time.sleep(0.02)
c.execute('ROLLBACK')
'@, $Store, $folder)
    }
}

AfterAll {
    Remove-TestRoot
}

Describe 'When a changing call writes' {
    It 'stages changes while the pipeline runs and writes them when its last PermShell cmdlet ends' {
        $s = New-SampleStore
        $script:during = $null
        $out = 'ann', 'bea' | New-PermUser -Store $s | Grant-Permission -Store $s -Name WIKI_VIEW -PassThru -WarningAction SilentlyContinue |
            ForEach-Object { $script:during = Get-WrittenUser $s; $_ }

        # Later cmdlets of the pipeline saw ann and bea; the file held neither until the pipeline ended.
        @($out).Count | Should -BeGreaterThan 0
        $script:during | Should -BeNullOrEmpty
        Get-WrittenUser $s | Should -Be @('ann', 'bea')
        (Test-Permission -Store $s -Subject bea -Name WIKI_VIEW) | Should -BeTrue
    }

    It 'writes the items that succeeded when another item of the call fails with a non-terminating error' {
        $s = New-SampleStore
        $null = 'bob', 'ann' | New-PermUser -Store $s

        Remove-PermUser -Store $s -Name bob, nosuch, ann -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.User.NotFound' -Target 'nosuch'
        Get-WrittenUser $s | Should -BeNullOrEmpty
    }

    It 'writes nothing when -ErrorAction Stop turns an item''s error into a stop' {
        $s = New-SampleStore
        $null = 'bob', 'ann' | New-PermUser -Store $s

        { Remove-PermUser -Store $s -Name bob, nosuch, ann -Confirm:$false -ErrorAction Stop } | Should -Throw
        Get-WrittenUser $s | Should -Be @('ann', 'bob')
    }

    It 'checks a grant call whole: one unknown name and nothing of the call is written' {
        $s = New-SampleStore
        $null = New-PermUser -Store $s -Name bob
        $before = Get-StoreContent $s

        Grant-Permission -Store $s -Subject bob -Name WIKI_VIEW, WIKI_VEIW -ErrorVariable err -ErrorAction SilentlyContinue

        Assert-PermError $err[0] 'PermShell.Grant.UnknownPermission' -Target 'WIKI_VEIW'
        Get-StoreContent $s | Should -BeExactly $before
    }

    It 'imports the good manifests of a piped folder together and reports the bad one; with -ErrorAction Stop, none' {
        $s = New-SampleStore
        $folder = New-TestFolder
        Set-Content (Join-Path $folder 'a.yaml') "version: 1`nusers:`n  - name: ann"
        Set-Content (Join-Path $folder 'b.yaml') "version: 1`nusers:`n  - name: bea`n    grants: [NOT_A_PERMISSION]"
        Set-Content (Join-Path $folder 'c.yaml') "version: 1`nusers:`n  - name: cid"
        $stopped = Copy-TestStore -From $s

        Get-ChildItem $folder -Filter *.yaml | Import-PermissionManifest -Store $s -ErrorVariable err -ErrorAction SilentlyContinue 6>$null
        $err.Count | Should -BeGreaterThan 0
        Get-WrittenUser $s | Should -Be @('ann', 'cid')

        { Get-ChildItem $folder -Filter *.yaml | Import-PermissionManifest -Store $stopped -ErrorAction Stop 6>$null } | Should -Throw
        Get-WrittenUser $stopped | Should -BeNullOrEmpty
    }

    It 'writes nothing when a later stage of the pipeline throws' {
        $s = New-SampleStore
        { 'ann', 'bea' | New-PermUser -Store $s | ForEach-Object { throw 'downstream failure' } } | Should -Throw
        Get-WrittenUser $s | Should -BeNullOrEmpty
    }

    It 'writes nothing when Select-Object -First stops a changing cmdlet early' {
        $s = New-SampleStore
        $null = 'ann', 'bea', 'cid' | New-PermUser -Store $s | Select-Object -First 1
        Get-WrittenUser $s | Should -BeNullOrEmpty
    }

    It 'has written what came before a buffering stage (Sort-Object) by the time a later stage fails' {
        $s = New-SampleStore
        { 'bea', 'ann' | New-PermUser -Store $s | Sort-Object Name | ForEach-Object { throw 'after the sort' } } | Should -Throw
        Get-WrittenUser $s | Should -Be @('ann', 'bea')
    }
}

Describe 'What a changing call locks' {
    It 'does not hold the write lock while its pipeline waits on an upstream or downstream stage' {
        $s = New-SampleStore
        $folder = Split-Path $s
        $child = Start-ChildPipeline $s "New-PermUser -Store '$s' -Name ann | ForEach-Object { Wait-Release; `$_ } | Grant-Permission -Store '$s' -Name WIKI_VIEW"
        try {
            Wait-File (Join-Path $folder 'waiting') $child
            # The child's pipeline is open: a writer in this process goes through at once (it waited 30 s for
            # PermShell.Store.Busy when a pipeline held the lock from its first PermShell cmdlet to its end).
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $null = New-PermUser -Store $s -Name bea -ErrorAction Stop
            Get-WrittenUser $s | Should -Be @('bea')
        }
        finally {
            $null = New-Item -ItemType File -Path (Join-Path $folder 'release') -Force
        }
        $r = Wait-Child $child
        $r.Out | Should -Match 'child: completed'
        $r.ExitCode | Should -Be 0
        Get-WrittenUser $s | Should -Be @('ann', 'bea')
        Test-Permission -Store $s -Subject ann -Name WIKI_VIEW | Should -BeTrue
    }

    It 'reads, plans and asks without the lock: -WhatIf and Compare work while another process holds it' {
        $s = New-SampleStore
        $null = New-PermUser -Store $s -Name bob
        $folder = Split-Path $s
        $manifest = Join-Path (New-TestFolder) 'm.yaml'
        Set-Content $manifest "version: 1`nusers:`n  - name: ann`n    grants: [WIKI_VIEW]"
        $holder = Start-LockHolder $s
        try {
            Wait-File (Join-Path $folder 'locked') $holder
            # Each of these only reads: none may wait for the lock (they used to take it, and fail after 30 s).
            $plan = @(Compare-PermissionManifest -Store $s -Path $manifest 6>$null)
            $plan.Count | Should -Be 2
            Import-PermissionManifest -Store $s -Path $manifest -WhatIf 6>$null 3>$null
            Remove-PermUser -Store $s -Name bob -WhatIf
            Grant-Permission -Store $s -Subject bob -Name WIKI_VIEW -WhatIf
        }
        finally {
            $null = New-Item -ItemType File -Path (Join-Path $folder 'release') -Force
        }
        (Wait-Child $holder).ExitCode | Should -Be 0
        Get-WrittenUser $s | Should -Be @('bob')
    }

    It 'reads the manifest before it takes the lock (a manifest still being written does not block other writers)' {
        $s = New-SampleStore
        $folder = Split-Path $s
        $fifo = Join-Path $folder 'incoming.yaml'
        & mkfifo $fifo
        $child = Start-ChildPipeline $s "`$null = New-Item -ItemType File -Path '$folder/waiting'; Import-PermissionManifest -Store '$s' -Path '$fifo' 6>`$null"
        try {
            # The child says it is about to import; give it time to open the named pipe, where it blocks until the
            # manifest arrives (an import that took the lock first held it all that time).
            Wait-File (Join-Path $folder 'waiting') $child
            Start-Sleep -Seconds 2
            $child.Process.HasExited | Should -BeFalse
            $null = New-PermUser -Store $s -Name bea -ErrorAction Stop
            Get-WrittenUser $s | Should -Be @('bea')
        }
        finally {
            # The writer of the pipe: the manifest arrives, the import plans and writes.
            [IO.File]::WriteAllText($fifo, "version: 1`nusers:`n  - name: ann`n")
        }
        $r = Wait-Child $child
        $r.Out | Should -Match 'child: completed'
        Get-WrittenUser $s | Should -Be @('ann', 'bea')
    }
}

Describe 'A write re-checks its changes against the store as it then is' {
    It 'refuses, writing nothing, a change to a user that another process edited meanwhile' {
        $s = New-SampleStore
        $null = New-PermUser -Store $s -Name bob -DisplayName 'Bob'
        $folder = Split-Path $s
        $child = Start-ChildPipeline $s "Set-PermUser -Store '$s' -Name bob -Email 'bob@child' -PassThru | ForEach-Object { Wait-Release; `$_ } | Grant-Permission -Store '$s' -Name WIKI_VIEW"
        try {
            Wait-File (Join-Path $folder 'waiting') $child
            Set-PermUser -Store $s -Name bob -DisplayName 'Robert' -ErrorAction Stop
        }
        finally {
            $null = New-Item -ItemType File -Path (Join-Path $folder 'release') -Force
        }
        $r = Wait-Child $child
        $r.ExitCode | Should -Be 3
        $r.Out | Should -Match 'child: PermShell.Store.Conflict'
        # The edit made meanwhile survives, and none of the child's changes was written.
        $bob = Get-PermUser -Store $s -Name bob
        $bob.DisplayName | Should -BeExactly 'Robert'
        $bob.Email | Should -BeExactly ''
        Test-Permission -Store $s -Subject bob -Name WIKI_VIEW | Should -BeFalse
    }

    It 'refuses, writing nothing, a manifest whose plan another process''s commit keeps from its goal (Sync would now remove more)' {
        $s = New-SampleStore
        $null = New-PermUser -Store $s -Name bob
        $folder = Split-Path $s
        $manifest = Join-Path $folder 'users.yaml'
        Set-Content -LiteralPath $manifest -Value "version: 1`nusers:`n  - name: bob`n  - name: ann"
        $child = Start-ChildPipeline $s "Import-PermissionManifest -Store '$s' -Path '$manifest' -Mode Sync -Force -PassThru | ForEach-Object { Wait-Release; `$_ } | Out-Null"
        try {
            Wait-File (Join-Path $folder 'waiting') $child
            $null = New-PermUser -Store $s -Name eve -ErrorAction Stop
        }
        finally {
            $null = New-Item -ItemType File -Path (Join-Path $folder 'release') -Force
        }
        (Wait-Child $child).Out | Should -Match 'child: PermShell.Store.Conflict'
        Get-WrittenUser $s | Should -Be @('bob', 'eve')
        Test-PermissionLog -Store $s | Should -BeTrue
        # Run again, it plans against the store as it is now (eve goes) and writes it.
        Import-PermissionManifest -Store $s -Path $manifest -Mode Sync -Force 6>$null
        Get-WrittenUser $s | Should -Be @('ann', 'bob')
    }

    It 'writes changes that still hold after another process committed in between' {
        $s = New-SampleStore
        $null = 'bob', 'carl' | New-PermUser -Store $s
        $folder = Split-Path $s
        $child = Start-ChildPipeline $s "New-PermUser -Store '$s' -Name ann | ForEach-Object { Wait-Release; `$_ } | Grant-Permission -Store '$s' -Name WIKI_VIEW"
        try {
            Wait-File (Join-Path $folder 'waiting') $child
            Remove-PermUser -Store $s -Name carl -Confirm:$false -ErrorAction Stop
            Grant-Permission -Store $s -Subject bob -Name TICKET_VIEW -ErrorAction Stop
        }
        finally {
            $null = New-Item -ItemType File -Path (Join-Path $folder 'release') -Force
        }
        (Wait-Child $child).Out | Should -Match 'child: completed'
        Get-WrittenUser $s | Should -Be @('ann', 'bob')
        Test-Permission -Store $s -Subject ann -Name WIKI_VIEW | Should -BeTrue
        Test-Permission -Store $s -Subject bob -Name TICKET_VIEW | Should -BeTrue
        Test-PermissionLog -Store $s | Should -BeTrue
    }
}
