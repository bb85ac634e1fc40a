# Shared by every *.Tests.ps1: dot-source it in BeforeAll.
# Imports the module under test once per session and gives each test its own store in a fresh folder.

# The module to test: the built out/PermShell (the build sets PERMSHELL_MODULE), or a published PermShell.dll
# during development (then the type extensions that the .psd1 normally loads are added here).
$script:PermShellModulePath = if ($env:PERMSHELL_MODULE) { $env:PERMSHELL_MODULE } else { Join-Path $PSScriptRoot '../../out/PermShell/PermShell.psd1' }
$script:PermShellTypesFile = Join-Path $PSScriptRoot '../../module/PermShell.types.ps1xml'

# No test may reach the user's real default store: point the default somewhere that is never created.
# Tests that exercise the default location set their own value in a child process.
$env:PERMSHELL_STORE = Join-Path ([IO.Path]::GetTempPath()) "permshell-tests-never-created-$PID/permshell.db"

# The cmdlets of SPEC §2 that these tests cover.
$script:PermShellCmdlets = @(
    'New-PermissionStore', 'Connect-PermissionStore', 'Get-PermissionStore',
    'Get-PermissionDefinition', 'New-PermissionDefinition', 'Set-PermissionDefinition', 'Remove-PermissionDefinition',
    'New-PermUser', 'Get-PermUser', 'Set-PermUser', 'Remove-PermUser',
    'New-PermGroup', 'Get-PermGroup', 'Remove-PermGroup',
    'Add-PermGroupMember', 'Remove-PermGroupMember', 'Get-PermGroupMember',
    'Grant-Permission', 'Revoke-Permission', 'Get-Permission', 'Test-Permission',
    'Test-PermissionManifest', 'Compare-PermissionManifest', 'Import-PermissionManifest', 'Export-PermissionManifest',
    'Get-PermissionAudit', 'Export-PermissionAuditReport', 'Export-PermissionGraph'
)

function Import-PermShellTestModule {
    if (-not (Get-Module PermShell)) {
        Import-Module $script:PermShellModulePath -ErrorAction Stop
    }
    if ($script:PermShellModulePath -like '*.dll') {
        $td = Get-TypeData -TypeName PermShell.User
        if (-not $td -or -not $td.Members.ContainsKey('Subject')) {
            Update-TypeData -PrependPath $script:PermShellTypesFile -ErrorAction Stop
        }
    }
}

# Every store of a test file lives under one root, removed by Remove-TestRoot in the file's AfterAll.
# On Linux the root is on /dev/shm when it is there: SQLite's fsyncs on a real disk would make the suite
# several times slower, and nothing these tests check depends on the file system (modes work on tmpfs too).
$script:TestRoot = $(
    $base = if (-not $IsWindows -and -not $IsMacOS -and (Test-Path -LiteralPath '/dev/shm' -PathType Container)) { '/dev/shm' } else { [IO.Path]::GetTempPath() }
    Join-Path $base ('permshell-pester-' + [guid]::NewGuid().ToString('N').Substring(0, 12))
)

function Remove-TestRoot {
    if (Test-Path -LiteralPath $script:TestRoot) { Remove-Item -LiteralPath $script:TestRoot -Recurse -Force -ErrorAction SilentlyContinue }
}

# A new, empty folder of its own for one test.
function New-TestFolder {
    $folder = Join-Path $script:TestRoot ('t-' + [guid]::NewGuid().ToString('N').Substring(0, 12))
    $null = [IO.Directory]::CreateDirectory($folder)
    $folder
}

# The backend the store helpers below make stores on: SQLite files, or with $env:PERMSHELL_TEST_BACKEND = 'postgres'
# a schema of its own per store in the PostgreSQL database $env:PERMSHELL_TEST_POSTGRES names (build.ps1 runs the
# suites that go through these helpers a second time that way, against a throwaway cluster). The schemas go with
# the cluster when the run ends.
$script:TestBackend = if ($env:PERMSHELL_TEST_BACKEND) { $env:PERMSHELL_TEST_BACKEND } else { 'sqlite' }
if ($script:TestBackend -eq 'postgres' -and -not $env:PERMSHELL_TEST_POSTGRES) {
    throw 'PERMSHELL_TEST_BACKEND is postgres but PERMSHELL_TEST_POSTGRES names no database: run the tests through build.ps1 -Task Test.'
}

