<#
.SYNOPSIS
Generates PermShell's MAML help (PermShell.dll-Help.xml) from docs/cmdlets/*.md and the built module.

.DESCRIPTION
platyPS is not available, so this script does its job: the text (synopsis, description, examples,
parameter descriptions, inputs, outputs, notes, links) comes from one markdown page per cmdlet
(format: docs/cmdlets/README.md); everything the code already knows (parameter sets, types,
mandatory, position, pipeline input, aliases, wildcards) comes from Get-Command on the imported
module, so the help cannot drift from the code.

The build fails, listing every problem at once, when an exported cmdlet has no page, a page has no
synopsis or no example, or a parameter other than the common ones has no description. A page for a
cmdlet the module does not export (yet) is skipped with a warning.

build.ps1 runs this in a child pwsh: importing the module loads its assemblies, which must not
happen in the build process itself.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string]$ModulePath,
    [Parameter(Mandatory)][string]$DocsPath,
    [Parameter(Mandatory)][string]$OutputPath
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

# -WhatIf and -Confirm are added by SupportsShouldProcess; their text is the same for every cmdlet,
# so a page may leave them out (it may also override them).
$StandardParameterText = @{
    WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
    Confirm = 'Prompts you for confirmation before running the cmdlet.'
}
$CommonParameterNames = [System.Management.Automation.PSCmdlet]::CommonParameters

#region Markdown

# Reads one page into a plain object: Name, Synopsis, Description, Examples, Parameters, Inputs,
# Outputs, Notes, Links. Headings inside fenced code blocks are code, not structure.
function Read-CommandPage([string]$Path) {
    $page = [ordered]@{
        Path = $Path; Name = $null; Synopsis = ''; Description = @()
        Examples = [System.Collections.Generic.List[object]]::new()
        Parameters = [ordered]@{}; Inputs = @(); Outputs = @(); Notes = @(); Links = @()
    }
    $section = $null
    $sub = $null
    $subLines = $null
    $sectionLines = [ordered]@{}
    $inFence = $false

    # ReadAllLines: Get-Content decorates every line with provider properties, which is slow.
    foreach ($line in [System.IO.File]::ReadAllLines($Path, [System.Text.Encoding]::UTF8)) {
        if ($line -match '^\s*(```|~~~)') { $inFence = -not $inFence }
        if (-not $inFence -and $line -match '^# (?<name>\S.*?)\s*$' -and -not $page.Name) {
            $page.Name = $Matches.name
            continue
        }
        if (-not $inFence -and $line -match '^## (?<section>\S.*?)\s*$') {
            $section = $Matches.section.ToUpperInvariant()
            $sub = $null
            $sectionLines[$section] = [System.Collections.Generic.List[object]]::new()
            continue
        }
        if (-not $inFence -and $section -and $line -match '^### (?<sub>\S.*?)\s*$') {
            $sub = $Matches.sub
            $subLines = [System.Collections.Generic.List[string]]::new()
            $sectionLines[$section].Add([pscustomobject]@{ Title = $sub; Lines = $subLines })
            continue
        }
        if (-not $section) { continue }
        if ($sub) {
            $subLines.Add($line)
        }
        else {
            # Text before the first ### of a section: kept under an untitled entry.
            $list = $sectionLines[$section]
            if ($list.Count -eq 0 -or $null -ne $list[0].Title) {
                $list.Insert(0, [pscustomobject]@{ Title = $null; Lines = [System.Collections.Generic.List[string]]::new() })
            }
            $list[0].Lines.Add($line)
        }
    }

    function Get-SectionText([string]$Name) {
        if (-not $sectionLines.Contains($Name)) { return @() }
        $untitled = @($sectionLines[$Name].Where({ $null -eq $_.Title }))
        if ($untitled.Count -eq 0) { return @() }
        ConvertTo-Paragraph $untitled[0].Lines
    }
    function Get-Subsection([string]$Name) {
        if (-not $sectionLines.Contains($Name)) { return @() }
        @($sectionLines[$Name].Where({ $null -ne $_.Title }))
    }

    $page.Synopsis = (Get-SectionText 'SYNOPSIS') -join ' '
    $page.Description = @(Get-SectionText 'DESCRIPTION')
    $page.Notes = @(Get-SectionText 'NOTES')

    foreach ($example in (Get-Subsection 'EXAMPLES')) {
        $page.Examples.Add((ConvertTo-Example $example.Title $example.Lines))
    }
    foreach ($parameter in (Get-Subsection 'PARAMETERS')) {
        $name = $parameter.Title.Trim().TrimStart('-')
        $page.Parameters[$name] = @(ConvertTo-Paragraph $parameter.Lines)
    }
    $page.Inputs = @(ConvertTo-TypeEntry (Get-Subsection 'INPUTS') (Get-SectionText 'INPUTS'))
    $page.Outputs = @(ConvertTo-TypeEntry (Get-Subsection 'OUTPUTS') (Get-SectionText 'OUTPUTS'))
    $page.Links = @(ConvertTo-Link (Get-SectionText 'RELATED LINKS'))
    [pscustomobject]$page
}

