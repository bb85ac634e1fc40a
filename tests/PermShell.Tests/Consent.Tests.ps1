# Consent: every question PermShell puts before a change behaves in a session that cannot ask (issue 9, items 2 and 5).
# cron, systemd and most CI runners start pwsh with standard input that is not a console, often without
# -NonInteractive; there the console host answered a prompt from standard input: at end of input with a
# NullReferenceException, otherwise with whatever line came next. A question PermShell cannot put is a refusal:
# a PermShell error, and nothing changed. Each case runs in a real child process with its standard input redirected.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule

    # bob and alice with grants and memberships, a backup of that, and a manifest that lacks bob (Sync removes him).
    $script:fixture = New-SampleStore
    'bob', 'alice' | New-PermUser -Store $fixture | Out-Null
    $null = New-PermGroup -Store $fixture -Name developer
    Grant-Permission -Store $fixture -Subject bob -Name WIKI_VIEW, TICKET_VIEW, developer
    Grant-Permission -Store $fixture -Subject alice, developer -Name TICKET_ADMIN
    $script:backup = Join-Path (New-TestFolder) 'backup.db'
    $null = Backup-PermissionStore -Store $fixture -Destination $backup
    $withoutBob = Copy-TestStore -From $fixture
    Remove-PermUser -Store $withoutBob -Name bob -Confirm:$false
    $script:manifest = Join-Path (New-TestFolder) 'without-bob.yaml'
    Export-PermissionManifest -Store $withoutBob -Path $manifest

    $script:answers = Join-Path (New-TestFolder) 'answers.txt'
    Set-Content -LiteralPath $answers -Value (@('y') * 50)

    # Every PermShell question a runbook can meet: the ConfirmImpact High removals, the '*' revokes, Sync's
    # removals, and ShouldProcess prompts asked for by -Confirm or $ConfirmPreference. The child prints
    # "<case>=<error id>" for the first error of each (or "none").
    $script:everyQuestion = @'
function Get-Outcome([scriptblock] $Command) {
    try { $null = & $Command 3>$null 6>$null; 'none' } catch { ($_.FullyQualifiedErrorId -split ',')[0] }
}
"Remove-PermUser=$(Get-Outcome { Remove-PermUser -Store $s -Name bob })"
"Remove-PermGroup=$(Get-Outcome { Remove-PermGroup -Store $s -Name developer })"
"Remove-PermissionDefinition=$(Get-Outcome { Remove-PermissionDefinition -Store $s -Name WIKI_VIEW })"
"Restore-PermissionStore=$(Get-Outcome { Restore-PermissionStore -Store $s -Path $backup })"
"Revoke-Permission * *=$(Get-Outcome { Revoke-Permission -Store $s -Subject '*' -Name '*' })"
"Revoke-Permission * name=$(Get-Outcome { Revoke-Permission -Store $s -Subject '*' -Name TICKET_ADMIN })"
"Revoke-Permission subject *=$(Get-Outcome { Revoke-Permission -Store $s -Subject bob -Name '*' })"
"Import-PermissionManifest -Mode Sync=$(Get-Outcome { Import-PermissionManifest -Store $s -Path $manifest -Mode Sync })"
"Import-PermissionManifest -Confirm=$(Get-Outcome { Import-PermissionManifest -Store $s -Path $manifest -Mode Sync -Force -Confirm })"
"Grant-Permission -Confirm=$(Get-Outcome { Grant-Permission -Store $s -Subject alice -Name WIKI_VIEW -Confirm })"
"New-PermissionStore -Force=$(Get-Outcome { $ConfirmPreference = 'Medium'; New-PermissionStore -Path $s -Force })"
'@

    $script:expected = @(
        'Remove-PermUser=PermShell.Action.NotConfirmed'
        'Remove-PermGroup=PermShell.Action.NotConfirmed'
        'Remove-PermissionDefinition=PermShell.Action.NotConfirmed'
        'Restore-PermissionStore=PermShell.Action.NotConfirmed'
        'Revoke-Permission * *=PermShell.Revoke.NotConfirmed'
        'Revoke-Permission * name=PermShell.Revoke.NotConfirmed'
        'Revoke-Permission subject *=PermShell.Revoke.NotConfirmed'
        'Import-PermissionManifest -Mode Sync=PermShell.Manifest.RemovalNotConfirmed'
        'Import-PermissionManifest -Confirm=PermShell.Action.NotConfirmed'
        'Grant-Permission -Confirm=PermShell.Action.NotConfirmed'
        'New-PermissionStore -Force=PermShell.Action.NotConfirmed'
    )

    # Runs $Script in a child pwsh whose standard input is $StandardInput, with $s, $backup and $manifest set.
    function Invoke-WithoutConsole([string] $Store, [string] $Script, [string] $StandardInput = '/dev/null', [bool] $NonInteractive = $false) {
        $vars = "`$s = '$Store'; `$backup = '$backup'; `$manifest = '$manifest'; "
        Invoke-ChildPwsh -Script ($vars + $Script) -StandardInput $StandardInput -NonInteractive $NonInteractive
    }
}

