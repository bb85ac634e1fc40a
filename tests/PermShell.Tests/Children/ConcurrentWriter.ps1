# One of several writers started together by Concurrency.Tests.ps1: waits for the go file, then makes 250 changes
# on its own user, one cmdlet call (one transaction) each: 150 grants, then 100 revokes of the first 100.
# Any error stops it with a non-zero exit code, so a "database is locked" that reached the user fails the test.
param(
    [Parameter(Mandatory)][string] $Module,
    [Parameter(Mandatory)][string] $Store,
    [Parameter(Mandatory)][string] $Subject,
    [Parameter(Mandatory)][string] $Go,
    [Parameter(Mandatory)][string] $Ready
)
$ErrorActionPreference = 'Stop'
$WarningPreference = 'Stop'
Import-Module $Module
# Load the cmdlets' assemblies before the start line, so that every writer starts writing at once.
$null = Get-PermissionStore -Store $Store
$null = New-Item -ItemType File -Path $Ready
while (-not (Test-Path -LiteralPath $Go)) { Start-Sleep -Milliseconds 10 }
$clock = [Diagnostics.Stopwatch]::StartNew()
for ($i = 0; $i -lt 150; $i++) { Grant-Permission -Store $Store -Subject $Subject -Name ('PERM_{0:D3}' -f $i) }
for ($i = 0; $i -lt 100; $i++) { Revoke-Permission -Store $Store -Subject $Subject -Name ('PERM_{0:D3}' -f $i) }
# How often SQLite reported a lock without waiting and the store retried (diagnostics for the test's report line).
$busy = [AppDomain]::CurrentDomain.GetAssemblies().Where({ $_.GetName().Name -eq 'PermShell.Core' })[0].GetType('PermShell.Core.Store.Busy')
$retries = $busy.GetProperty('Retries', [Reflection.BindingFlags]'Static, Public, NonPublic').GetValue($null)
"done $Subject in $([int]$clock.Elapsed.TotalMilliseconds) ms, $retries retries"