# Paragraphs are separated by blank lines; list items and fenced blocks keep their line breaks.
function ConvertTo-Paragraph([string[]]$Lines) {
    $paragraphs = [System.Collections.Generic.List[string]]::new()
    $current = [System.Collections.Generic.List[string]]::new()
    $inFence = $false
    $flush = {
        if ($current.Count -gt 0) {
            $isList = $current.Where({ $_ -match '^\s*([-*+]|\d+\.)\s' }, 'First').Count -gt 0
            $paragraphs.Add(($isList ? ($current -join "`n") : (@($current).ForEach('Trim') -join ' ')))
            $current.Clear()
        }
    }
    foreach ($line in $Lines) {
        if ($line -match '^\s*(```|~~~)') {
            if ($inFence) { $inFence = $false; $paragraphs.Add(($current -join "`n")); $current.Clear() }
            else { & $flush; $inFence = $true }
            continue
        }
        if ($inFence) { $current.Add($line); continue }
        if ($line.Trim() -eq '') { & $flush; continue }
        $current.Add($line)
    }
    & $flush
    # A comment line (<!-- ... -->) is for page authors, never for readers.
    $paragraphs.Where({ $_ -notmatch '^\s*<!--.*-->\s*$' })
}

# An example is a title, the ```powershell code, and remarks (every other paragraph).
function ConvertTo-Example([string]$Title, [string[]]$Lines) {
    $code = [System.Collections.Generic.List[string]]::new()
    $remarkLines = [System.Collections.Generic.List[string]]::new()
    $fence = $null
    $block = [System.Collections.Generic.List[string]]::new()
    foreach ($line in $Lines) {
        if ($line -match '^\s*(```|~~~)\s*(?<lang>\S*)') {
            if ($null -eq $fence) { $fence = $Matches.lang; $block.Clear(); continue }
            if ($fence -in 'powershell', 'pwsh', 'ps1', 'ps', '') { $code.Add(($block -join "`n")) }
            else {
                # Output shown in the page (```output): keep it with the remarks, fenced so it stays verbatim.
                $remarkLines.Add('```'); $remarkLines.AddRange($block); $remarkLines.Add('```')
            }
            $fence = $null
            continue
        }
        if ($null -ne $fence) { $block.Add($line) } else { $remarkLines.Add($line) }
    }
    [pscustomobject]@{
        Title   = $Title
        Code    = ($code -join "`n`n")
        Remarks = @(ConvertTo-Paragraph $remarkLines)
    }
}

# INPUTS/OUTPUTS: "### TypeName" + description, or (platyPS-less pages) a first paragraph naming the type.
function ConvertTo-TypeEntry($Subsections, [string[]]$Untitled) {
    $Subsections = @($Subsections | Where-Object { $null -ne $_ })
    $Untitled = @($Untitled | Where-Object { $_ })
    foreach ($s in $Subsections) {
        [pscustomobject]@{ Type = $s.Title; Description = @(ConvertTo-Paragraph $s.Lines) }
    }
    if ($Subsections.Count -eq 0 -and $Untitled.Count -gt 0) {
        [pscustomobject]@{ Type = $Untitled[0]; Description = @($Untitled | Select-Object -Skip 1) }
    }
}

# RELATED LINKS: "- [text](uri)" or plain text lines; only absolute URIs become links Get-Help -Online can open.
function ConvertTo-Link([string[]]$Paragraphs) {
    foreach ($line in ($Paragraphs -split "`n")) {
        $text = $line.Trim() -replace '^[-*+]\s+', ''
        if ($text -eq '') { continue }
        if ($text -match '^\[(?<text>[^\]]+)\]\((?<uri>[^)]*)\)$') {
            $linkText = $Matches.text
            $uri = $Matches.uri
            [pscustomobject]@{ Text = $linkText; Uri = ($uri -match '^[a-z]+://' ? $uri : '') }
        }
        else {
            [pscustomobject]@{ Text = $text; Uri = '' }
        }
    }
}

