<#
.SYNOPSIS
    A session's worth of real PermShell use on the embedded default store (what `build.ps1 -Task Demo` runs).
.DESCRIPTION
    Creates a Trac-style store at the default location rule ($env:PERMSHELL_STORE, pointed by the build at
    out/demo/permshell.db so your own store is never touched), fills it from examples/acme-permissions.ps1,
    then grants, explains a check, lists effective permissions, shows the groups, audits who holds what and
    why, draws a route graph, and ends by writing the HTML audit report (out/demo/audit-report).
#>
[CmdletBinding()]
param(
    [string]$ModulePath = $env:PERMSHELL_MODULE
)
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'
Import-Module $ModulePath
if (-not $env:PERMSHELL_STORE) {
    $env:PERMSHELL_STORE = Join-Path (Split-Path $PSScriptRoot) 'out/demo/permshell.db'
}

function Show-Step([string]$Title, [scriptblock]$Command) {
    # Echo the command as a user would type it, then its real output.
    Write-Host ''
    Write-Host "# $Title"
    Write-Host "PS> $($Command.ToString().Trim())"
    # Render at a terminal's width even when the output is redirected (CI logs, the README).
    & $Command 3>&1 |
        ForEach-Object { if ($_ -is [System.Management.Automation.WarningRecord]) { "WARNING: $($_.Message)" } else { $_ } } |
        Out-String -Width 140 -Stream | ForEach-Object { Write-Host $_.TrimEnd() }
}

Show-Step 'A new store with Trac 1.6 defaults, at the default location' {
    New-PermissionStore -Path $env:PERMSHELL_STORE -Template Trac -Force
}
Show-Step 'Fill it with the Acme example: people, nested groups, grants' {
    & (Join-Path $PSScriptRoot 'acme-permissions.ps1'); Get-PermissionStore
}
Show-Step 'Grant: Trac style, a group name makes a membership' {
    Grant-Permission -Subject dave -Name developer, REPORT_CREATE -PassThru
}
Show-Step 'Check, then ask why' {
    Test-Permission -Subject carol -Name TICKET_APPEND
}
Show-Step 'Every route that gives carol TICKET_APPEND' {
    Test-Permission -Subject carol -Name TICKET_APPEND -Explain
}
Show-Step 'What bob holds, and how' {
    Get-Permission -Subject bob -Effective -Name TICKET_*, WIKI_*
}
Show-Step 'Revoking what is not granted directly changes nothing and says why' {
    Revoke-Permission -Subject bob -Name TICKET_MODIFY
}
Show-Step 'An inactive user holds nothing' {
    Test-Permission -Subject mallory -Name WIKI_VIEW -Explain
}
Show-Step 'Who is in staff, through which group' {
    Get-PermGroupMember -Group staff -Recurse
}
Show-Step 'The plan that would make the store equal examples/acme.yaml again (Sync removes what it lacks)' {
    Compare-PermissionManifest -Path (Join-Path $PSScriptRoot 'acme.yaml') -Mode Sync
}
Show-Step 'The audit overview: who holds each permission (directly, through groups, by any route)' {
    Get-PermissionAudit -App ticket, wiki
}
Show-Step 'Everyone who holds TICKET_EDIT_CC, one row per route' {
    Get-PermissionAudit -Name TICKET_EDIT_CC
}
Show-Step 'The routes to TICKET_EDIT_CC as a Mermaid graph' {
    Export-PermissionGraph -Name TICKET_EDIT_CC
}
$report = Join-Path (Split-Path $env:PERMSHELL_STORE) 'audit-report'
Show-Step 'The audit as a static HTML report' {
    Export-PermissionAuditReport -Path $report
}
Write-Host ''
Write-Host "Store: $env:PERMSHELL_STORE"
Write-Host "Audit report: $(Join-Path $report 'index.html')"
