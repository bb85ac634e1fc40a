<#
.SYNOPSIS
Runs the Pester tests and writes their counts as JSON for build.ps1.

.DESCRIPTION
build.ps1 starts this script in a fresh pwsh so that the module under test is loaded only here.
Failures are counted as FailedCount + FailedBlocksCount + FailedContainersCount: a broken
BeforeAll or a file that does not parse shows up only in the latter two.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$PesterPath,
    [Parameter(Mandatory)][string]$TestPath,
    [Parameter(Mandatory)][string]$CountsPath
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$PSStyle.OutputRendering = 'PlainText'

# A relative path without ./ would be taken for a module name.
Import-Module (Resolve-Path -LiteralPath $PesterPath).ProviderPath

$config = New-PesterConfiguration
# One folder or file, or several files joined by ',' (build.ps1's second run on PostgreSQL).
$config.Run.Path = @($TestPath -split ',')
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
$config.Output.RenderMode = 'Plaintext'   # Pester colours its output even when redirected otherwise

# Strict mode is this runner's; each test file chooses its own (it would leak into them otherwise).
Set-StrictMode -Off
$result = Invoke-Pester -Configuration $config
Set-StrictMode -Version Latest

[ordered]@{
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount + $result.NotRunCount
} | ConvertTo-Json | Set-Content -LiteralPath $CountsPath
