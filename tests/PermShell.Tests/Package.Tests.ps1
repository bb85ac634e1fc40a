# The module package (build.ps1 -Task Package): made from the built module by tools/New-ModulePackage.ps1, installed
# from a local folder repository with PSResourceGet (as from any feed: the PowerShell Gallery is not reachable here) and
# used from a new pwsh.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')

    $script:repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:moduleFolder = Split-Path $script:PermShellModulePath
    $script:version = (Import-PowerShellDataFile -LiteralPath $script:PermShellModulePath).ModuleVersion
    $script:feed = New-TestFolder
    # PSResourceGet keeps its settings under the local application data folder: a temporary one here, so that neither
    # packing nor the repository the child registers reaches the user's own configuration.
    # AfterAll puts them back.
    $script:savedData = @{ XDG_DATA_HOME = $env:XDG_DATA_HOME; LOCALAPPDATA = $env:LOCALAPPDATA }
    $env:XDG_DATA_HOME = $env:LOCALAPPDATA = New-TestFolder
    $script:package = & (Join-Path $repoRoot 'tools/New-ModulePackage.ps1') -ModuleFolder $moduleFolder -OutputPath $feed

    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $zip = [IO.Compression.ZipFile]::OpenRead($package.FullName)
    try {
        $script:entries = @($zip.Entries | ForEach-Object FullName)
        $reader = [IO.StreamReader]::new($zip.GetEntry('PermShell.nuspec').Open())
        try { $script:nuspec = [xml]$reader.ReadToEnd() } finally { $reader.Dispose() }
    }
    finally { $zip.Dispose() }

    # A new pwsh (which inherits the temporary data folder) registers the folder as a repository, saves PermShell from
    # it into a clean folder, imports that copy and uses it on a new store.
    $script:installed = New-TestFolder
    $store = Join-Path (New-TestFolder) 'installed.db'
    $child = @'
