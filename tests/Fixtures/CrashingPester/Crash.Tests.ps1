# Kills the pwsh that runs it, the way a native crash in a test would: Pester writes no result at all.
# Run only by TestCounting.Tests.ps1 (tests/Fixtures is outside the folder build.ps1 gives Pester).
Describe 'A test run whose process dies' {
    It 'takes its pwsh down' {
        [Environment]::FailFast('CrashingPester fixture: the Pester process was asked to crash.')
    }
}
