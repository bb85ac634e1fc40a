# Export-PermissionGraph: the routes around a subject or a permission as Mermaid or Graphviz DOT.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule

    $script:s = New-SampleStore
    'bob', 'carol' | New-PermUser -Store $s | Out-Null
    'developer', 'staff' | New-PermGroup -Store $s | Out-Null
    Add-PermGroupMember -Store $s -Group developer -Member bob
    Add-PermGroupMember -Store $s -Group staff -Member developer
    Grant-Permission -Store $s -Subject staff -Name TICKET_ADMIN
}

AfterAll {
    Remove-TestRoot
}

Describe 'Export-PermissionGraph' {
    It 'writes a Mermaid flowchart of a subject''s routes by default' {
        $text = Export-PermissionGraph -Store $s -Subject bob

        $text | Should -BeOfType [string]
        $text | Should -Match '^flowchart LR'
        $text | Should -Match 'n0\(\["bob"\]\):::user'
        $text | Should -Match '\[\["staff"\]\]:::group'
        $text | Should -Match '-->\|implies\|'
    }

    It 'writes Graphviz DOT with -Format Dot, for a permission with -Name' {
        $text = Export-PermissionGraph -Store $s -Name TICKET_VIEW -Format Dot

        $text | Should -Match '^digraph permissions \{'
        $text | Should -Match 'label="TICKET_VIEW", shape=box, fillcolor="#dafbe1", penwidth=3'
        $text | Should -Match 'label="bob", shape=ellipse'
        $text | Should -Match '\[label="member of"\]'
    }

    It '-Format takes its values in any case and refuses others by the ValidateSet' {
        Export-PermissionGraph -Store $s -Subject bob -Format dot | Should -BeExactly (Export-PermissionGraph -Store $s -Subject bob -Format Dot)
        Export-PermissionGraph -Store $s -Subject bob -Format MERMAID | Should -BeExactly (Export-PermissionGraph -Store $s -Subject bob)

        { Export-PermissionGraph -Store $s -Subject bob -Format Svg } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PermShell.Commands.ExportPermissionGraphCommand'
    }

    It 'takes subjects from the pipeline by property name' {
        $graphs = Get-PermUser -Store $s | Export-PermissionGraph -Store $s

        @($graphs).Count | Should -Be 2
    }

    It 'writes a file with -Path and returns it; -WhatIf writes nothing' {
        $folder = New-TestFolder
        $file = Join-Path $folder 'bob.dot'

        Export-PermissionGraph -Store $s -Subject bob -Format Dot -Path $file -WhatIf
        $file | Should -Not -Exist

        $item = Export-PermissionGraph -Store $s -Subject bob -Format Dot -Path $file
        $item.FullName | Should -BeExactly $file
        Get-Content -LiteralPath $file -Raw | Should -BeExactly (Export-PermissionGraph -Store $s -Subject bob -Format Dot)
    }

    It 'reports unknown names: <Id>' -TestCases @(
        @{ Id = 'PermShell.Subject.NotFound'; Arguments = @{ Subject = 'nobody' } }
        @{ Id = 'PermShell.Permission.NotFound'; Arguments = @{ Name = 'TICKET_VEIW' } }
    ) {
        Export-PermissionGraph -Store $s @Arguments -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

        Assert-PermError $err[0] $Id -Category ObjectNotFound
    }
}
