# Placeholder demo: replaced by the real session walkthrough. It proves the built module imports.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'

$modulePath = $env:PERMSHELL_MODULE
if (-not $modulePath) { $modulePath = Join-Path $PSScriptRoot '../out/PermShell/PermShell.psd1' }
Import-Module $modulePath

Get-Command -Module PermShell | Format-Table -AutoSize | Out-String -Width 120
