#!/usr/bin/env pwsh
<#
.SYNOPSIS
Builds, tests and demonstrates the PermShell module.

.DESCRIPTION
Build  restores the build tools (Pester), publishes the module into out/PermShell and generates its
       MAML help from docs/cmdlets.
Test   Build, then every xunit project under tests/ (TRX) and every Pester file in
       tests/PermShell.Tests, then the Pester files of $PostgresSuites again on PostgreSQL, and prints one
       closing line "Tests: N passed, N failed[, N skipped]". A throwaway PostgreSQL cluster
       (tools/TestPostgres.ps1: own folder and port, loopback, as 'postgres' when root) runs for the tests
       and is stopped afterwards, also on failure; without the PostgreSQL binaries the run fails.
       Exits non-zero when anything failed. A run that did not complete (a crashed test host, a non-zero
       exit without a failed test, no results) counts as a failure, with its reason printed
       (tools/TestOutcome.ps1).
Demo   Build, then runs examples/demo.ps1 against the built module.
Package
       Build, then out/package/PermShell.<version>.nupkg: one PowerShell module package for every supported platform
       (SQLite's native library per runtime under bin/lib/runtimes/<rid>/native), with the manifest's metadata and
       CHANGELOG.md's release notes (tools/New-ModulePackage.ps1). Install it from a folder or feed with PSResourceGet.
Bench  Build, then issue 11's benchmark (bench/PermShell.Bench): generates ../shared/bench/gen_dataset.py's small,
       medium and large datasets (python3; PERMSHELL_BENCH_GENERATOR names the generator elsewhere), imports each
       as a manifest, measures every row beside its floor and writes bench/results/latest.md and latest.json.
       Where the PostgreSQL server binaries are, it also starts a throwaway cluster (tools/TestPostgres.ps1, loopback,
       stopped afterwards) and measures the same rows on PostgreSQL stores (medium and large datasets).

Run from a fresh clone with:  dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test

.EXAMPLE
dotnet pwsh ./build.ps1 -Task Test -Configuration Debug
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Package')]
    [string]$Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string]$Configuration = 'Release'
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

# CI logs are read by tools: no ANSI colours, no progress bars, no first-run banners.
$PSStyle.OutputRendering = 'PlainText'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'
$env:MSBUILDTERMINALLOGGER = 'off'
$env:NO_COLOR = '1'

$Root = $PSScriptRoot
$Rid = 'linux-x64'   # the only target machine today; the loader also probes runtimes/<rid>/native
$OutDir = Join-Path $Root 'out/PermShell'
$BinDir = Join-Path $OutDir 'bin'
$LibDir = Join-Path $BinDir 'lib'
# Publish (with -r) and dotnet test (without) restore PermShell.Core alike only when both name the
# same RuntimeIdentifiers; otherwise each rewrites its project.assets.json and forces a full rebuild.
$RestoreRids = "-p:RuntimeIdentifiers=$Rid"
$PackagesDir = Join-Path $Root '.packages'
$ResultsDir = Join-Path $Root 'TestResults'
$ManifestPath = Join-Path $OutDir 'PermShell.psd1'

# Child processes (help generator, Pester, demo) find the built module through this variable.
$env:PERMSHELL_MODULE = $ManifestPath

# Under 'dotnet pwsh' this process is 'dotnet'; the pwsh apphost in $PSHOME starts clean children.
$Pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')

# Running a test project and counting its results, shared with the build's own tests.
. (Join-Path $Root 'tools/TestOutcome.ps1')
. (Join-Path $Root 'tools/TestPostgres.ps1')

# The Pester files whose stores all come from TestSupport.ps1's helpers: run a second time with every store on
# PostgreSQL (the others test SQLite files as such: paths, side files, python's sqlite3 behind PermShell's back).
$PostgresSuites = 'GrantRevoke', 'GroupMember', 'PermUser', 'PermGroup', 'TestPermission', 'PermissionAudit', 'Rename',
    'ProtectedSubjects', 'ResourcePolicy', 'Manifest', 'Pipeline'

function Write-Step([string]$Message) {
    [Console]::Out.WriteLine("[build] $Message")
}

# Runs one step and reports how long it took, so a slow step is visible in CI logs.
function Invoke-Step([string]$Name, [scriptblock]$Action) {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    & $Action
    Write-Step ('{0}: {1:n1}s' -f $Name, $watch.Elapsed.TotalSeconds)
}

