<#
.SYNOPSIS
    GitOps for PermShell: on a pull request, validate the manifests and write the plan as Markdown; on main,
    apply them with -Mode Sync -Force.
.DESCRIPTION
    The folder -Path (permissions/ beside this script by default) is one manifest: every *.yaml and *.yml
    file in it, read together. The repository is the source of truth, so the pipeline syncs: whatever the
    store has and the manifest's sections lack is removed.

    -On PullRequest  Test-PermissionManifest -Mode Sync (needs no store), then Compare-PermissionManifest
                     -Mode Sync -AsMarkdown against the store, written to -PlanPath for the CI system to post
                     as a pull-request comment. Changes nothing.
    -On Main         Test-PermissionManifest -Mode Sync, then Import-PermissionManifest -Mode Sync -Force:
                     the plan the pull request showed, applied in one transaction.

    Without -On, the event comes from the CI system: GitHub Actions (GITHUB_EVENT_NAME, GITHUB_REF_NAME),
    GitLab CI (CI_MERGE_REQUEST_IID, CI_COMMIT_BRANCH) or Azure Pipelines (BUILD_REASON,
    BUILD_SOURCEBRANCHNAME).

    Every problem in the manifest is printed as "file:line:column: message" (and, on GitHub Actions, as an
    annotation on that line); on a pull request it also goes into the plan file, so the comment shows it.
    The exit code is 0 when all went well and 1 when the manifest is invalid or could not be applied.
.EXAMPLE
    ./pipeline.ps1 -On PullRequest -Store /srv/permshell/acme.db -PlanPath ./plan.md
.EXAMPLE
    ./pipeline.ps1 -On Main -Store /srv/permshell/acme.db
#>
[CmdletBinding()]
param(
    # PullRequest: validate and plan. Main: validate and apply. Default: from the CI system's variables.
    [ValidateSet('PullRequest', 'Main')]
    [string]$On,

    # The manifest: a folder of *.yaml/*.yml files (or one file).
    [string]$Path = (Join-Path $PSScriptRoot 'permissions'),

    # The store to plan against and apply to; without it, PermShell's default ($env:PERMSHELL_STORE, ...).
    [string]$Store,

    # Where -On PullRequest writes the Markdown plan.
    [string]$PlanPath = 'plan.md',

    # The PermShell module to import (a path to PermShell.psd1); without it, 'PermShell' from $env:PSModulePath.
    [string]$ModulePath
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

if (-not (Get-Module PermShell)) { Import-Module ($ModulePath ? $ModulePath : 'PermShell') }

function Get-CiEvent {
    if ($env:GITHUB_EVENT_NAME -in 'pull_request', 'pull_request_target') { return 'PullRequest' }
    if ($env:GITHUB_EVENT_NAME -and $env:GITHUB_REF_NAME -eq 'main') { return 'Main' }
    if ($env:CI_MERGE_REQUEST_IID) { return 'PullRequest' }
    if ($env:CI_COMMIT_BRANCH -eq 'main') { return 'Main' }
    if ($env:BUILD_REASON -eq 'PullRequest') { return 'PullRequest' }
    if ($env:BUILD_REASON -and $env:BUILD_SOURCEBRANCHNAME -eq 'main') { return 'Main' }
    throw 'Cannot tell a pull request from main in this environment: give -On PullRequest or -On Main.'
}

# Paths are resolved once, against the caller's location.
function Resolve-FullPath([string]$Value) { $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Value) }

if (-not $On) { $On = Get-CiEvent }
$manifest = Resolve-FullPath $Path
$storeArgs = @{}
if ($Store) { $storeArgs.Store = Resolve-FullPath $Store }

# Problems are printed (and annotated on GitHub) relative to the folder that holds the manifest.
$base = Split-Path -Parent $manifest
function Get-ProblemLine($Record) {
    $text = $Record.Exception.Message
    if ($text.StartsWith($base + [IO.Path]::DirectorySeparatorChar)) { $text = $text.Substring($base.Length + 1) }
    $text
}

function Write-Problem($Records) {
    foreach ($record in $Records) {
        Write-Host (Get-ProblemLine $record)
        $at = $record.TargetObject
        if ($env:GITHUB_ACTIONS -eq 'true' -and $at -and $at.PSObject.Properties['Line']) {
            $file = [IO.Path]::GetRelativePath((Get-Location).ProviderPath, $at.File)
            $message = $record.Exception.Message
            if ($message.StartsWith("$($at): ")) { $message = $message.Substring("$($at): ".Length) }
            $message = $message -replace '%', '%25' -replace "`r", '%0D' -replace "`n", '%0A'
            Write-Host "::error file=$file,line=$($at.Line),col=$($at.Column)::$message"
        }
    }
}

# The problems as Markdown for the pull-request comment: a fenced block no text inside can close.
function Get-ProblemMarkdown($Records, [string]$Title) {
    $lines = @($Records | ForEach-Object { Get-ProblemLine $_ })
    $longest = ($lines | ForEach-Object { [regex]::Matches($_, '`+') | ForEach-Object Length } | Measure-Object -Maximum).Maximum
    $fence = '`' * [Math]::Max(3, [int]$longest + 1)
    $count = $lines.Count
    "### $Title`n`n**The manifest is invalid: $count problem$(if ($count -ne 1) { 's' }). Nothing will be applied.**`n`n$fence`n$($lines -join "`n")`n$fence`n"
}

$title = "PermShell plan for $(Split-Path -Leaf $manifest) (Sync)"
$planFile = Resolve-FullPath $PlanPath

Write-Host "PermShell GitOps: $On, manifest $manifest$(if ($storeArgs.Store) { ", store $($storeArgs.Store)" })"

# 1. Validate on the manifest's own terms: no store needed, every problem at once.
$valid = Test-PermissionManifest -Path $manifest -Mode Sync -ErrorVariable problems -ErrorAction SilentlyContinue
if (-not $valid) {
    Write-Problem $problems
    if ($On -eq 'PullRequest') { Set-Content -LiteralPath $planFile -Value (Get-ProblemMarkdown $problems $title) -NoNewline }
    exit 1
}

if ($On -eq 'PullRequest') {
    # 2. The plan against the store, as Markdown. Plain names in the title: Push-Location makes -Path relative.
    Push-Location $base
    try {
        $markdown = Compare-PermissionManifest -Path (Split-Path -Leaf $manifest) -Mode Sync -AsMarkdown @storeArgs -ErrorVariable problems -ErrorAction SilentlyContinue
    }
    finally { Pop-Location }
    if ($problems) {
        Write-Problem $problems
        Set-Content -LiteralPath $planFile -Value (Get-ProblemMarkdown $problems $title) -NoNewline
        exit 1
    }
    Set-Content -LiteralPath $planFile -Value $markdown -NoNewline
    if ($env:GITHUB_STEP_SUMMARY) { Add-Content -LiteralPath $env:GITHUB_STEP_SUMMARY -Value $markdown }
    Write-Host "Plan written to $planFile"
    exit 0
}

# 2. Apply: the same validation and plan, then exactly that plan, in one transaction. -Force because nobody
#    is there to confirm the removals: the pull request's plan was the review.
$applied = Import-PermissionManifest -Path $manifest -Mode Sync -Force -PassThru @storeArgs -ErrorVariable problems -ErrorAction SilentlyContinue
if ($problems) {
    Write-Problem $problems
    exit 1
}
foreach ($change in $applied) { Write-Host "  $change" }
Write-Host "Applied $(@($applied).Count) change(s)."
exit 0