AfterAll {
    Remove-TestRoot
}

Describe 'A question PermShell cannot put is answered No, with a PermShell error' {
    It 'every question is refused, and nothing changes: <Session>' -ForEach @(
        @{ Session = 'standard input /dev/null, without -NonInteractive (cron, systemd, CI)'; YLines = $false; NonInteractive = $false }
        @{ Session = 'standard input /dev/null, with -NonInteractive'; YLines = $false; NonInteractive = $true }
        @{ Session = 'standard input of "y" lines, which are not taken as answers'; YLines = $true; NonInteractive = $false }
    ) {
        $s = Copy-TestStore -From $fixture
        $before = Get-StoreContent -Store $s
        $stdin = if ($YLines) { $answers } else { '/dev/null' }

        $outcome = Invoke-WithoutConsole -Store $s -Script $everyQuestion -StandardInput $stdin -NonInteractive $NonInteractive

        $outcome | Should -BeExactly $expected
        Get-StoreContent -Store $s | Should -BeExactly $before
    }

    It 'the refusal names what needed consent and how to give it' {
        $s = Copy-TestStore -From $fixture

        $messages = Invoke-WithoutConsole -Store $s -Script @'
Remove-PermUser -Store $s -Name bob -ErrorAction SilentlyContinue -ErrorVariable e1
Revoke-Permission -Store $s -Subject '*' -Name '*' -ErrorAction SilentlyContinue -ErrorVariable e2
foreach ($e in $e1, $e2) { "$($e[0].CategoryInfo.Category)|$($e[0].TargetObject)|$($e[0].Exception.Message)" }
'@

        $messages[0] | Should -BeExactly ('InvalidOperation|bob|The operation "Remove user with their grants and memberships" on target "bob" needs confirmation, ' +
            'and this session cannot ask for it. Nothing was done to "bob". Add -Confirm:$false to do it without asking.')
        $messages[1] | Should -BeExactly ('InvalidOperation|*|Revoke everything from every subject: 1 membership and 4 grants, and this session cannot ask for confirmation. ' +
            'Nothing was revoked. Add -Force (or -Confirm:$false) to revoke without asking.')
    }

    It 'a refused revoke is non-terminating: the rest of the script runs' {
        $s = Copy-TestStore -From $fixture

        $outcome = Invoke-WithoutConsole -Store $s -Script @'
$ErrorActionPreference = 'Continue'
Revoke-Permission -Store $s -Subject '*' -Name '*' 2>$null
'after the revoke'
'@

        $outcome | Should -BeExactly 'after the revoke'
    }
}

