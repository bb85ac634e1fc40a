# Shared by every *.Tests.ps1: where the built module is, and how to run code in a fresh pwsh.
# Dot-sourced from BeforeAll/BeforeDiscovery; it defines names only and changes no state.

# build.ps1 sets PERMSHELL_MODULE; running Invoke-Pester by hand after a build finds out/ instead.
$PermShellModulePath = if ($env:PERMSHELL_MODULE) { $env:PERMSHELL_MODULE }
else { [System.IO.Path]::GetFullPath("$PSScriptRoot/../../out/PermShell/PermShell.psd1") }

$RepoRoot = [System.IO.Path]::GetFullPath("$PSScriptRoot/../..")

# Under 'dotnet pwsh' the current process is dotnet; the apphost in $PSHOME is a real pwsh.
$PwshPath = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')

# Runs a script file in a fresh 'pwsh -NoProfile -NonInteractive' and returns its exit code and
# output lines (stdout and stderr together), for tests whose state must not leak into this process.
function Invoke-ChildPwsh([string]$ScriptPath, [string[]]$ArgumentList = @()) {
    $output = & $PwshPath -NoProfile -NonInteractive -File $ScriptPath @ArgumentList 2>&1 |
        ForEach-Object { "$_" }
    [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = @($output); Text = ($output -join "`n") }
}

# Child scripts end with one JSON line; take the last line that parses.
function ConvertFrom-ChildJson($Result) {
    for ($i = $Result.Output.Count - 1; $i -ge 0; $i--) {
        if ($Result.Output[$i] -match '^\s*[\[{]') {
            try { return ($Result.Output[$i] | ConvertFrom-Json) } catch { continue }
        }
    }
    throw "The child pwsh wrote no JSON result (exit code $($Result.ExitCode)):`n$($Result.Text)"
}
