#!/usr/bin/env pwsh
<#
.SYNOPSIS
The cmdlet figures of build.ps1 -Task Bench, timed inside one real pwsh that imports the built module.

.DESCRIPTION
Every per-call figure is a loop timed with a Stopwatch and divided by its number of calls, repeated -Batches times
after one untimed warm-up batch; the caller takes the median over the batches. Get-Random and Select-Object, the
floors of the per-call rows, are timed the same way in this same process. Prints one JSON line with every batch.

-Part Overview times only what a process does first: the first check (answered from a partial read of the store
while the whole store is read in the background) and then the first Get-PermissionAudit overview on the whole
snapshot, once that is read (the read is not timed: the audit is computed on first use, and that is what is timed).
Run it in several processes to get several samples of the first call.

After each write, the first Get-PermissionAudit -Name on the new snapshot is timed too (audit_after_write_ms), once an
untimed Test-Permission has read that snapshot: what the audit builds or derives once per snapshot is paid there, so
that is what a fresh question costs.
#>
param(
    [Parameter(Mandatory)][string]$Module,
    # A SQLite file path, or a PostgreSQL connection string.
    [Parameter(Mandatory)][string]$Store,
    # The subject and permission of the per-call rows (a permission the subject holds).
    [Parameter(Mandatory)][string]$Subject,
    [Parameter(Mandatory)][string]$Permission,
    # A permission the subject is not granted directly: granted, then revoked, so the store ends as it began.
    [string]$WritePermission,
    # One user name per line: the subjects of the pipeline rows.
    [string]$SubjectList,
    [ValidateSet('All', 'Overview')][string]$Part = 'All',
    [int]$Batches = 5,
    [int]$Writes = 3
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'

Import-Module $Module
$where = ($Store -match '^\s*host=') ? @{ ConnectionString = $Store } : @{ Path = $Store }
Connect-PermissionStore @where

$figures = [ordered]@{ pwsh_version = $PSVersionTable.PSVersion.ToString() }

# The first check reads what it depends on; every later call reuses the whole snapshot until the store changes.
$watch = [Diagnostics.Stopwatch]::StartNew()
$null = Test-Permission -Subject $Subject -Name $Permission
$figures.first_check_ms = $watch.Elapsed.TotalMilliseconds
# The whole snapshot, read (a read cmdlet waits for the background read), untimed: the overview row times the audit.
$null = Get-PermUser -Name $Subject
$watch.Restart()
$overview = @(Get-PermissionAudit)
$figures.overview_first_ms = $watch.Elapsed.TotalMilliseconds
$figures.overview_rows = $overview.Count

if ($Part -eq 'Overview') {
    [Console]::Out.WriteLine(($figures | ConvertTo-Json -Compress))
    return
}

# Per-call cost of what $Loop does $Calls times, in microseconds, for each of -Batches batches (after one warm-up).
function Measure-PerCall([int]$Calls, [scriptblock]$Loop) {
    & $Loop $Calls
    $perCall = foreach ($batch in 1..$Batches) {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        & $Loop $Calls
        $watch.Elapsed.TotalMilliseconds * 1000 / $Calls
    }
    , @($perCall)
}

# The seconds of each batch of $Run and of $FloorRun (after one untimed run of each), taken batch by batch in turn so
# that both see the same moments of a shared machine: measured one after the other, a busy minute could land on
# either and skew the ratio.
function Measure-InTurn([scriptblock]$Run, [scriptblock]$FloorRun) {
    & $Run
    & $FloorRun
    $figure = [Collections.Generic.List[double]]::new()
    $floor = [Collections.Generic.List[double]]::new()
    foreach ($batch in 1..$Batches) {
        foreach ($timed in @(@($Run, $figure), @($FloorRun, $floor))) {
            $watch = [Diagnostics.Stopwatch]::StartNew()
            & $timed[0]
            $timed[1].Add($watch.Elapsed.TotalSeconds)
        }
    }
    @{ Figure = @($figure); Floor = @($floor) }
}

$perCall = Measure-InTurn { for ($i = 0; $i -lt 100; $i++) { $null = Test-Permission -Subject $Subject -Name $Permission } } `
    { for ($i = 0; $i -lt 300; $i++) { $null = Get-Random } }
$figures.test_permission_us = @($perCall.Figure | ForEach-Object { $_ * 1e6 / 100 })
$figures.get_random_us = @($perCall.Floor | ForEach-Object { $_ * 1e6 / 300 })

$subjects = @(Get-Content $SubjectList)
$pairs = @(foreach ($name in $subjects) { [pscustomobject]@{ Subject = $name; Name = $Permission } })
$figures.pipeline_objects = $pairs.Count
$throughput = Measure-InTurn { $null = $pairs | Test-Permission } { $null = $pairs | Select-Object -Property Subject, Name }
$figures.pipeline_test_per_s = @($throughput.Figure | ForEach-Object { $pairs.Count / $_ })
$figures.pipeline_select_per_s = @($throughput.Floor | ForEach-Object { $pairs.Count / $_ })

$figures.effective_us = Measure-PerCall 10 { param($n) for ($i = 0; $i -lt $n; $i++) { $null = Get-Permission -Subject $Subject -Effective } }
$figures.effective_count = @(Get-Permission -Subject $Subject -Effective).Count
$figures.audit_us = Measure-PerCall 5 { param($n) for ($i = 0; $i -lt $n; $i++) { $null = Get-PermissionAudit -Name $Permission } }
$figures.audit_rows = @(Get-PermissionAudit -Name $Permission).Count
$figures.overview_again_us = Measure-PerCall 5 { param($n) for ($i = 0; $i -lt $n; $i++) { $null = Get-PermissionAudit } }

# Writes last: each one changes the store's revision, so the next read loads a new snapshot.
if ($WritePermission) {
    $grants = [Collections.Generic.List[double]]::new()
    $revokes = [Collections.Generic.List[double]]::new()
    $newUsers = [Collections.Generic.List[double]]::new()
    $removedUsers = [Collections.Generic.List[double]]::new()
    $auditsAfterWrite = [Collections.Generic.List[double]]::new()
    # One untimed round first, as the read rows have their warm-up batch: its figures would time compiling the write path.
    Grant-Permission -Subject $Subject -Name $WritePermission
    Revoke-Permission -Subject $Subject -Name $WritePermission
    $null = New-PermUser -Name benchnewuser0
    Remove-PermUser -Name benchnewuser0 -Confirm:$false
    foreach ($write in 1..$Writes) {
        $watch.Restart()
        Grant-Permission -Subject $Subject -Name $WritePermission
        $grants.Add($watch.Elapsed.TotalMilliseconds)
        $watch.Restart()
        Revoke-Permission -Subject $Subject -Name $WritePermission
        $revokes.Add($watch.Elapsed.TotalMilliseconds)
        # A user added and removed again: a commit that adds or removes a name, so the store ends as it began.
        $newUser = "benchnewuser$write"
        $watch.Restart()
        $null = New-PermUser -Name $newUser
        $newUsers.Add($watch.Elapsed.TotalMilliseconds)
        $watch.Restart()
        Remove-PermUser -Name $newUser -Confirm:$false
        $removedUsers.Add($watch.Elapsed.TotalMilliseconds)
        # The audit of one permission as a fresh question gets it: the first call on the snapshot after a change (read
        # first by an untimed check, so that what is timed is the audit's own work on a new snapshot, not the read).
        $null = Test-Permission -Subject $Subject -Name $Permission
        $watch.Restart()
        $null = Get-PermissionAudit -Name $Permission
        $auditsAfterWrite.Add($watch.Elapsed.TotalMilliseconds)
    }
    $figures.grant_ms = $grants.ToArray()
    $figures.revoke_ms = $revokes.ToArray()
    $figures.new_user_ms = $newUsers.ToArray()
    $figures.remove_user_ms = $removedUsers.ToArray()
    $figures.audit_after_write_ms = $auditsAfterWrite.ToArray()
}

[Console]::Out.WriteLine(($figures | ConvertTo-Json -Compress))