#endregion

#region Command metadata

function Get-TypeDisplayName([type]$Type) {
    if ($Type.IsArray) { return (Get-TypeDisplayName $Type.GetElementType()) + '[]' }
    $underlying = [Nullable]::GetUnderlyingType($Type)
    if ($underlying) { return (Get-TypeDisplayName $underlying) }
    if ($Type.IsGenericType) {
        $arguments = ($Type.GetGenericArguments() | ForEach-Object { Get-TypeDisplayName $_ }) -join ', '
        return ($Type.Name -replace '`\d+$', '') + "[$arguments]"
    }
    $Type.Name
}

function Get-TypeFullName([type]$Type) {
    $underlying = [Nullable]::GetUnderlyingType($Type)
    if ($underlying) { return $underlying.FullName }
    if ($Type.IsGenericType) { return (Get-TypeDisplayName $Type) }
    $Type.FullName
}

function Get-PipelineInputText($Parameters) {
    $kinds = @()
    if (@($Parameters).Where({ $_.ValueFromPipelineByPropertyName }).Count) { $kinds += 'ByPropertyName' }
    if (@($Parameters).Where({ $_.ValueFromPipeline }).Count) { $kinds += 'ByValue' }
    if ($kinds) { "True ($($kinds -join ', '))" } else { 'False' }
}

