# Every exported cmdlet has real help (from the MAML built out of docs/cmdlets), not the text
# PowerShell makes up from the syntax when it finds none.
BeforeDiscovery {
    . "$PSScriptRoot/Common.ps1"
    $CmdletNames = @((Import-PowerShellDataFile -LiteralPath $PermShellModulePath).CmdletsToExport | Sort-Object)
}

BeforeAll {
    . "$PSScriptRoot/Common.ps1"
    Import-Module $PermShellModulePath -Force
    $NotDocumented = [System.Management.Automation.PSCmdlet]::CommonParameters

    # The synopsis as the page states it; Get-Help must show this exact text.
    function Get-PageSynopsis([string]$Name) {
        $page = Join-Path $RepoRoot "docs/cmdlets/$Name.md"
        if (-not (Test-Path $page)) { return $null }
        $lines = Get-Content -LiteralPath $page
        $start = [array]::IndexOf($lines, '## SYNOPSIS')
        if ($start -lt 0) { return $null }
        $text = $lines[($start + 1)..($lines.Count - 1)] | ForEach-Object -Begin { $stop = $false } -Process {
            if ($_ -match '^#') { $stop = $true }
            if (-not $stop -and $_.Trim()) { $_.Trim() }
        }
        $text -join ' '
    }
}

Describe 'Help for <_>' -ForEach $CmdletNames {
    BeforeAll {
        $Name = $_
        $Command = Get-Command -Name $Name -Module PermShell -ErrorAction SilentlyContinue
        $Help = if ($Command) { Get-Help -Name $Name -Full }

        # A cmdlet that is not there fails once, in the first test, not in every test.
        function Skip-WhenMissing {
            if (-not $Command) { Set-ItResult -Skipped -Because "$Name is not exported" }
        }
    }

    It 'is exported, so its help can be checked' {
        $Command | Should -Not -BeNullOrEmpty -Because "$Name is listed in CmdletsToExport"
    }

    It 'has the synopsis of its page' {
        Skip-WhenMissing
        $expected = Get-PageSynopsis $Name
        $expected | Should -Not -BeNullOrEmpty -Because "docs/cmdlets/$Name.md must state a synopsis"
        # Without MAML, Get-Help's synopsis is the generated syntax line.
        $Help.Synopsis | Should -Be $expected
    }

    It 'has a description' {
        Skip-WhenMissing
        ($Help.description | ForEach-Object Text) -join ' ' | Should -Not -BeNullOrEmpty
    }

    It 'has at least one example with code' {
        Skip-WhenMissing
        $examples = @((Get-Help -Name $Name -Examples).examples.example)
        $examples.Count | Should -BeGreaterThan 0
        $examples[0].code | Should -Not -BeNullOrEmpty
    }

    It 'describes every parameter' {
        Skip-WhenMissing
        $undocumented = foreach ($parameter in $Command.Parameters.Keys) {
            if ($parameter -in $NotDocumented) { continue }
            $entry = $Help.parameters.parameter | Where-Object name -EQ $parameter
            $text = ($entry.description | ForEach-Object Text) -join ' '
            if (-not $text.Trim()) { $parameter }
        }
        $undocumented | Should -BeNullOrEmpty
    }
}

Describe 'about_PermShell' {
    It 'is found by Get-Help' {
        $text = Get-Help about_PermShell | Out-String
        $text | Should -Match 'about_PermShell'
        $text | Should -Match 'EFFECTIVE PERMISSIONS AND ROUTES'
    }

    It '<Topic> is found by Get-Help and names the cmdlets it is about' -TestCases @(
        @{ Topic = 'about_PermShell_Manifests'; Cmdlets = 'Test-PermissionManifest', 'Compare-PermissionManifest', 'Import-PermissionManifest', 'Export-PermissionManifest' }
        @{ Topic = 'about_PermShell_Audit'; Cmdlets = 'Test-Permission', 'Get-PermissionAudit', 'Export-PermissionAuditReport', 'Export-PermissionGraph' }
    ) {
        $text = Get-Help $Topic | Out-String
        $text | Should -Match "TOPIC\s+$Topic"
        foreach ($cmdlet in $Cmdlets) {
            $text | Should -Match ([regex]::Escape($cmdlet))
            Get-Command -Name $cmdlet -Module PermShell | Should -Not -BeNullOrEmpty
        }
    }
}