# Runs a native command with its output shown (not returned) and fails the build on a non-zero exit.
function Invoke-Native([string]$What, [string]$FilePath, [string[]]$ArgumentList) {
    & $FilePath @ArgumentList | Out-Host
    if ($LASTEXITCODE -ne 0) {
        throw "$What failed (exit code $LASTEXITCODE)"
    }
}

function Restore-Tool {
    # Pester comes from NuGet as a PackageDownload (the PowerShell Gallery is not reachable);
    # --packages keeps its path fixed whatever NUGET_PACKAGES says.
    $project = Join-Path $Root 'tools/tools.csproj'
    # Skip the restore (a few seconds of MSBuild) when every PackageDownload is already unpacked;
    # NuGet writes .nupkg.metadata last, so its presence means a complete extraction.
    $downloads = ([xml](Get-Content -Raw $project)).SelectNodes('//PackageDownload')
    $missing = @($downloads | Where-Object {
            $folder = "$($_.Include.ToLowerInvariant())/$($_.Version.Trim('[]'))"
            -not (Test-Path (Join-Path $PackagesDir "$folder/.nupkg.metadata"))
        })
    if ($missing.Count -eq 0) { return }
    Invoke-Native 'restore tools' 'dotnet' @('restore', $project, '--packages', $PackagesDir, '-v', 'q', '-nologo')
}

function Publish-Module {
    if (Test-Path $OutDir) { Remove-Item -Recurse -Force $OutDir }

    # A RID-specific publish puts libe_sqlite3.so flat beside the managed assemblies, where the
    # private load context looks first.
    Invoke-Native 'publish PermShell' 'dotnet' @(
        'publish', (Join-Path $Root 'src/PermShell/PermShell.csproj'), '-c', $Configuration,
        '-r', $Rid, $RestoreRids, '--self-contained', 'false', '-o', $LibDir, '-v', 'q', '-nologo')

    # The loader has no dependencies of its own; it is the one assembly in the default context.
    Invoke-Native 'publish PermShell.LoadContext' 'dotnet' @(
        'publish', (Join-Path $Root 'src/PermShell.LoadContext/PermShell.LoadContext.csproj'), '-c', $Configuration,
        '-o', $BinDir, '-v', 'q', '-nologo')

    # deps.json files are for applications; a module loaded by pwsh never reads them.
    Get-ChildItem $BinDir -Recurse -Filter '*.deps.json' | Remove-Item

    # Compile-time references must not ship: pwsh provides System.Management.Automation.
    if (Test-Path (Join-Path $LibDir 'System.Management.Automation.dll')) {
        throw 'System.Management.Automation.dll was published into the module; check ExcludeAssets on PowerShellStandard.Library.'
    }
}

function Copy-ModuleFile {
    Copy-Item -Path (Join-Path $Root 'module/*') -Destination $OutDir -Recurse -Force
    # The manifest's JSON schema ships at the module's root, where editors can be pointed at it.
    Copy-Item -Path (Join-Path $Root 'src/PermShell.Core/Manifest/permshell-manifest.schema.json') `
        -Destination (Join-Path $OutDir 'PermShell.Manifest.schema.json') -Force
}

function Build-Help {
    # A child pwsh imports the fresh module: this process must never load (and lock) the DLLs.
    Invoke-Native 'help generation' $Pwsh @(
        '-NoProfile', '-NonInteractive', '-File', (Join-Path $Root 'tools/Build-Help.ps1'),
        '-ModulePath', $ManifestPath,
        '-DocsPath', (Join-Path $Root 'docs/cmdlets'),
        '-OutputPath', (Join-Path $OutDir 'en-US/PermShell.dll-Help.xml'))
}

function Invoke-Build {
    Invoke-Step 'restore tools' { Restore-Tool }
    Invoke-Step 'publish module' { Publish-Module }
    Invoke-Step 'copy module files' { Copy-ModuleFile }
    Invoke-Step 'generate help' { Build-Help }
    Write-Step "module ready: $ManifestPath"
}

# Runs every xunit project with a TRX logger and returns the counts read from the TRX files; a crashed
# test host or a failed build counts as a failure (tools/TestOutcome.ps1).
function Invoke-UnitTest {
    $xunitResults = Join-Path $ResultsDir 'xunit'
    $counts = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0 }
    $projects = @(Get-ChildItem (Join-Path $Root 'tests/*/*.csproj'))
    foreach ($project in $projects) {
        $outcome = Invoke-XunitProject -Project $project.FullName -Configuration $Configuration `
            -ResultsDirectory (Join-Path $xunitResults $project.BaseName) -BuildArgument $RestoreRids
        Add-Outcome $counts $outcome
    }
    Write-Step ('xunit: {0} passed, {1} failed, {2} skipped ({3} projects)' -f
        $counts.Passed, $counts.Failed, $counts.Skipped, $projects.Count)
    $counts
}