# The -Store value of a new PostgreSQL store location (a schema nobody uses yet) in the test database.
function New-TestPostgresLocation {
    "$($env:PERMSHELL_TEST_POSTGRES);Search Path=t_$([guid]::NewGuid().ToString('N'))"
}

# Creates a store (a file in a fresh folder, or a schema of its own on PostgreSQL) and returns what -Store takes:
# its full path, or its connection string.
function New-TestStore {
    param(
        [ValidateSet('Empty', 'Trac', 'Django')]
        [string] $Template = 'Empty',
        [string] $FileName = 'store.db'
    )
    if ($script:TestBackend -eq 'postgres') {
        $location = New-TestPostgresLocation
        $null = New-PermissionStore -ConnectionString $location -Template $Template -ErrorAction Stop
        return $location
    }
    $path = Join-Path (New-TestFolder) $FileName
    $null = New-PermissionStore -Path $path -Template $Template -ErrorAction Stop
    $path
}

# A copy of an existing store in a fresh folder (or schema): building a fixture once and copying it per test keeps
# the suite fast. Every PermShell connection is closed after each call, so the file (with its -wal, if any) is whole.
function Copy-TestStore {
    param([Parameter(Mandatory)][string] $From)
    if ($script:TestBackend -eq 'postgres') {
        $location = New-TestPostgresLocation
        $null = Copy-PermissionStore -Source $From -Destination $location -ErrorAction Stop
        return $location
    }
    $path = Join-Path (New-TestFolder) (Split-Path $From -Leaf)
    foreach ($suffix in '', '-wal') {
        if (Test-Path -LiteralPath ($From + $suffix)) { Copy-Item -LiteralPath ($From + $suffix) -Destination ($path + $suffix) }
    }
    $path
}

# A store with a small Trac-like catalog: WIKI_VIEW, WIKI_ADMIN (implies WIKI_*), TICKET_VIEW, TICKET_ADMIN (implies TICKET_*).
function New-SampleStore {
    if (-not $script:SampleStore) {
        $s = New-TestStore
        $null = New-PermissionDefinition -Store $s -Name WIKI_VIEW -Description 'View wiki pages'
        $null = New-PermissionDefinition -Store $s -Name TICKET_VIEW
        $null = New-PermissionDefinition -Store $s -Name WIKI_ADMIN -Implies 'WIKI_*'
        $null = New-PermissionDefinition -Store $s -Name TICKET_ADMIN -Implies 'TICKET_*'
        $script:SampleStore = $s
    }
    Copy-TestStore -From $script:SampleStore
}
$script:SampleStore = $null

# Everything a store holds, as one comparable string (used to prove that -WhatIf and failures changed nothing).
function Get-StoreContent {
    param([Parameter(Mandatory)][string] $Store)
    $info = Get-PermissionStore -Store $Store
    $parts = @(
        "revision=$($info.Revision) permissions=$($info.Permissions) users=$($info.Users) groups=$($info.Groups) grants=$($info.Grants) memberships=$($info.Memberships)"
        Get-PermissionDefinition -Store $Store | ForEach-Object { "perm $($_.Name)|$($_.App)|$($_.Model)|$($_.CodeName)|$($_.Description)|$($_.Implies -join ',')" }
        Get-PermUser -Store $Store | ForEach-Object { "user $($_.Name)|$($_.DisplayName)|$($_.Email)|$($_.IsActive)|$($_.IsSuperuser)" }
        Get-PermGroup -Store $Store | ForEach-Object { "group $($_.Name)|$($_.Description)|$($_.MemberCount)" }
        Get-Permission -Store $Store | ForEach-Object { "grant $($_.Subject)|$($_.SubjectKind)|$($_.Permission)" }
        Get-PermissionPolicy -Store $Store | ForEach-Object { "policy $($_.Position)|$($_.Resource)|$($_.Rules -join ';')" }
    )
    $parts -join "`n"
}

# Runs a call and returns every error it raised, terminating or not (warnings and information dropped), so a table of
# cases can assert on the ids whichever way a cmdlet reports them.
function Get-CallError([scriptblock] $Call) {
    $ErrorActionPreference = 'Continue'
    $errors = [Collections.Generic.List[object]]::new()
    try {
        & $Call 2>&1 3>$null 6>$null | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { $errors.Add($_) } }
    }
    catch {
        $errors.Add($_)
    }
    @($errors)
}

