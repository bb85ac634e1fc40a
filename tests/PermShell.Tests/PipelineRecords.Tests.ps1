# Each pipeline record binds on its own: a property that one record carries must not change what the next
# record, which lacks it, does (issue 9 item 1). PowerShell re-binds the parameters for every record and
# restores the others to their defaults, but MyInvocation.BoundParameters keeps the keys of earlier records,
# so "was -IsActive given" must never be read from it.

BeforeDiscovery {
    # Cmdlet, what the store holds first, two records (the second lacks properties the first has), and how to
    # show the output. Every optional parameter bound by property name is covered (see the last test).
    $script:cases = @(
        @{ Cmdlet = 'Set-PermUser'
            Setup = { param($s) $null = New-PermUser -Store $s -Name alice; $null = New-PermUser -Store $s -Name bob -DisplayName Bob -Email 'bob@x' -IsSuperuser $true }
            First = @{ Name = 'alice'; DisplayName = 'Alice'; Email = 'alice@x'; IsActive = $false; IsSuperuser = $true }
            Second = @{ Name = 'bob' } }
        @{ Cmdlet = 'New-PermUser'
            Setup = { param($s) }
            First = @{ Name = 'carol'; DisplayName = 'Carol'; Email = 'carol@x'; IsActive = $false; IsSuperuser = $true }
            Second = @{ Name = 'dan' } }
        @{ Cmdlet = 'Set-PermissionDefinition'
            Setup = { param($s) $null = New-PermissionDefinition -Store $s -Name X_TWO -App two -Model m2 -Description 'Second' -Implies WIKI_VIEW }
            First = @{ Name = 'WIKI_ADMIN'; App = 'wiki'; Model = 'page'; Description = 'Administer'; Implies = @() }
            Second = @{ Name = 'X_TWO' } }
        @{ Cmdlet = 'New-PermissionDefinition'
            Setup = { param($s) }
            First = @{ Name = 'X_ONE'; App = 'one'; Model = 'm1'; Description = 'First'; Implies = @('WIKI_VIEW') }
            Second = @{ Name = 'X_TWO' } }
        @{ Cmdlet = 'New-PermGroup'
            Setup = { param($s) }
            First = @{ Name = 'first'; Description = 'The first group' }
            Second = @{ Name = 'second' } }
        @{ Cmdlet = 'Get-PermissionDefinition'
            Setup = { param($s) }
            First = @{ Name = 'WIKI_VIEW'; App = 'nosuchapp' }
            Second = @{ Name = 'TICKET_VIEW' } }
        @{ Cmdlet = 'Set-PermissionPolicy'
            Setup = { param($s) Set-PermissionPolicy -Store $s -Resource 'a:*' -Rule '* ='; Set-PermissionPolicy -Store $s -Resource 'b:*' -Rule '* =' }
            First = @{ Resource = 'c:*'; Rule = @('anonymous = WIKI_VIEW'); Position = 1 }
            Second = @{ Resource = 'd:*'; Rule = @('* =') } }
        @{ Cmdlet = 'Test-Permission'
            Setup = { param($s) Grant-Permission -Store $s -Subject anonymous -Name WIKI_VIEW; Set-PermissionPolicy -Store $s -Resource 'wiki:*' -Rule 'anonymous = !WIKI_VIEW' }
            First = @{ Subject = 'anonymous'; Name = 'WIKI_VIEW'; Resource = 'wiki:Start' }
            Second = @{ Subject = 'anonymous'; Name = 'WIKI_VIEW' } }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule

    # Everything but the revision line: one pipeline commits once, two calls twice.
    function Get-Content-NoRevision([string]$Store) { @((Get-StoreContent -Store $Store) -split "`n" | Select-Object -Skip 1) }
    function Show-Output($Output) {
        foreach ($item in $Output) {
            if ($null -ne $item) { ($item.PSObject.Properties | ForEach-Object { "$($_.Name)=$($_.Value)" }) -join '|' }
        }
    }
}

AfterAll {
    Remove-TestRoot
}

Describe 'Each pipeline record binds on its own' {
    It '<Cmdlet>: a record does what it does alone, whatever the record before it carried' -TestCases $cases {
        $together = New-SampleStore
        & $Setup $together
        $outputTogether = [pscustomobject]$First, [pscustomobject]$Second | & $Cmdlet -Store $together

        $alone = New-SampleStore
        & $Setup $alone
        $outputAlone = @([pscustomobject]$First | & $Cmdlet -Store $alone) + @([pscustomobject]$Second | & $Cmdlet -Store $alone)

        Show-Output $outputTogether | Should -BeExactly (Show-Output $outputAlone)
        Get-Content-NoRevision $together | Should -BeExactly (Get-Content-NoRevision $alone)
    }

    It 'Set-PermUser leaves a second record''s active flag alone when only the first one set it' {
        $s = New-SampleStore
        $null = 'alice', 'bob' | New-PermUser -Store $s

        [pscustomobject]@{ Name = 'alice'; IsActive = $false }, [pscustomobject]@{ Name = 'bob'; Email = 'b@x' } | Set-PermUser -Store $s

        (Get-PermUser -Store $s -Name alice).IsActive | Should -BeFalse
        (Get-PermUser -Store $s -Name bob).IsActive | Should -BeTrue
        (Get-PermUser -Store $s -Name bob).Email | Should -Be 'b@x'
    }

    It 'every optional parameter bound only by property name, beside another pipeline parameter, has a case above' {
        $covered = @(foreach ($case in $cases) { foreach ($key in $case.First.Keys) { if (-not $case.Second.ContainsKey($key)) { "$($case.Cmdlet) -$key" } } })
        $uncovered = foreach ($command in Get-Command -Module PermShell -CommandType Cmdlet) {
            $piped = @($command.Parameters.Values | Where-Object {
                    $_.Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] -and ($_.ValueFromPipelineByPropertyName -or $_.ValueFromPipeline) }).Count -gt 0 })
            # With one pipeline parameter, a record that lacks it binds nothing: there is nothing to carry.
            if ($piped.Count -lt 2) { continue }
            foreach ($parameter in $piped) {
                $attributes = $parameter.Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] })
                # A parameter that also takes the record itself (ValueFromPipeline) is bound by every record.
                $optional = $attributes.Where({ $_.ValueFromPipelineByPropertyName -and -not $_.ValueFromPipeline -and -not $_.Mandatory }).Count -gt 0
                if ($optional -and "$($command.Name) -$($parameter.Name)" -notin $covered) { "$($command.Name) -$($parameter.Name)" }
            }
        }

        $uncovered | Should -BeNullOrEmpty
    }
}
