#!/usr/bin/env pwsh
<#
.SYNOPSIS
One manifest import through the public path, for build.ps1 -Task Bench: a new store, then Import-PermissionManifest.

.DESCRIPTION
Run as its own process, so that the caller times the whole process (pwsh start, module import, import, exit). Prints
one JSON line: the import cmdlet's own time and this process's peak resident memory (VmHWM from /proc/self/status,
read after the import; .NET's PeakWorkingSet64 where there is no /proc).
#>
param(
    [Parameter(Mandatory)][string]$Module,
    [Parameter(Mandatory)][string]$Manifest,
    # A SQLite file path, or a PostgreSQL connection string (a store in its schema is replaced).
    [Parameter(Mandatory)][string]$Store
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

Import-Module $Module
$where = ($Store -match '^\s*host=') ? @{ ConnectionString = $Store } : @{ Path = $Store }
$null = New-PermissionStore @where -Force
$watch = [Diagnostics.Stopwatch]::StartNew()
Import-PermissionManifest -Path $Manifest -Store $Store | Out-Null
$importMs = $watch.Elapsed.TotalMilliseconds

function Get-PeakBytes {
    if (Test-Path /proc/self/status) {
        $line = Select-String -Path /proc/self/status -Pattern '^VmHWM:\s+(\d+) kB' | Select-Object -First 1
        if ($line) { return @{ bytes = [long]$line.Matches[0].Groups[1].Value * 1024; source = 'VmHWM (/proc/self/status)' } }
    }
    $self = [Diagnostics.Process]::GetCurrentProcess()
    @{ bytes = $self.PeakWorkingSet64; source = 'Process.PeakWorkingSet64' }
}
$peak = Get-PeakBytes
[Console]::Out.WriteLine((@{ import_ms = $importMs; peak_bytes = $peak.bytes; peak_source = $peak.source } | ConvertTo-Json -Compress))
