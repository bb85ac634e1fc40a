# The published module's shape: exports, manifest, and the private AssemblyLoadContext.
BeforeAll {
    . "$PSScriptRoot/Common.ps1"
    $Manifest = Import-PowerShellDataFile -LiteralPath $PermShellModulePath
    $Module = Import-Module $PermShellModulePath -Force -PassThru
    $ModuleBase = $Module.ModuleBase
    $LibDir = Join-Path $ModuleBase 'bin/lib'
    $Context = [System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -EQ 'PermShell'

    # Everything the module ships in bin/lib, loaded now through its context: the cmdlets load some
    # dependencies lazily, and the test must see where each one would land.
    $Shipped = @(Get-ChildItem $LibDir -Filter '*.dll' | ForEach-Object {
            $Context.LoadFromAssemblyName([System.Reflection.AssemblyName]::GetAssemblyName($_.FullName))
        })
    # A framework assembly shipped for older runtimes (System.Diagnostics.DiagnosticSource, for Npgsql on .NET 8)
    # comes from the runtime itself where it is new enough there: one copy of its types in the process.
    $FrameworkDir = [System.IO.Path]::GetDirectoryName([object].Assembly.Location)
    $Shipped = @($Shipped | Where-Object { [System.IO.Path]::GetDirectoryName($_.Location) -ne $FrameworkDir })
}

Describe 'PermShell manifest' {
    It 'exports exactly the cmdlets it lists' {
        $exported = @(Get-Command -Module PermShell | ForEach-Object Name | Sort-Object)
        $exported | Should -Be @($Manifest.CmdletsToExport | Sort-Object)
    }

    It 'lists the cmdlets of the contract built so far, and no others' {
        $contract = @(
            'New-PermissionStore', 'Connect-PermissionStore', 'Get-PermissionStore', 'Set-PermissionStore',
            'Get-PermissionDefinition', 'New-PermissionDefinition', 'Set-PermissionDefinition', 'Remove-PermissionDefinition',
            'New-PermUser', 'Get-PermUser', 'Set-PermUser', 'Remove-PermUser', 'Rename-PermUser',
            'New-PermGroup', 'Get-PermGroup', 'Set-PermGroup', 'Remove-PermGroup', 'Rename-PermGroup',
            'Add-PermGroupMember', 'Remove-PermGroupMember', 'Get-PermGroupMember', 'Get-PermGroupMembership',
            'Grant-Permission', 'Revoke-Permission', 'Get-Permission', 'Test-Permission',
            'Test-PermissionManifest', 'Compare-PermissionManifest', 'Import-PermissionManifest', 'Export-PermissionManifest',
            'Get-PermissionAudit', 'Export-PermissionAuditReport', 'Export-PermissionGraph',
            'Get-PermissionLog', 'Test-PermissionLog', 'Backup-PermissionStore', 'Restore-PermissionStore',
            'Copy-PermissionStore',
            'Get-PermissionPolicy', 'Set-PermissionPolicy', 'Remove-PermissionPolicy'
        )
        @($Manifest.CmdletsToExport | Sort-Object) | Should -Be @($contract | Sort-Object)
    }

    It 'lists every export explicitly (no wildcards)' {
        foreach ($key in 'CmdletsToExport', 'FunctionsToExport', 'AliasesToExport', 'VariablesToExport') {
            $Manifest.ContainsKey($key) | Should -BeTrue -Because "$key must be stated"
            @($Manifest[$key]) -join ',' | Should -Not -Match '\*' -Because "$key must not use wildcards"
        }
    }

    It 'declares PowerShell 7.4, Core, a description and the format file' {
        $Manifest.PowerShellVersion | Should -Be '7.4'
        $Manifest.CompatiblePSEditions | Should -Be @('Core')
        $Manifest.Description | Should -Not -BeNullOrEmpty
        $Manifest.FormatsToProcess | Should -Be @('PermShell.format.ps1xml')
        Join-Path $ModuleBase 'PermShell.format.ps1xml' | Should -Exist
    }
}

Describe 'PermShell load context' {
    It 'exists once, named PermShell' {
        @($Context).Count | Should -Be 1
    }

    It 'holds PermShell, PermShell.Core, Microsoft.Data.Sqlite, SQLitePCLRaw, YamlDotNet and Npgsql' {
        $names = $Shipped | ForEach-Object { $_.GetName().Name }
        foreach ($name in 'PermShell', 'PermShell.Core', 'Microsoft.Data.Sqlite', 'SQLitePCLRaw.core',
            'SQLitePCLRaw.provider.e_sqlite3', 'SQLitePCLRaw.batteries_v2', 'YamlDotNet', 'Npgsql') {
            $names | Should -Contain $name
        }
        foreach ($assembly in $Shipped) {
            [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($assembly).Name | Should -Be 'PermShell'
            [System.IO.Path]::GetDirectoryName($assembly.Location) | Should -Be $LibDir
        }
    }

    It 'leaves none of them in the default context' {
        $shippedNames = $Shipped | ForEach-Object { $_.GetName().Name }
        $inDefault = [System.Runtime.Loader.AssemblyLoadContext]::Default.Assemblies |
            ForEach-Object { $_.GetName().Name } | Where-Object { $_ -in $shippedNames }
        $inDefault | Should -BeNullOrEmpty
    }

    It 'puts only the loader in the default context' {
        $loader = [PermShell.LoadContext.ModuleLoadContext].Assembly
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($loader).Name | Should -Be 'Default'
        $loader.Location | Should -Be (Join-Path $ModuleBase 'bin/PermShell.LoadContext.dll')
    }

    It 'shares System.Management.Automation with pwsh instead of shipping it' {
        Join-Path $LibDir 'System.Management.Automation.dll' | Should -Not -Exist
        $sma = $Shipped | Where-Object { $_.GetName().Name -eq 'PermShell' } | ForEach-Object {
            $_.GetReferencedAssemblies() | Where-Object Name -EQ 'System.Management.Automation' }
        $sma | Should -Not -BeNullOrEmpty
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext([System.Management.Automation.PSCmdlet].Assembly).Name |
            Should -Be 'Default'
    }

    It 'implements every exported cmdlet in the PermShell context' {
        foreach ($command in Get-Command -Module PermShell) {
            [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($command.ImplementingType.Assembly).Name |
                Should -Be 'PermShell' -Because $command.Name
        }
    }

    It 'survives Import-Module -Force (the cmdlets stay exported)' {
        $before = @(Get-Command -Module PermShell | ForEach-Object Name | Sort-Object)
        Import-Module $PermShellModulePath -Force
        @(Get-Command -Module PermShell | ForEach-Object Name | Sort-Object) | Should -Be $before
    }
}

Describe 'Native SQLite' {
    It 'loads libe_sqlite3 from the module folder and answers a query' {
        $sqlite = $Shipped | Where-Object { $_.GetName().Name -eq 'Microsoft.Data.Sqlite' }
        $connection = [Activator]::CreateInstance($sqlite.GetType('Microsoft.Data.Sqlite.SqliteConnection'), @('Data Source=:memory:'))
        try {
            $connection.Open()
            $command = $connection.CreateCommand()
            $command.CommandText = 'select sqlite_version()'
            $command.ExecuteScalar() | Should -Match '^3\.\d+\.\d+$'
        }
        finally {
            $connection.Dispose()
        }
        if ($IsLinux) {
            # The mapped file proves which copy the context picked.
            Get-Content /proc/self/maps | Where-Object { $_ -like '*libe_sqlite3*' } |
                Select-Object -First 1 | Should -BeLike "*$LibDir/libe_sqlite3.so"
        }
    }

    It 'falls back to runtimes/RID/native, also in a folder whose path has spaces' {
        # A RID-less publish keeps native libraries under runtimes/; the context must find them there.
        $copy = Join-Path $TestDrive 'with spaces/PermShell'
        $null = New-Item -ItemType Directory -Force (Split-Path $copy)
        Copy-Item -Recurse $ModuleBase $copy
        $native = Join-Path $copy "bin/lib/runtimes/$([System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier)/native"
        $null = New-Item -ItemType Directory -Force $native
        Get-ChildItem (Join-Path $copy 'bin/lib') -Filter 'libe_sqlite3.*' | Move-Item -Destination $native

        $probe = Join-Path $TestDrive 'probe.ps1'
        Set-Content -LiteralPath $probe -Value @'
param($ModulePath)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$context = [System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -EQ 'PermShell'
$sqlite = $context.LoadFromAssemblyName([System.Reflection.AssemblyName]'Microsoft.Data.Sqlite')
$connection = [Activator]::CreateInstance($sqlite.GetType('Microsoft.Data.Sqlite.SqliteConnection'), @('Data Source=:memory:'))
$connection.Open()
$command = $connection.CreateCommand()
$command.CommandText = 'select sqlite_version()'
$mapped = @(Get-Content /proc/self/maps -ErrorAction Ignore | Where-Object { $_ -like '*libe_sqlite3*' }) | Select-Object -First 1
@{ Version = $command.ExecuteScalar(); Mapped = "$mapped" } | ConvertTo-Json -Compress
'@
        $result = Invoke-ChildPwsh $probe @((Join-Path $copy 'PermShell.psd1'))
        $answer = ConvertFrom-ChildJson $result
        $answer.Version | Should -Match '^3\.\d+\.\d+$'
        if ($IsLinux) { $answer.Mapped | Should -BeLike "*$native/libe_sqlite3.so" }
    }
}