param($Feed, $Installed, $Store)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Register-PSResourceRepository -Name PermShellTestFeed -Uri $Feed -Trusted
$found = Find-PSResource -Name PermShell -Repository PermShellTestFeed
Save-PSResource -Name PermShell -Repository PermShellTestFeed -Path $Installed -SkipDependencyCheck
Unregister-PSResourceRepository -Name PermShellTestFeed
$env:PSModulePath = $Installed + [IO.Path]::PathSeparator + $env:PSModulePath
Import-Module PermShell
$null = New-PermissionStore -Path $Store -Template Trac
$null = New-PermUser -Store $Store -Name alice
Grant-Permission -Store $Store -Subject alice -Name TICKET_VIEW -WarningAction SilentlyContinue
# The native library the process loaded, where it was loaded from (every platform lists its modules).
$native = [Diagnostics.Process]::GetCurrentProcess().Modules | Where-Object ModuleName -Like '*e_sqlite3*' | Select-Object -First 1
[pscustomobject]@{
    FoundVersion = "$($found.Version)"
    ModuleBase   = (Get-Module PermShell).ModuleBase
    Version      = "$((Get-Module PermShell).Version)"
    Allowed      = Test-Permission -Store $Store -Subject alice -Name TICKET_VIEW
    Users        = @(Get-PermUser -Store $Store | ForEach-Object Name)
    Native       = "$($native.FileName)"
} | ConvertTo-Json -Compress
'@
    $script_ = Join-Path (New-TestFolder) 'install.ps1'
    Set-Content -LiteralPath $script_ -Value $child
    $exe = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    $output = & $exe -NoProfile -NonInteractive -File $script_ $feed $installed $store 2>&1
    if ($LASTEXITCODE -ne 0) { throw "installing the package failed ($LASTEXITCODE): $($output -join "`n")" }
    $script:answer = ($output | Select-Object -Last 1) | ConvertFrom-Json
}

AfterAll {
    $env:XDG_DATA_HOME = $script:savedData.XDG_DATA_HOME
    $env:LOCALAPPDATA = $script:savedData.LOCALAPPDATA
    Remove-TestRoot
}

Describe 'The module package' {
    It 'is PermShell.(ModuleVersion).nupkg, and the assemblies carry the same version' {
        $package.Name | Should -BeExactly "PermShell.$version.nupkg"
        $nuspec.package.metadata.version | Should -BeExactly $version
        $assembly = Join-Path $moduleFolder 'bin/lib/PermShell.dll'
        [Diagnostics.FileVersionInfo]::GetVersionInfo($assembly).ProductVersion | Should -BeLike "$version*"
    }

    It 'carries the manifest metadata: id, description, authors, tags, license and project URIs' {
        $manifest = Import-PowerShellDataFile -LiteralPath $PermShellModulePath
        $metadata = $nuspec.package.metadata
        $metadata.id | Should -BeExactly 'PermShell'
        $metadata.description | Should -BeExactly $manifest.Description
        $metadata.authors | Should -BeExactly $manifest.Author
        $metadata.licenseUrl | Should -BeExactly $manifest.PrivateData.PSData.LicenseUri
        $metadata.projectUrl | Should -BeExactly $manifest.PrivateData.PSData.ProjectUri
        foreach ($tag in $manifest.PrivateData.PSData.Tags + 'PSModule') { $metadata.tags -split ' ' | Should -Contain $tag }
    }

    It 'takes its release notes from CHANGELOG.md' {
        $changelog = Get-Content -Raw (Join-Path $repoRoot 'CHANGELOG.md')
        $section = [regex]::Match($changelog, "(?ms)^## \[(?:$([regex]::Escape($version))|Unreleased)\][^\n]*\n(.*?)(?=^## |\z)").Groups[1].Value.Trim()
        $section | Should -Not -BeNullOrEmpty
        $nuspec.package.metadata.releaseNotes | Should -BeExactly $section
    }

    It 'carries SQLite for <_> under bin/lib/runtimes/<_>/native' -ForEach @('win-x64', 'win-arm64', 'linux-x64', 'linux-arm64', 'linux-musl-x64', 'osx-x64', 'osx-arm64') {
        $rid = $_
        $file = switch -Wildcard ($rid) { 'win-*' { 'e_sqlite3.dll' } 'osx-*' { 'libe_sqlite3.dylib' } default { 'libe_sqlite3.so' } }
        @($entries | Where-Object { $_ -like "bin/lib/runtimes/$rid/*" }) | Should -Be @("bin/lib/runtimes/$rid/native/$file")
    }

    It 'ships no platform''s library flat beside the assemblies, and everything of the built module besides' {
        $entries | Where-Object { $_ -match '^bin/lib/(lib)?e_sqlite3\.' } | Should -BeNullOrEmpty
        $built = Get-ChildItem -LiteralPath $moduleFolder -Recurse -File |
            ForEach-Object { [IO.Path]::GetRelativePath($moduleFolder, $_.FullName).Replace('\', '/') } |
            Where-Object { $_ -notmatch '^bin/lib/(lib)?e_sqlite3\.' }
        foreach ($file in $built) { $entries | Should -Contain $file }
    }
}

Describe 'PermShell installed from the package' {
    It 'is found and saved by PSResourceGet, and imported from where it was saved' {
        $answer.FoundVersion | Should -BeExactly $version
        $answer.Version | Should -BeExactly $version
        $answer.ModuleBase | Should -BeExactly (Join-Path $installed "PermShell/$version")
    }

    It 'works against a new store' {
        $answer.Allowed | Should -BeTrue
        $answer.Users | Should -Be @('alice')
    }

    It 'loads the SQLite library of the running platform from runtimes/(rid)/native' {
        $os, $file = if ($IsWindows) { 'win', 'e_sqlite3.dll' } elseif ($IsMacOS) { 'osx', 'libe_sqlite3.dylib' } else { 'linux', 'libe_sqlite3.so' }
        $rid = "$os-$([Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant())"
        $answer.Native | Should -BeExactly (Join-Path $installed "PermShell/$version/bin/lib/runtimes/$rid/native/$file")
    }
}
