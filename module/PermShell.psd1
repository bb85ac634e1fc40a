@{
    # The script module loads the cmdlet assembly into PermShell's private AssemblyLoadContext.
    RootModule           = 'PermShell.psm1'
    # The one place the version is written: Directory.Build.props reads it for the assemblies, the package takes it from here.
    ModuleVersion        = '0.1.0'
    GUID                 = '2b7bed17-5737-4bdb-8aa0-4a0ec797d80f'
    Author               = 'PermShell contributors'
    CompanyName          = 'PermShell'
    Copyright            = '(c) PermShell contributors.'
    Description          = 'Administer permissions from PowerShell: a catalog of permissions, users, groups and grants in a SQLite store, with Trac and Django compatible semantics, explained checks, audits and YAML manifests.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('PermShell.format.ps1xml')
    TypesToProcess       = @('PermShell.types.ps1xml')
    # Editors validate manifests against it: # yaml-language-server: $schema=<module folder>/PermShell.Manifest.schema.json
    FileList             = @('PermShell.Manifest.schema.json')

    # Every export is listed: no wildcards, so module auto-loading and discovery stay fast and exact.
    CmdletsToExport      = @(
        'New-PermissionStore'
        'Connect-PermissionStore'
        'Get-PermissionStore'
        'Set-PermissionStore'
        'Get-PermissionDefinition'
        'New-PermissionDefinition'
        'Set-PermissionDefinition'
        'Remove-PermissionDefinition'
        'New-PermUser'
        'Get-PermUser'
        'Set-PermUser'
        'Remove-PermUser'
        'Rename-PermUser'
        'New-PermGroup'
        'Get-PermGroup'
        'Set-PermGroup'
        'Remove-PermGroup'
        'Rename-PermGroup'
        'Add-PermGroupMember'
        'Remove-PermGroupMember'
        'Get-PermGroupMember'
        'Get-PermGroupMembership'
        'Grant-Permission'
        'Revoke-Permission'
        'Get-Permission'
        'Test-Permission'
        'Test-PermissionManifest'
        'Compare-PermissionManifest'
        'Import-PermissionManifest'
        'Export-PermissionManifest'
        'Get-PermissionAudit'
        'Export-PermissionAuditReport'
        'Export-PermissionGraph'
        'Get-PermissionLog'
        'Test-PermissionLog'
        'Backup-PermissionStore'
        'Restore-PermissionStore'
        'Copy-PermissionStore'
        'Get-PermissionPolicy'
        'Set-PermissionPolicy'
        'Remove-PermissionPolicy'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()

    PrivateData          = @{
        PSData = @{
            # Package metadata (build.ps1 -Task Package). PSEdition_Core and the OS tags are the Gallery's platform tags;
            # ReleaseNotes are added from CHANGELOG.md when the package is made (tools/New-ModulePackage.ps1).
            Tags       = @('Permissions', 'Authorization', 'Trac', 'Django', 'SQLite', 'Audit', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri = 'https://github.com/permshell/PermShell'
            LicenseUri = 'https://github.com/permshell/PermShell/blob/main/LICENSE'
        }
    }
}