function Test-SupportsWildcard($Parameter) {
    @($Parameter.Attributes).Where({ $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count -gt 0
}

#endregion

#region MAML

$Ns = [ordered]@{
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
}

# XmlWriter escapes every text and attribute value, so page text can hold <, & and quotes.
function Write-Element([System.Xml.XmlWriter]$W, [string]$Prefix, [string]$Name, [string]$Text) {
    $W.WriteElementString($Prefix, $Name, $Ns[$Prefix], $Text)
}

function Write-Paragraph([System.Xml.XmlWriter]$W, [string]$Prefix, [string]$Name, [string[]]$Paragraphs) {
    $W.WriteStartElement($Prefix, $Name, $Ns[$Prefix])
    foreach ($p in $Paragraphs) { Write-Element $W 'maml' 'para' $p }
    $W.WriteEndElement()
}

function Write-ParameterValue([System.Xml.XmlWriter]$W, [type]$Type, [bool]$Mandatory) {
    if ($Type -eq [System.Management.Automation.SwitchParameter]) { return }
    $W.WriteStartElement('command', 'parameterValue', $Ns.command)
    $W.WriteAttributeString('required', $Mandatory.ToString().ToLowerInvariant())
    $W.WriteAttributeString('variableLength', $Type.IsArray.ToString().ToLowerInvariant())
    $W.WriteString((Get-TypeDisplayName $Type))
    $W.WriteEndElement()
}

# One <command:parameter>. $Infos are the CommandParameterInfo objects of this parameter in the
# parameter sets considered (one for syntax, all sets for the PARAMETERS list).
function Write-Parameter([System.Xml.XmlWriter]$W, $Infos, [string[]]$Description, [switch]$Full) {
    $first = $Infos[0]
    $mandatory = $Infos.Where({ -not $_.IsMandatory }).Count -eq 0
    $positions = $Infos.Where({ $_.Position -ge 0 }).ForEach('Position')
    $position = $positions.Count ? [string]($positions | Measure-Object -Minimum).Minimum : 'named'
    $W.WriteStartElement('command', 'parameter', $Ns.command)
    $W.WriteAttributeString('required', $mandatory.ToString().ToLowerInvariant())
    $W.WriteAttributeString('variableLength', [string]($first.ParameterType.IsArray).ToString().ToLowerInvariant())
    $W.WriteAttributeString('globbing', (Test-SupportsWildcard $first).ToString().ToLowerInvariant())
    $W.WriteAttributeString('pipelineInput', (Get-PipelineInputText $Infos))
    $W.WriteAttributeString('position', $position)
    $W.WriteAttributeString('aliases', ($first.Aliases.Count ? ($first.Aliases -join ', ') : 'none'))
    Write-Element $W 'maml' 'name' $first.Name
    Write-Paragraph $W 'maml' 'description' $Description
    Write-ParameterValue $W $first.ParameterType $mandatory
    if ($Full) {
        $W.WriteStartElement('dev', 'type', $Ns.dev)
        Write-Element $W 'maml' 'name' (Get-TypeFullName $first.ParameterType)
        Write-Element $W 'maml' 'uri' ''
        $W.WriteEndElement()
        Write-Element $W 'dev' 'defaultValue' 'None'
    }
    $W.WriteEndElement()
}

function Write-TypeList([System.Xml.XmlWriter]$W, [string]$ListName, [string]$ItemName, $Entries) {
    $W.WriteStartElement('command', $ListName, $Ns.command)
    foreach ($entry in $Entries) {
        $W.WriteStartElement('command', $ItemName, $Ns.command)
        $W.WriteStartElement('dev', 'type', $Ns.dev)
        Write-Element $W 'maml' 'name' $entry.Type
        $W.WriteEndElement()
        Write-Paragraph $W 'maml' 'description' $entry.Description
        $W.WriteEndElement()
    }
    $W.WriteEndElement()
}

# Parameters of one set in the order Get-Help's own syntax uses: positional first, then mandatory.
function Get-SyntaxParameter($ParameterSet) {
    $documented = @($ParameterSet.Parameters).Where({ $_.Name -notin $CommonParameterNames })
    @($documented.Where({ $_.Position -ge 0 }) | Sort-Object Position) +
    @($documented.Where({ $_.Position -lt 0 -and $_.IsMandatory })) +
    @($documented.Where({ $_.Position -lt 0 -and -not $_.IsMandatory }))
}

function Write-Command([System.Xml.XmlWriter]$W, [System.Management.Automation.CmdletInfo]$Command, $Page) {
    $W.WriteStartElement('command', 'command', $Ns.command)

    $W.WriteStartElement('command', 'details', $Ns.command)
    Write-Element $W 'command' 'name' $Command.Name
    Write-Element $W 'command' 'verb' $Command.Verb
    Write-Element $W 'command' 'noun' $Command.Noun
    Write-Paragraph $W 'maml' 'description' @($Page.Synopsis)
    $W.WriteEndElement()

    Write-Paragraph $W 'maml' 'description' $Page.Description

    $W.WriteStartElement('command', 'syntax', $Ns.command)
    foreach ($set in ($Command.ParameterSets | Sort-Object { -not $_.IsDefault })) {
        $W.WriteStartElement('command', 'syntaxItem', $Ns.command)
        Write-Element $W 'maml' 'name' $Command.Name
        foreach ($p in (Get-SyntaxParameter $set)) {
            Write-Parameter $W @($p) (Get-ParameterText $Page $p.Name)
        }
        $W.WriteEndElement()
    }
    $W.WriteEndElement()

    $W.WriteStartElement('command', 'parameters', $Ns.command)
    foreach ($name in (Get-DocumentedParameterName $Command)) {
        $infos = @(foreach ($set in $Command.ParameterSets) { $set.Parameters.Where({ $_.Name -eq $name }) })
        Write-Parameter $W $infos (Get-ParameterText $Page $name) -Full
    }
    $W.WriteEndElement()

    Write-TypeList $W 'inputTypes' 'inputType' $Page.Inputs
    Write-TypeList $W 'returnValues' 'returnValue' $Page.Outputs

    if ($Page.Notes) {
        $W.WriteStartElement('maml', 'alertSet', $Ns.maml)
        $W.WriteStartElement('maml', 'alert', $Ns.maml)
        foreach ($p in $Page.Notes) { Write-Element $W 'maml' 'para' $p }
        $W.WriteEndElement()
        $W.WriteEndElement()
    }

    $W.WriteStartElement('command', 'examples', $Ns.command)
    $number = 0
    foreach ($example in $Page.Examples) {
        $number++
        $title = $example.Title -match '^Example\s+\d+' ? $example.Title : "Example ${number}: $($example.Title)"
        $W.WriteStartElement('command', 'example', $Ns.command)
        Write-Element $W 'maml' 'title' "-------------------------- $title --------------------------"
        Write-Element $W 'dev' 'code' $example.Code
        # The empty paragraph puts a blank line between one example's remarks and the next title.
        Write-Paragraph $W 'dev' 'remarks' (@($example.Remarks) + '')
        $W.WriteEndElement()
    }
    $W.WriteEndElement()

    $W.WriteStartElement('command', 'relatedLinks', $Ns.command)
    foreach ($link in $Page.Links) {
        $W.WriteStartElement('maml', 'navigationLink', $Ns.maml)
        Write-Element $W 'maml' 'linkText' $link.Text
        Write-Element $W 'maml' 'uri' $link.Uri
        $W.WriteEndElement()
    }
    $W.WriteEndElement()

    $W.WriteEndElement()
}

#endregion

# Every parameter a reader must be told about, in declaration order, common ones left out.
function Get-DocumentedParameterName([System.Management.Automation.CmdletInfo]$Command) {
    foreach ($name in $Command.Parameters.Keys) { if ($name -notin $CommonParameterNames) { $name } }
}

function Get-ParameterText($Page, [string]$Name) {
    if ($Page.Parameters.Contains($Name) -and @($Page.Parameters[$Name]).Count) { return @($Page.Parameters[$Name]) }
    if ($StandardParameterText.ContainsKey($Name)) { return @($StandardParameterText[$Name]) }
    @()
}

# Everything that makes a page unusable, as "file: problem" lines.
function Test-CommandPage([System.Management.Automation.CmdletInfo]$Command, $Page) {
    $file = [System.IO.Path]::GetFileName($Page.Path)
    if ($Page.Name -ne $Command.Name) {
        "${file}: the title must be '# $($Command.Name)' (found '# $($Page.Name)')"
    }
    if ([string]::IsNullOrWhiteSpace($Page.Synopsis)) { "${file}: ## SYNOPSIS is missing or empty" }
    if (@($Page.Examples | Where-Object { $_.Code.Trim() }).Count -eq 0) {
        "${file}: ## EXAMPLES needs at least one '### Example 1: ...' with a ``````powershell block"
    }
    foreach ($name in (Get-DocumentedParameterName $Command)) {
        if (@(Get-ParameterText $Page $name).Count -eq 0) {
            "${file}: parameter -$name has no description (add '### -$name' under ## PARAMETERS)"
        }
    }
}

function Main {
    # A relative path without ./ would be taken for a module name.
    $module = Import-Module -Name (Resolve-Path -LiteralPath $ModulePath).ProviderPath -Force -PassThru
    $commands = @(Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name)
    if ($commands.Count -eq 0) {
        # A tree without cmdlets yet (the build plumbing lands before them) still builds; its tests say what is missing.
        Write-Warning "The module at '$ModulePath' exports no cmdlets: the help file will be empty."
    }

    $pages = @{}
    foreach ($file in (Get-ChildItem -LiteralPath $DocsPath -Filter '*.md' -File -ErrorAction Ignore)) {
        if ($file.Name -eq 'README.md') { continue }
        $pages[$file.BaseName] = Read-CommandPage $file.FullName
    }

    $problems = [System.Collections.Generic.List[string]]::new()
    foreach ($command in $commands) {
        if (-not $pages.ContainsKey($command.Name)) {
            $problems.Add("$($command.Name).md: missing: every exported cmdlet needs a page in $DocsPath")
            continue
        }
        foreach ($problem in (Test-CommandPage $command $pages[$command.Name])) { $problems.Add($problem) }
        foreach ($name in $pages[$command.Name].Parameters.Keys) {
            if (-not $command.Parameters.ContainsKey($name)) {
                Write-Warning "$($command.Name).md documents -$name, which the cmdlet does not have."
            }
        }
    }
    foreach ($name in ($pages.Keys | Sort-Object)) {
        if ($name -notin $commands.Name) {
            Write-Warning "$name.md: no exported cmdlet of that name; page skipped."
        }
    }
    if ($problems.Count) {
        throw ("Help is incomplete ({0} problem(s); page format: docs/cmdlets/README.md):`n  {1}" -f
            $problems.Count, ($problems -join "`n  "))
    }

    $null = New-Item -ItemType Directory -Force -Path ([System.IO.Path]::GetDirectoryName($OutputPath))
    $settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
    $writer = [System.Xml.XmlWriter]::Create($OutputPath, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', 'http://msh')
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($prefix in $Ns.Keys) { $writer.WriteAttributeString('xmlns', $prefix, $null, $Ns[$prefix]) }
        foreach ($command in $commands) { Write-Command $writer $command $pages[$command.Name] }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally {
        $writer.Dispose()
    }
    [Console]::Out.WriteLine("[help] $($commands.Count) cmdlet(s) -> $OutputPath")
}

try {
    Main
}
catch {
    # One readable message and a non-zero exit for build.ps1, instead of a stack of script positions.
    [Console]::Error.WriteLine("Build-Help: $($_.Exception.Message)")
    exit 1
}