Describe 'Consent given on the command line' {
    It "<Consent> lets a '*' revoke through in a session that cannot ask" -ForEach @(
        @{ Consent = '-Force' }
        @{ Consent = '-Confirm:$false' }
    ) {
        $s = Copy-TestStore -From $fixture

        $outcome = Invoke-WithoutConsole -Store $s -Script "Revoke-Permission -Store `$s -Subject '*' -Name '*' $Consent 3>`$null; 'revoked'"

        $outcome | Should -BeExactly 'revoked'
        Get-Permission -Store $s | Should -BeNullOrEmpty
        (Get-PermissionStore -Store $s).Memberships | Should -Be 0
    }

    It '-Confirm:$false lets a ConfirmImpact High removal through, -Force lets Sync''s removals through' {
        $s = Copy-TestStore -From $fixture

        $outcome = Invoke-WithoutConsole -Store $s -Script @'
Remove-PermGroup -Store $s -Name developer -Confirm:$false
'groups: ' + ((Get-PermGroup -Store $s).Name -join ',')
Import-PermissionManifest -Store $s -Path $manifest -Mode Sync -Force 6>$null
'users: ' + ((Get-PermUser -Store $s).Name -join ',')
'@

        $outcome | Should -BeExactly 'groups: ', 'users: alice'
    }

    It '-WhatIf asks nothing and lists the changes' {
        $s = Copy-TestStore -From $fixture
        $before = Get-StoreContent -Store $s

        $outcome = Invoke-WithoutConsole -Store $s -Script @'
Revoke-Permission -Store $s -Subject bob -Name '*' -WhatIf
Remove-PermUser -Store $s -Name bob -WhatIf
'@

        $outcome | Should -BeExactly @(
            'What if: Performing the operation "Revoke TICKET_VIEW" on target "bob".'
            'What if: Performing the operation "Revoke WIKI_VIEW" on target "bob".'
            'What if: Performing the operation "Remove from group developer" on target "bob".'
            'What if: Performing the operation "Remove user with their grants and memberships" on target "bob".'
        )
        Get-StoreContent -Store $s | Should -BeExactly $before
    }
}

Describe 'At a console, a mass removal asks one question, and its default is No' {
    BeforeAll {
        # Runs PermShell commands in a child pwsh on a pseudo-terminal; $Answer is typed at each prompt.
        function Invoke-AtTerminal([string] $Store, [string] $Answer, [string] $Script) {
            $exe = Join-Path $PSHOME 'pwsh'
            $driver = Join-Path $PSScriptRoot 'Children/AnswerAtTerminal.py'
            $command = "Import-Module '$PermShellModulePath'; `$s = '$Store'; `$manifest = '$manifest'; $Script"
            $output = & python3 $driver $Answer $exe -NoProfile -Command $command
            # Drop the terminal's colour and cursor sequences; keep the words.
            ($output | ForEach-Object { $_ -replace '\x1b\[[0-9;?]*[A-Za-z=]', '' -replace '\x1b[=>]', '' }) -join "`n"
        }
    }

    It 'Enter (the default, No) changes nothing; the one question names how much would go: <Command>' -ForEach @(
        @{ Command = "Revoke-Permission -Store `$s -Subject '*' -Name '*'"; Question = 'Revoke everything from every subject: 1 membership and 4 grants. Continue?' }
        @{ Command = "Import-PermissionManifest -Store `$s -Path `$manifest -Mode Sync"; Question = 'Sync removes 1 user, 1 membership and 2 grants that the manifest lacks.' }
    ) {
        $s = Copy-TestStore -From $fixture
        $before = Get-StoreContent -Store $s

        $text = Invoke-AtTerminal -Store $s -Answer '\r' -Script $Command

        $text | Should -Match ([regex]::Escape($Question))
        $text | Should -Match ([regex]::Escape('(default is "N")'))
        Get-StoreContent -Store $s | Should -BeExactly $before
    }

    It 'Yes revokes everything after that one question' {
        $s = Copy-TestStore -From $fixture

        $text = Invoke-AtTerminal -Store $s -Answer 'y\r' -Script "Revoke-Permission -Store `$s -Subject '*' -Name '*'"

        ([regex]::Matches($text, 'Confirm mass revoke')).Count | Should -Be 1
        Get-Permission -Store $s | Should -BeNullOrEmpty
        (Get-PermissionStore -Store $s).Memberships | Should -Be 0
    }
}
