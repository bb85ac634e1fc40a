# Another module may have loaded a different YamlDotNet before PermShell (powershell-yaml does).
# PermShell must still work and keep its own copy in its private load context.
BeforeAll {
    . "$PSScriptRoot/Common.ps1"
    $OtherYaml = Join-Path $RepoRoot '.packages/yamldotnet/16.3.0/lib/net8.0/YamlDotNet.dll'

    $probe = Join-Path $TestDrive 'isolation.ps1'
    Set-Content -LiteralPath $probe -Value @'
param($ModulePath, $OtherYaml, $Store)
$ErrorActionPreference = 'Stop'
Add-Type -LiteralPath $OtherYaml
Import-Module $ModulePath

$report = [ordered]@{ Allowed = $null; Error = $null; Yaml = @() }
try {
    $null = New-PermissionStore -Path $Store -Template Trac
    $report.Allowed = Test-Permission -Store $Store -Subject anonymous -Name WIKI_VIEW
}
catch {
    $report.Error = "$_"
}

# Ask the private context for YamlDotNet the way PermShell.Core's references are resolved;
# a cmdlet that never read YAML would not have loaded it yet.
$context = [System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -EQ 'PermShell'
$null = $context.LoadFromAssemblyName([System.Reflection.AssemblyName]'YamlDotNet')

$report.Yaml = @([AppDomain]::CurrentDomain.GetAssemblies() |
    Where-Object { $_.GetName().Name -eq 'YamlDotNet' } |
    ForEach-Object { @{
            Version = $_.GetName().Version.ToString()
            Context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name
        } })
$report | ConvertTo-Json -Compress -Depth 4
'@
    $Result = Invoke-ChildPwsh $probe @($PermShellModulePath, $OtherYaml, (Join-Path $TestDrive 'x.db'))
    $Report = ConvertFrom-ChildJson $Result
}

Describe 'PermShell next to a different YamlDotNet' {
    It 'has the other YamlDotNet to load (tools/tools.csproj)' {
        $OtherYaml | Should -Exist
    }

    It 'creates a Trac store and lets anonymous view the wiki' {
        $Report.Error | Should -BeNullOrEmpty
        $Report.Allowed | Should -BeTrue
    }

    It 'keeps both YamlDotNet versions loaded, each in its own context' {
        $loaded = @($Report.Yaml | ForEach-Object { "$($_.Version)@$($_.Context)" } | Sort-Object)
        $loaded | Should -Be @('16.0.0.0@Default', '18.0.0.0@PermShell')
    }
}
