#!/usr/bin/env pwsh
<#
.SYNOPSIS
Turns a built module folder (out/PermShell) into one PowerShell module package (.nupkg) for every platform.

.DESCRIPTION
Used by build.ps1 -Task Package and by tests/PermShell.Tests/Package.Tests.ps1. Copies the module into a staging
folder and then:
- replaces the native SQLite library that the build's RID-specific publish put flat beside the assemblies with SQLite's
  library for each runtime of -RuntimeIdentifier under bin/lib/runtimes/<rid>/native/ (taken from the
  SQLitePCLRaw.lib.e_sqlite3 package the build restored, so the version is the one the module was built against);
  the load context picks the one for the running platform;
- writes the release notes of the module's version into the manifest (PrivateData.PSData.ReleaseNotes): CHANGELOG.md's
  section "## [<version>]", or "## [Unreleased]" while the version has none;
- packs it with PSResourceGet's Compress-PSResource, which takes the rest of the metadata (version, GUID, description,
  tags, license and project URIs) from the manifest.
Writes PermShell.<version>.nupkg into -OutputPath and returns its file.
#>
[CmdletBinding()]
param(
    # The built module folder, the one that holds PermShell.psd1.
    [Parameter(Mandatory)][string] $ModuleFolder,
    # Where the .nupkg goes; created if needed.
    [Parameter(Mandatory)][string] $OutputPath,
    # The repository root: CHANGELOG.md and src/PermShell.Core/obj/project.assets.json are read from it.
    [string] $RepositoryRoot = (Split-Path $PSScriptRoot),
    # The runtimes the package carries SQLite for (README: supported platforms).
    [string[]] $RuntimeIdentifier = @('win-x64', 'win-arm64', 'linux-x64', 'linux-arm64', 'linux-musl-x64', 'osx-x64', 'osx-arm64')
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

# The folder of the SQLitePCLRaw.lib.e_sqlite3 package that PermShell.Core was restored with.
function Get-NativeSqlitePackage {
    $assetsFile = Join-Path $RepositoryRoot 'src/PermShell.Core/obj/project.assets.json'
    if (-not (Test-Path -LiteralPath $assetsFile)) { throw "'$assetsFile' is missing: build the module first (build.ps1 -Task Build)." }
    $assets = Get-Content -Raw -LiteralPath $assetsFile | ConvertFrom-Json -AsHashtable
    $library = @($assets.libraries.Keys | Where-Object { $_ -like 'SQLitePCLRaw.lib.e_sqlite3/*' })
    if ($library.Count -ne 1) { throw "PermShell.Core's restore names $($library.Count) SQLitePCLRaw.lib.e_sqlite3 packages; expected one." }
    $relative = $assets.libraries[$library[0]].path
    foreach ($packageFolder in $assets.packageFolders.Keys) {
        $candidate = Join-Path $packageFolder $relative
        if (Test-Path -LiteralPath (Join-Path $candidate 'runtimes')) { return $candidate }
    }
    throw "The package $($library[0]) is not in any of the restore's package folders: $($assets.packageFolders.Keys -join ', ')."
}

# The CHANGELOG section of the version (or Unreleased), without its heading.
function Get-ReleaseNote([string] $Version) {
    $changelog = Get-Content -Raw -LiteralPath (Join-Path $RepositoryRoot 'CHANGELOG.md')
    foreach ($heading in @("[$Version]", '[Unreleased]')) {
        $match = [regex]::Match($changelog, "(?ms)^## $([regex]::Escape($heading))[^\n]*\n(.*?)(?=^## |\z)")
        if ($match.Success -and $match.Groups[1].Value.Trim()) { return $match.Groups[1].Value.Trim() }
    }
    throw "CHANGELOG.md has no section for $Version and no [Unreleased] section to take the release notes from."
}

$manifestFile = Join-Path $ModuleFolder 'PermShell.psd1'
if (-not (Test-Path -LiteralPath $manifestFile)) { throw "'$ModuleFolder' holds no PermShell.psd1: build the module first." }
$version = (Import-PowerShellDataFile -LiteralPath $manifestFile).ModuleVersion

$staging = Join-Path ([IO.Path]::GetTempPath()) "permshell-package-$([guid]::NewGuid().ToString('N'))"
try {
    $module = Join-Path $staging 'PermShell'
    $null = New-Item -ItemType Directory -Force $staging
    Copy-Item -LiteralPath $ModuleFolder -Destination $module -Recurse

    $lib = Join-Path $module 'bin/lib'
    # The one platform's library the build left flat would be taken before runtimes/ on that platform only; the
    # package has exactly one copy per runtime.
    Get-ChildItem -LiteralPath $lib -File | Where-Object Name -Match '^(lib)?e_sqlite3\.(so|dylib|dll)$' | Remove-Item
    Get-ChildItem -LiteralPath $lib -Directory -Filter runtimes | Remove-Item -Recurse
    $native = Get-NativeSqlitePackage
    foreach ($rid in $RuntimeIdentifier) {
        $from = Join-Path $native "runtimes/$rid/native"
        if (-not (Test-Path -LiteralPath $from)) { throw "$native has no native SQLite for $rid." }
        $to = Join-Path $lib "runtimes/$rid/native"
        $null = New-Item -ItemType Directory -Force $to
        Copy-Item -Path (Join-Path $from '*') -Destination $to
    }

    # Release notes: a single-quoted PowerShell string holds any text once its quotes are doubled.
    $notes = (Get-ReleaseNote $version) -replace "'", "''"
    $stagedManifest = Join-Path $module 'PermShell.psd1'
    $text = Get-Content -Raw -LiteralPath $stagedManifest
    $withNotes = [regex]::Replace($text, '(?m)^(\s*)PSData\s*=\s*@\{\s*$', { param($m) "$($m.Value)`n$($m.Groups[1].Value)    ReleaseNotes = '$notes'" }, 'None')
    if ($withNotes -eq $text) { throw "PermShell.psd1 has no 'PSData = @{' line to add the release notes to." }
    Set-Content -LiteralPath $stagedManifest -Value $withNotes -NoNewline -Encoding utf8NoBOM

    $null = New-Item -ItemType Directory -Force $OutputPath
    $package = Join-Path $OutputPath "PermShell.$version.nupkg"
    if (Test-Path -LiteralPath $package) { Remove-Item -LiteralPath $package }
    # PSResourceGet keeps its settings under the local application data folder and, where that folder does not exist
    # yet (a fresh CI machine), writes them relative to the current directory instead: make sure it exists.
    $null = [Environment]::GetFolderPath([Environment+SpecialFolder]::LocalApplicationData, [Environment+SpecialFolderOption]::Create)
    Compress-PSResource -Path $module -DestinationPath $OutputPath
    if (-not (Test-Path -LiteralPath $package)) { throw "Compress-PSResource wrote no $package." }
    Get-Item -LiteralPath $package
}
finally {
    Remove-Item -LiteralPath $staging -Recurse -Force -ErrorAction Ignore
}