# Asserts that an ErrorRecord carries a PermShell error id (the part of FullyQualifiedErrorId before the comma),
# and optionally its category and target object.
function Assert-PermError {
    param(
        [Parameter(Mandatory, Position = 0)][AllowNull()] $ErrorRecord,
        [Parameter(Mandatory, Position = 1)][string] $Id,
        [System.Management.Automation.ErrorCategory] $Category,
        [AllowNull()][AllowEmptyString()] $Target
    )
    $ErrorRecord | Should -Not -BeNullOrEmpty -Because "the error $Id was expected"
    $ErrorRecord | Should -BeOfType System.Management.Automation.ErrorRecord
    ($ErrorRecord.FullyQualifiedErrorId -split ',')[0] | Should -BeExactly $Id
    if ($PSBoundParameters.ContainsKey('Category')) { $ErrorRecord.CategoryInfo.Category | Should -Be $Category }
    if ($PSBoundParameters.ContainsKey('Target')) { $ErrorRecord.TargetObject | Should -BeExactly $Target }
}

# The SQLite side files that must not appear next to a refused file.
function Get-SideFile {
    param([Parameter(Mandatory)][string] $Path)
    foreach ($suffix in '-wal', '-shm', '-journal') {
        if (Test-Path -LiteralPath ($Path + $suffix)) { $Path + $suffix }
    }
}

# Runs python3 with a script and arguments (used to make foreign SQLite files and to edit a store behind PermShell's back).
function Invoke-Python {
    param([Parameter(Mandatory)][string] $Script, [string[]] $Arguments = @())
    $python = Get-Command python3 -CommandType Application -ErrorAction Ignore | Select-Object -First 1
    if (-not $python) { throw 'python3 is needed for this test' }
    & $python.Source -c $Script @Arguments
    if ($LASTEXITCODE -ne 0) { throw "python3 failed with exit code $LASTEXITCODE" }
}

# Runs a script in a fresh pwsh -NoProfile -NonInteractive that has imported the module under test.
# Returns the output lines; throws when the child exits non-zero.
# -StandardInput starts the child with its standard input read from that file, as cron, systemd and CI runners
# start pwsh (/dev/null: no console to answer a prompt); -NonInteractive $false then leaves out -NonInteractive.
function Invoke-ChildPwsh {
    param(
        [Parameter(Mandatory)][string] $Script,
        [hashtable] $Environment = @{},
        [string] $StandardInput,
        [bool] $NonInteractive = $true
    )
    $exe = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    $command = @(if (Test-Path -LiteralPath $exe) { $exe } else { [Environment]::ProcessPath; Join-Path $PSHOME 'pwsh.dll' })
    $prelude = "`$ErrorActionPreference = 'Stop'; `$env:PERMSHELL_MODULE = '$($script:PermShellModulePath -replace "'", "''")'; " +
        ". '$((Join-Path $PSScriptRoot 'TestSupport.ps1') -replace "'", "''")'; "
    foreach ($name in $Environment.Keys) {
        # TestSupport sets PERMSHELL_STORE; the test's own value must win, so it is set after the prelude.
        $prelude += "`$env:$name = '$($Environment[$name] -replace "'", "''")'; "
    }
    $prelude += 'Import-PermShellTestModule; '
    $exeArgs = @($command | Select-Object -Skip 1) + @('-NoProfile') + @(if ($NonInteractive) { '-NonInteractive' }) + @('-Command', $prelude + $Script)
    $output = if ($StandardInput) {
        # bash does the redirection, so the child's standard input is exactly that file, never this process's.
        & bash -c 'input=$1; shift; exec "$@" < "$input"' bash $StandardInput $command[0] @exeArgs 2>&1
    }
    else { & $command[0] @exeArgs 2>&1 }
    if ($LASTEXITCODE -ne 0) { throw "child pwsh failed ($LASTEXITCODE): $($output -join "`n")" }
    $output | ForEach-Object { "$_" }
}

# Completion texts that TabExpansion2 offers at the end of a command line.
function Get-CompletionText {
    param([Parameter(Mandatory)][string] $Line)
    (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches | ForEach-Object CompletionText
}