# Runs the Pester files in a fresh child pwsh (a loaded binary module cannot be reloaded, and the
# build process must not test stale code) and returns the counts it reports.
function Invoke-PesterTest {
    $counts = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0 }
    $outcome = Invoke-PesterRun -Pwsh $Pwsh -PesterPath (Join-Path $PackagesDir 'pester/6.2.0/tools/Pester.psd1') `
        -TestPath (Join-Path $Root 'tests/PermShell.Tests') -CountsPath (Join-Path $ResultsDir 'pester.json')
    Add-Outcome $counts $outcome
    Write-Step ('pester: {0} passed, {1} failed, {2} skipped' -f $counts.Passed, $counts.Failed, $counts.Skipped)
    $counts
}

# The same Pester files again, every store made by the test helpers on PostgreSQL ($PostgresSuites).
function Invoke-PostgresPesterTest {
    $counts = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0 }
    $files = $PostgresSuites | ForEach-Object { Join-Path $Root "tests/PermShell.Tests/$_.Tests.ps1" }
    $env:PERMSHELL_TEST_BACKEND = 'postgres'
    try {
        $outcome = Invoke-PesterRun -Pwsh $Pwsh -PesterPath (Join-Path $PackagesDir 'pester/6.2.0/tools/Pester.psd1') `
            -TestPath ($files -join ',') -CountsPath (Join-Path $ResultsDir 'pester-postgres.json')
    }
    finally {
        Remove-Item Env:PERMSHELL_TEST_BACKEND -ErrorAction Ignore
    }
    Add-Outcome $counts $outcome
    Write-Step ('pester on PostgreSQL: {0} passed, {1} failed, {2} skipped' -f $counts.Passed, $counts.Failed, $counts.Skipped)
    $counts
}

# Adds one run's counts to a total and prints the failures that no test counter shows (a crash, a failed build).
function Add-Outcome($Counts, $Outcome) {
    foreach ($problem in $Outcome.Problems) { Write-Step $problem }
    $Counts.Passed += $Outcome.Passed
    $Counts.Failed += $Outcome.Failed
    $Counts.Skipped += $Outcome.Skipped
}

function Invoke-Test {
    $failedBuild = $false
    try {
        Invoke-Build
    }
    catch {
        # A broken build is a failed run; still end with the counts line CI reads.
        Write-Step "build failed: $($_.Exception.Message)"
        $failedBuild = $true
    }

    $total = [ordered]@{ Passed = 0; Failed = [int]$failedBuild; Skipped = 0 }
    $cluster = $null
    if (-not $failedBuild) {
        try {
            $cluster = Invoke-Step 'start PostgreSQL' { Start-TestPostgres }
            $env:PERMSHELL_TEST_POSTGRES = $cluster.ConnectionString
            Write-Step "PostgreSQL for the tests on 127.0.0.1:$($cluster.Port) ($($cluster.Folder))"
        }
        catch {
            # No server, no run: the PostgreSQL tests never skip.
            Write-Step "cannot start PostgreSQL for the tests: $($_.Exception.Message)"
            $total.Failed += 1
        }
    }
    if (-not $failedBuild -and $cluster) {
        try {
            if (Test-Path $ResultsDir) { Remove-Item -Recurse -Force $ResultsDir }
            $null = New-Item -ItemType Directory -Force $ResultsDir
            $unit = Invoke-Step 'xunit' { Invoke-UnitTest }
            $pester = Invoke-Step 'pester' { Invoke-PesterTest }
            $postgres = Invoke-Step 'pester on PostgreSQL' { Invoke-PostgresPesterTest }
            foreach ($counts in @($unit, $pester, $postgres)) {
                $total.Passed += $counts.Passed
                $total.Failed += $counts.Failed
                $total.Skipped += $counts.Skipped
            }
        }
        finally {
            Invoke-Step 'stop PostgreSQL' { Stop-TestPostgres $cluster }
            Remove-Item Env:PERMSHELL_TEST_POSTGRES -ErrorAction Ignore
        }
    }

    $line = "Tests: $($total.Passed) passed, $($total.Failed) failed"
    if ($total.Skipped -gt 0) { $line += ", $($total.Skipped) skipped" }
    [Console]::Out.WriteLine($line)
    exit ([int]($total.Failed -gt 0))
}

