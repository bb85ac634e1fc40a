# tools/Build-Help.ps1 must refuse incomplete help with a message that says what to fix, and must
# write well-formed MAML whatever the page text contains.
BeforeAll {
    . "$PSScriptRoot/Common.ps1"
    Import-Module $PermShellModulePath -Force
    $Generator = Join-Path $RepoRoot 'tools/Build-Help.ps1'
    $Commands = @(Get-Command -Module PermShell | Sort-Object Name)
    if ($Commands.Count -eq 0) { throw 'PermShell exports no cmdlets: there is no help to generate.' }
    $First = $Commands[0]
    $FirstParameters = @($First.Parameters.Keys | Where-Object { $_ -notin [System.Management.Automation.PSCmdlet]::CommonParameters })

    # Runs the generator in a fresh pwsh over a docs folder built by the test.
    function Invoke-Generator([string]$Docs) {
        $xml = Join-Path $TestDrive "out-$([guid]::NewGuid())/PermShell.dll-Help.xml"
        $result = Invoke-ChildPwsh $Generator @('-ModulePath', $PermShellModulePath, '-DocsPath', $Docs, '-OutputPath', $xml)
        $result | Add-Member -NotePropertyName Xml -NotePropertyValue $xml -PassThru
    }

    # A complete page for a command, with text that needs escaping in XML.
    function New-Page($Command, [string]$Synopsis) {
        $parameters = foreach ($p in $Command.Parameters.Keys) {
            if ($p -notin [System.Management.Automation.PSCmdlet]::CommonParameters) { "### -$p`n`nWhat -$p <means> & does.`n" }
        }
        @"
# $($Command.Name)

## SYNOPSIS
$Synopsis

## DESCRIPTION
Text with <angle brackets>, "quotes" & ampersands.

## EXAMPLES

### Example 1: Run it
``````powershell
$($Command.Name) | Where-Object { `$_.Name -like 'a*' -and 1 -lt 2 }
``````

It runs.

## PARAMETERS

$($parameters -join "`n")
"@
    }

    # Copies the repository's pages (those that exist) and returns the folder.
    function Copy-Docs([string]$Name) {
        $docs = Join-Path $TestDrive $Name
        $null = New-Item -ItemType Directory -Force $docs
        Copy-Item (Join-Path $RepoRoot 'docs/cmdlets/*.md') $docs
        $docs
    }
}

Describe 'Build-Help.ps1' {
    It 'fails, listing pages that are missing, lack a synopsis or example, or leave a parameter undescribed' {
        # One run covers every check: the first cmdlet gets a broken page, the others none at all.
        $docs = Join-Path $TestDrive 'broken'
        $null = New-Item -ItemType Directory -Force $docs
        $page = New-Page $First 'unused'
        $page = $page -replace '(?s)## SYNOPSIS.*?## DESCRIPTION', '## DESCRIPTION'
        $page = $page -replace '(?s)## EXAMPLES.*?## PARAMETERS', '## PARAMETERS'
        if ($FirstParameters) {
            $page = $page -replace "(?s)### -$($FirstParameters[0])\n\n[^\n]*\n", ''
        }
        Set-Content -LiteralPath (Join-Path $docs "$($First.Name).md") -Value $page

        $result = Invoke-Generator $docs
        $result.ExitCode | Should -Not -Be 0
        $result.Xml | Should -Not -Exist
        $result.Text | Should -Match 'Help is incomplete'
        $result.Text | Should -Match ([regex]::Escape("$($First.Name).md: ## SYNOPSIS is missing"))
        $result.Text | Should -Match ([regex]::Escape("$($First.Name).md: ## EXAMPLES needs at least one"))
        if ($FirstParameters) {
            $result.Text | Should -Match ([regex]::Escape("parameter -$($FirstParameters[0]) has no description"))
        }
        foreach ($command in $Commands | Select-Object -Skip 1) {
            $result.Text | Should -Match ([regex]::Escape("$($command.Name).md: missing"))
        }
    }

    It 'writes well-formed MAML that keeps special characters' {
        $docs = Copy-Docs 'special'
        $synopsis = 'Uses <tags>, "quotes", ''apostrophes'' & ampersands.'
        Set-Content -LiteralPath (Join-Path $docs "$($First.Name).md") -Value (New-Page $First $synopsis)
        # The other pages are the repository's own, complete ones (the build checked them).
        $result = Invoke-Generator $docs
        $result.ExitCode | Should -Be 0 -Because $result.Text
        [xml]$maml = Get-Content -Raw -LiteralPath $result.Xml
        $ns = [System.Xml.XmlNamespaceManager]::new($maml.NameTable)
        $ns.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
        $ns.AddNamespace('maml', 'http://schemas.microsoft.com/maml/2004/10')
        $ns.AddNamespace('dev', 'http://schemas.microsoft.com/maml/dev/2004/10')
        $node = $maml.SelectSingleNode("//command:command[command:details/command:name='$($First.Name)']", $ns)
        $node.SelectSingleNode('command:details/maml:description/maml:para', $ns).InnerText | Should -Be $synopsis
        $node.SelectSingleNode('command:examples/command:example/dev:code', $ns).InnerText | Should -Match "\`$_.Name -like 'a\*' -and 1 -lt 2"
    }
}
