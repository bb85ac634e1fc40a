# Imports a large manifest for CrashSafety.Tests.ps1, which kills this process with SIGKILL at chosen points.
# "importing" is printed just before the import starts and "imported" just after it committed; then it waits to be killed.
param(
    [Parameter(Mandatory)][string] $Module,
    [Parameter(Mandatory)][string] $Store,
    [Parameter(Mandatory)][string] $Manifest
)
$ErrorActionPreference = 'Stop'
Import-Module $Module
$null = Get-PermissionStore -Store $Store
[Console]::Out.WriteLine('importing')
[Console]::Out.Flush()
$clock = [Diagnostics.Stopwatch]::StartNew()
Import-PermissionManifest -Store $Store -Path $Manifest -Force 6>$null
[Console]::Out.WriteLine("imported in $([int]$clock.Elapsed.TotalMilliseconds) ms")
[Console]::Out.Flush()
Start-Sleep -Seconds 60
