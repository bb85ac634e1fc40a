# build.ps1 -Task Test must not report "0 failed" for a run that did not complete: a test host that crashes
# (stack overflow, Environment.FailFast) leaves a TRX whose counters are all 0. These tests run the fixtures
# under tests/Fixtures through the very functions build.ps1 uses (tools/TestOutcome.ps1).

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $RepoRoot 'tools/TestOutcome.ps1')

    # The same configuration and restore arguments as build.ps1, so the fixture restores and builds alike.
    $script:Configuration = 'Release'
    $script:BuildArgument = @('-p:RuntimeIdentifiers=linux-x64')
    $script:CrashingHost = Join-Path $RepoRoot 'tests/Fixtures/CrashingHost/CrashingHost.csproj'

    # Built once here; each dotnet test below then only checks that it is up to date.
    & dotnet build $CrashingHost -c $Configuration @BuildArgument -nologo -v q | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "The CrashingHost fixture did not build (exit code $LASTEXITCODE)." }

    function Invoke-CrashingHost([switch]$Crash) {
        $env:CRASHING_HOST_CRASH = $Crash ? '1' : $null
        try {
            Invoke-XunitProject -Project $CrashingHost -Configuration $Configuration -BuildArgument $BuildArgument `
                -ResultsDirectory (Join-Path $TestDrive ([guid]::NewGuid().ToString('N')))
        }
        finally {
            $env:CRASHING_HOST_CRASH = $null
        }
    }
}

Describe 'Counting an xunit run' {
    It 'counts a test host that crashed as a failure and says why' {
        $outcome = Invoke-CrashingHost -Crash

        $outcome.Failed | Should -BeGreaterThan 0
        $outcome.Problems -join "`n" | Should -Match 'Test host process crashed'
        $outcome.Problems -join "`n" | Should -Match 'CrashingHost fixture: the test host was asked to crash'
    }

    It 'counts a run that completed by its tests' {
        $outcome = Invoke-CrashingHost

        $outcome.Passed | Should -Be 2
        $outcome.Failed | Should -Be 0
        $outcome.Skipped | Should -Be 0
        $outcome.Problems | Should -BeNullOrEmpty
    }

    It 'counts a non-zero exit without a failed test as a failure' {
        $folder = Join-Path $TestDrive 'exit'
        $null = Invoke-XunitProject -Project $CrashingHost -Configuration $Configuration -BuildArgument $BuildArgument -ResultsDirectory $folder
        $trx = @(Get-ChildItem -LiteralPath $folder -Filter '*.trx' -Recurse).FullName

        $outcome = Read-TrxOutcome -TrxPath $trx -ExitCode 1 -What 'CrashingHost.csproj'

        $outcome.Failed | Should -Be 1
        $outcome.Problems | Should -Match 'exited with code 1'
    }

    It 'counts a run that left no TRX as a failure' {
        $outcome = Read-TrxOutcome -TrxPath @() -ExitCode 0 -What 'CrashingHost.csproj'

        $outcome.Failed | Should -Be 1
        $outcome.Problems | Should -Match 'no test results from CrashingHost.csproj'
    }

    It 'counts a TRX whose run did not complete as a failure even with zero counters and no reason' {
        $trx = Join-Path $TestDrive 'aborted.trx'
        Set-Content -LiteralPath $trx -Value @'
<?xml version="1.0" encoding="utf-8"?>
<TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
  <ResultSummary outcome="Aborted">
    <Counters total="0" executed="0" passed="0" failed="0" error="0" timeout="0" aborted="0" />
  </ResultSummary>
</TestRun>
'@

        $outcome = Read-TrxOutcome -TrxPath $trx -ExitCode 0 -What 'Aborted.csproj'

        $outcome.Failed | Should -Be 1
        $outcome.Problems | Should -Match "outcome 'Aborted'"
    }
}

Describe 'Counting a Pester run' {
    It 'counts a Pester process that crashed as a failure, not the counts an earlier run left' {
        $counts = Join-Path $TestDrive 'pester.json'
        # What a complete earlier run leaves behind.
        [ordered]@{ Passed = 5; Failed = 0; Skipped = 0 } | ConvertTo-Json | Set-Content -LiteralPath $counts

        $outcome = Invoke-PesterRun -Pwsh $PwshPath -PesterPath (Get-Module Pester).Path `
            -TestPath (Join-Path $RepoRoot 'tests/Fixtures/CrashingPester') -CountsPath $counts

        $outcome.Passed | Should -Be 0
        $outcome.Failed | Should -BeGreaterThan 0
        $outcome.Problems | Should -Match 'Pester reported no results'
    }
}