function Invoke-Package {
    Invoke-Build
    Invoke-Step 'package' {
        # A child pwsh: this process never loads PSResourceGet or the module's files.
        Invoke-Native 'package' $Pwsh @('-NoProfile', '-NonInteractive', '-File', (Join-Path $Root 'tools/New-ModulePackage.ps1'),
            '-ModuleFolder', $OutDir, '-OutputPath', (Join-Path $Root 'out/package'))
    }
    $version = (Import-PowerShellDataFile -LiteralPath $ManifestPath).ModuleVersion
    Write-Step "package ready: $(Join-Path $Root "out/package/PermShell.$version.nupkg")"
}

function Invoke-Demo {
    Invoke-Build
    Invoke-Native 'demo' $Pwsh @('-NoProfile', '-NonInteractive', '-File', (Join-Path $Root 'examples/demo.ps1'))
}

# The shared dataset generator sits beside the repository (shared/ next to the clone, on CI and on every machine);
# PERMSHELL_BENCH_GENERATOR names it where that layout does not hold (a git worktree elsewhere).
function Get-DatasetGenerator {
    $generator = $env:PERMSHELL_BENCH_GENERATOR ? $env:PERMSHELL_BENCH_GENERATOR : (Join-Path $Root '../shared/bench/gen_dataset.py')
    if (-not (Test-Path -PathType Leaf $generator)) {
        throw "The benchmark's dataset generator is missing: there is no '$([IO.Path]::GetFullPath($generator))'. The Bench task needs the shared/ folder beside the repository (shared/bench/gen_dataset.py), or PERMSHELL_BENCH_GENERATOR set to the generator's path."
    }
    if (-not (Get-Command python3 -CommandType Application -ErrorAction Ignore)) {
        throw 'The Bench task needs python3 on PATH to run the dataset generator.'
    }
    [IO.Path]::GetFullPath($generator)
}

# Generates the small, medium and large datasets into bench/.work (git-ignored), imports each through the built module
# and measures every row of issue 11's table beside its floor; writes bench/results/latest.md and latest.json.
function Invoke-Bench {
    $generator = Get-DatasetGenerator
    Invoke-Build
    $project = Join-Path $Root 'bench/PermShell.Bench'
    # The results name the code they measured.
    $hasGit = [bool](Get-Command git -CommandType Application -ErrorAction Ignore)
    $revision = ($hasGit ? (git -C $Root rev-parse --short HEAD 2>$null) : $null) ?? 'unknown'
    if ($revision -ne 'unknown' -and (git -C $Root status --porcelain --untracked-files=no 2>$null)) { $revision += ' with uncommitted changes' }
    Invoke-Step 'build benchmark' {
        Invoke-Native 'build benchmark' 'dotnet' @('build', $project, '-c', 'Release', $RestoreRids, '-v', 'q', '-nologo')
    }
    # The PostgreSQL pass runs where the server binaries are (a throwaway cluster on loopback, stopped afterwards).
    $postgresArguments = @()
    $cluster = $null
    . (Join-Path $Root 'tools/TestPostgres.ps1')
    try {
        if ((Get-ChildItem -Path '/usr/lib/postgresql/*/bin/initdb' -ErrorAction Ignore) -or (Get-Command initdb -CommandType Application -ErrorAction Ignore)) {
            $cluster = Start-TestPostgres
            $postgresArguments = @('--postgres', $cluster.ConnectionString)
        }
        else { Write-Step 'no PostgreSQL server binaries (initdb): the benchmark measures SQLite stores only' }
        Invoke-Step 'benchmark' {
            Invoke-Native 'benchmark' 'dotnet' (@('run', '--no-build', '-c', 'Release', '--project', $project, '--',
                    '--generator', $generator, '--pwsh', $Pwsh, '--module', $ManifestPath,
                    '--bench-folder', (Join-Path $Root 'bench'), '--work', (Join-Path $Root 'bench/.work'),
                    '--results', (Join-Path $Root 'bench/results'), '--name', 'latest', '--revision', $revision) + $postgresArguments)
        }
    }
    finally { Stop-TestPostgres $cluster }
}

try {
    switch ($Task) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Demo' { Invoke-Demo }
        'Bench' { Invoke-Bench }
        'Package' { Invoke-Package }
    }
}
catch {
    # One plain line naming the failed step; the tool's own output above says why.
    [Console]::Error.WriteLine("[build] FAILED: $($_.Exception.Message)")
    exit 1
}
