# Loads PermShell's cmdlets into a private AssemblyLoadContext so that our SQLite and YamlDotNet
# assemblies never clash with another module's copies (see src/PermShell.LoadContext).
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# Call the real Import-Module even if a proxy function shadows it in the caller's session.
$importModule = Get-Command -Name Import-Module -Module Microsoft.PowerShell.Core

# The loader lives in the default context; load it once per process. On a re-import
# (Import-Module -Force) the type is already there and Initialize returns the same assembly.
# LoadFromAssemblyPath rather than Add-Type: same result, without Add-Type's ~0.5 s first-use cost.
$isReload = $true
if (-not ('PermShell.LoadContext.ModuleLoadContext' -as [type])) {
    $isReload = $false
    $null = [System.Runtime.Loader.AssemblyLoadContext]::Default.LoadFromAssemblyPath(
        [System.IO.Path]::Combine($PSScriptRoot, 'bin', 'PermShell.LoadContext.dll'))
}

$moduleAssembly = [PermShell.LoadContext.ModuleLoadContext]::Initialize()
$innerModule = & $importModule -Assembly $moduleAssembly -PassThru:$isReload

if ($innerModule) {
    # PowerShell issue 20710: importing an already loaded assembly reuses the cached binary module and
    # does not hand its cmdlets to this module's scope, so they would not be exported. Add them here.
    $addExportedCmdlet = [System.Management.Automation.PSModuleInfo].GetMethod(
        'AddExportedCmdlet',
        [System.Reflection.BindingFlags]'Instance, NonPublic')
    foreach ($cmdlet in $innerModule.ExportedCmdlets.Values) {
        $addExportedCmdlet.Invoke($ExecutionContext.SessionState.Module, @(, $cmdlet))
    }
}
