# Tab completion of permission, user and group names from the store named on the command line
# (STYLE "Cmdlets": prefix match, quote names that need it, never throw, never create a store).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule

    $script:s = New-TestStore -FileName 'completion store.db'
    'WIKI_VIEW', 'WIKI_ADMIN', 'WIKI_CREATE', 'TICKET_VIEW', 'auth.view_user' | ForEach-Object { $null = New-PermissionDefinition -Store $s -Name $_ }
    'bob', 'bea', 'Bert', 'john doe', "o'brien", 'alice' | New-PermUser -Store $s | Out-Null
    'developer', 'devops', 'dev team' | New-PermGroup -Store $s | Out-Null

    # The store as it is written on a command line.
    $script:q = "'" + ($s -replace "'", "''") + "'"
}

AfterAll {
    Remove-TestRoot
}

Describe 'Tab completion' {
    It 'completes permission names by prefix, case-sensitively, sorted' {
        Get-CompletionText "Test-Permission -Store $q -Subject bob -Name WIKI_" | Should -BeExactly 'WIKI_ADMIN', 'WIKI_CREATE', 'WIKI_VIEW'
        Get-CompletionText "Get-PermissionDefinition -Store $q -Name T" | Should -BeExactly 'TICKET_VIEW'
        Get-CompletionText "Get-PermissionDefinition -Store $q -Name wiki" | Should -BeNullOrEmpty
    }

    It 'completes Django-style permission names without quotes' {
        Get-CompletionText "Get-PermissionDefinition -Store $q -Name auth" | Should -BeExactly 'auth.view_user'
    }

    It 'completes user names, quoting those that need it' {
        Get-CompletionText "Get-PermUser -Store $q -Name b" | Should -BeExactly 'bea', 'bob'
        Get-CompletionText "Get-PermUser -Store $q -Name B" | Should -BeExactly 'Bert'
        Get-CompletionText "Get-PermUser -Store $q -Name jo" | Should -BeExactly "'john doe'"
        Get-CompletionText "Set-PermUser -Store $q -Name o" | Should -BeExactly "'o''brien'"
    }

    It 'completes a name whose quote the user has already opened' {
        Get-CompletionText "Get-PermUser -Store $q -Name 'jo" | Should -BeExactly "'john doe'"
    }

    It 'completes group names and only group names for groups' {
        Get-CompletionText "Get-PermGroup -Store $q -Name dev" | Should -BeExactly "'dev team'", 'developer', 'devops'
        Get-CompletionText "Get-PermGroupMember -Store $q -Group d" | Should -BeExactly "'dev team'", 'developer', 'devops'
        Get-CompletionText "Remove-PermGroup -Store $q -Name b" | Should -BeNullOrEmpty
    }

    It 'completes users, groups and the virtual subjects for -Subject' {
        Get-CompletionText "Grant-Permission -Store $q -Subject a" | Should -BeExactly 'alice', 'anonymous', 'authenticated'
        Get-CompletionText "Get-Permission -Store $q -Subject dev" | Should -BeExactly "'dev team'", 'developer', 'devops'
    }

    It 'completes permissions and groups for Grant-Permission -Name (Trac''s group-as-permission)' {
        Get-CompletionText "Grant-Permission -Store $q -Subject bob -Name d" | Should -BeExactly "'dev team'", 'developer', 'devops'
    }

    It 'offers Revoke-Permission -Name what the subject holds directly: its grants and the groups it is directly in' {
        $c = Copy-TestStore -From $s
        Grant-Permission -Store $c -Subject bob -Name WIKI_VIEW, developer
        Grant-Permission -Store $c -Subject bea -Name TICKET_VIEW

        Get-CompletionText "Revoke-Permission -Store '$c' -Subject bob -Name " | Should -BeExactly 'WIKI_VIEW', 'developer'
        Get-CompletionText "Revoke-Permission -Store '$c' -Subject alice -Name " | Should -BeNullOrEmpty
        # No single subject yet: every permission and group, as for a grant.
        Get-CompletionText "Revoke-Permission -Store '$c' -Name WIKI_" | Should -BeExactly 'WIKI_ADMIN', 'WIKI_CREATE', 'WIKI_VIEW'
    }

    It 'offers Add-PermGroupMember -Member every subject but the group itself and its current members' {
        $c = Copy-TestStore -From $s
        Add-PermGroupMember -Store $c -Group developer -Member bob

        Get-CompletionText "Add-PermGroupMember -Store '$c' -Group developer -Member b" | Should -BeExactly 'bea'
        Get-CompletionText "Add-PermGroupMember -Store '$c' -Group developer -Member dev" | Should -BeExactly "'dev team'", 'devops'
    }

    It 'completes the catalog''s apps for -App' {
        Get-CompletionText "Get-PermissionAudit -Store $q -App w" | Should -BeExactly 'wiki'
        Get-CompletionText "Get-PermissionDefinition -Store $q -App " | Should -BeExactly 'auth', 'ticket', 'wiki'
    }

    It 'reads a store read-only: a store of another schema version is offered nothing and left byte for byte, never migrated' {
        $old = Copy-TestStore -From $s
        Invoke-Python -Script 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("PRAGMA wal_checkpoint(TRUNCATE)"); c.execute("PRAGMA user_version = 2"); c.commit(); c.close()' -Arguments $old
        $hash = (Get-FileHash -LiteralPath $old).Hash

        Get-CompletionText "Get-PermUser -Store '$old' -Name b" | Should -BeNullOrEmpty
        (Get-FileHash -LiteralPath $old).Hash | Should -Be $hash
    }

    It 'completes members of Add-PermGroupMember from users and groups' {
        Get-CompletionText "Add-PermGroupMember -Store $q -Group developer -Member al" | Should -BeExactly 'alice'
    }

    It 'offers everything for an empty word' {
        $all = Get-CompletionText "Get-PermUser -Store $q -Name "

        $all | Should -BeExactly 'Bert', 'alice', 'bea', 'bob', "'john doe'", "'o''brien'"
    }

    It 'offers nothing, creates nothing and does not throw for a store that does not exist' {
        $missing = Join-Path (New-TestFolder) 'missing.db'

        Get-CompletionText "Get-PermUser -Store '$missing' -Name b" | Should -BeNullOrEmpty
        Test-Path -LiteralPath $missing | Should -BeFalse
    }

    It 'offers nothing and leaves a file that is not a store byte for byte' {
        $text = Join-Path (New-TestFolder) 'notes.txt'
        Set-Content -LiteralPath $text -Value 'hello'
        $hash = (Get-FileHash -LiteralPath $text).Hash

        Get-CompletionText "Get-PermUser -Store '$text' -Name b" | Should -BeNullOrEmpty
        (Get-FileHash -LiteralPath $text).Hash | Should -Be $hash
    }

    It 'resolves a relative -Store against the PowerShell location' {
        Push-Location (Split-Path $s)
        try {
            Get-CompletionText "Get-PermUser -Store './completion store.db' -Name b" | Should -BeExactly 'bea', 'bob'
        }
        finally { Pop-Location }
    }
}
