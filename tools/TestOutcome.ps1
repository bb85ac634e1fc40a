# How build.ps1 runs a test project and counts what it reports. Dot-sourced by build.ps1 and by
# tests/PermShell.Tests/TestCounting.Tests.ps1, so the tests prove the counting the build really does.
#
# A test host that dies (stack overflow, Environment.FailFast) still leaves a TRX, but its counters are
# all 0: only the run's outcome ("Failed", "Aborted", ...) and its RunInfos say that it crashed. So a run
# counts as failed when its outcome is not "Completed", when it exits non-zero without a counted failure,
# or when it leaves no results at all; each such failure comes with a line in Problems saying why.

# A fresh count for one run: Problems are the messages the build prints for failures no counter shows.
function New-TestOutcome {
    [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 0; Problems = [System.Collections.Generic.List[string]]::new() }
}

# Records a failure that no test counter shows, with the reason the build prints.
function Add-TestProblem($Outcome, [string]$Problem) {
    $Outcome.Failed += 1
    $Outcome.Problems.Add($Problem)
}

# The last rule for every kind of run: a process that failed must not pass as "0 failed".
function Assert-ExitCodeCounted($Outcome, [int]$ExitCode, [string]$What) {
    if ($ExitCode -ne 0 -and $Outcome.Failed -eq 0) {
        Add-TestProblem $Outcome "$What exited with code $ExitCode but reported no failed test"
    }
}

# Counts the TRX files of one `dotnet test` run, given that run's exit code.
function Read-TrxOutcome {
    param(
        [string[]]$TrxPath = @(),
        [Parameter(Mandatory)][int]$ExitCode,
        [Parameter(Mandatory)][string]$What
    )
    $outcome = New-TestOutcome
    if ($TrxPath.Count -eq 0) {
        Add-TestProblem $outcome "no test results from $What (build or test host failure)"
        return $outcome
    }
    foreach ($path in $TrxPath) {
        $run = ([xml](Get-Content -Raw -LiteralPath $path)).TestRun
        $counters = $run.ResultSummary.Counters
        $failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        $outcome.Passed += [int]$counters.passed
        $outcome.Failed += $failed
        # xunit skips show up only as total - executed.
        $outcome.Skipped += [int]$counters.total - [int]$counters.executed

        # A crashed host writes its reason as a RunInfo with outcome "Error"; warnings are not failures.
        $runErrors = @($run.ResultSummary.SelectNodes("*[local-name()='RunInfos']/*[local-name()='RunInfo']") |
                Where-Object { $_.outcome -in 'Error', 'Failed', 'Aborted', 'Timeout' })
        $runOutcome = $run.ResultSummary.outcome
        if ($runErrors.Count -gt 0) {
            foreach ($runError in $runErrors) {
                # The reason and the crash message; the stack trace below them is in the TRX.
                $reason = @($runError.InnerText.Trim() -split '\r?\n' | Select-Object -First 2) -join ' '
                Add-TestProblem $outcome "$What, run $($runError.outcome): $reason"
            }
        }
        elseif ($runOutcome -ne 'Completed' -and $failed -eq 0) {
            Add-TestProblem $outcome "$What ended with outcome '$runOutcome' and no failed test: the run did not complete ($path)"
        }
    }
    Assert-ExitCodeCounted $outcome $ExitCode $What
    $outcome
}

# Runs one xunit project the way build.ps1 -Task Test does (TRX logger into a results folder of its own,
# emptied first so that no earlier run's TRX is read) and returns its counts.
function Invoke-XunitProject {
    param(
        [Parameter(Mandatory)][string]$Project,
        [Parameter(Mandatory)][string]$Configuration,
        [Parameter(Mandatory)][string]$ResultsDirectory,
        [string[]]$BuildArgument = @()
    )
    if (Test-Path -LiteralPath $ResultsDirectory) { Remove-Item -LiteralPath $ResultsDirectory -Recurse -Force }
    & dotnet test $Project -c $Configuration @BuildArgument --logger trx --logger 'console;verbosity=minimal' `
        --results-directory $ResultsDirectory -nologo -v q | Out-Host
    $exitCode = $LASTEXITCODE
    $trxFiles = @(Get-ChildItem -LiteralPath $ResultsDirectory -Filter '*.trx' -Recurse -ErrorAction Ignore).FullName
    Read-TrxOutcome -TrxPath $trxFiles -ExitCode $exitCode -What ([IO.Path]::GetFileName($Project))
}

# Runs tools/Invoke-PesterTests.ps1 in a fresh pwsh and reads the counts it writes as its last act.
# The counts file is removed first: a crashed run must not be read as an earlier run's result.
function Invoke-PesterRun {
    param(
        [Parameter(Mandatory)][string]$Pwsh,
        [Parameter(Mandatory)][string]$PesterPath,
        [Parameter(Mandatory)][string]$TestPath,
        [Parameter(Mandatory)][string]$CountsPath
    )
    if (Test-Path -LiteralPath $CountsPath) { Remove-Item -LiteralPath $CountsPath -Force }
    & $Pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'Invoke-PesterTests.ps1') `
        -PesterPath $PesterPath -TestPath $TestPath -CountsPath $CountsPath | Out-Host
    $exitCode = $LASTEXITCODE

    $outcome = New-TestOutcome
    if (Test-Path -LiteralPath $CountsPath) {
        $reported = Get-Content -Raw -LiteralPath $CountsPath | ConvertFrom-Json
        $outcome.Passed = [int]$reported.Passed
        $outcome.Failed = [int]$reported.Failed
        $outcome.Skipped = [int]$reported.Skipped
    }
    else {
        Add-TestProblem $outcome "Pester reported no results (it could not start or crashed, exit code $exitCode)"
    }
    Assert-ExitCodeCounted $outcome $exitCode 'Pester'
    $outcome
}
