# Get-PermissionLog and Test-PermissionLog (SPEC §4): what cmdlets and manifests log, the filters, and tampering with
# the store file caught by the cmdlet (the core tests try every kind of tampering; here the cmdlet's error is checked).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule

    # Edits the store file behind PermShell's back, as anyone with write access could.
    function Invoke-Tamper([string] $Store, [string] $Sql) {
        Invoke-Python -Arguments $Store, $Sql -Script @'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.executescript("DROP TRIGGER IF EXISTS change_log_no_update; DROP TRIGGER IF EXISTS change_log_no_delete; " + sys.argv[2])
c.commit()
c.close()
'@
    }
}

AfterAll {
    Remove-TestRoot
}

Describe 'Get-PermissionLog' {
    BeforeAll {
        $script:store = New-SampleStore
        $null = New-PermUser -Store $store -Name bob
        $null = New-PermGroup -Store $store -Name dev
        Grant-Permission -Store $store -Subject bob -Name WIKI_VIEW, dev
        Set-PermUser -Store $store -Name bob -IsSuperuser $true
        New-PermUser -Store $store -Name carol | Grant-Permission -Store $store -Name TICKET_VIEW
        Revoke-Permission -Store $store -Subject bob -Name WIKI_VIEW
        $script:folder = Split-Path $store
        $script:manifest = Join-Path $folder 'm.yaml'
        Set-Content -LiteralPath $manifest -Value "version: 1`nusers:`n  - name: erin`n    grants: [WIKI_VIEW]"
        Import-PermissionManifest -Store $store -Path $manifest 6>$null
        $script:log = @(Get-PermissionLog -Store $store)
    }

    It 'filters by action and actor with wildcards, and ends a window with -Until' {
        $grants = @(Get-PermissionLog -Store $store -Action '* Grant')
        $grants.Count | Should -Be @($log | Where-Object Action -like '* Grant').Count
        @($grants.Action | Sort-Object -Unique) | Should -Be 'Add Grant', 'Remove Grant'
        @(Get-PermissionLog -Store $store -Action 'Add Member', 'Update User').Action | Should -Be 'Add Member', 'Update User'

        @(Get-PermissionLog -Store $store -Actor $log[0].Actor).Count | Should -Be $log.Count
        @(Get-PermissionLog -Store $store -Actor 'nobody-*') | Should -BeNullOrEmpty

        $cut = $log[5].Time
        $before = @(Get-PermissionLog -Store $store -Until $cut)
        $before | ForEach-Object { $_.Time | Should -BeLessThan $cut }
        $before.Count | Should -Be @($log | Where-Object { $_.Time -lt $cut }).Count
        @(Get-PermissionLog -Store $store -Subject bob -Action 'Update User').Target | Should -Be 'IsSuperuser: False -> True'
    }

    It 'returns PermShell.LogEntry objects oldest first, ids 1, 2, 3, ...' {
        $log[0].PSTypeNames | Should -Contain 'PermShell.LogEntry'
        foreach ($p in 'Id', 'Time', 'Actor', 'Action', 'Subject', 'Target', 'Source', 'Hash') { $log[0].PSObject.Properties.Name | Should -Contain $p }
        @($log.Id) | Should -Be @(1..$log.Count)
    }

    It 'records every change of every cmdlet with its action, subject, target and source' {
        $lines = @($log | Select-Object -Skip 4 | ForEach-Object { "$($_.Action)|$($_.Subject)|$($_.Target)|$($_.Source)" })
        $lines | Should -Be @(
            "Add User|bob|DisplayName=''; Email=''; IsActive=True; IsSuperuser=False|New-PermUser"
            "Add Group|dev|Description=''|New-PermGroup"
            'Add Grant|bob|WIKI_VIEW|Grant-Permission'
            'Add Member|dev|bob|Grant-Permission'
            'Update User|bob|IsSuperuser: False -> True|Set-PermUser'
            "Add User|carol|DisplayName=''; Email=''; IsActive=True; IsSuperuser=False|New-PermUser"
            'Add Grant|carol|TICKET_VIEW|Grant-Permission'
            'Remove Grant|bob|WIKI_VIEW|Revoke-Permission'
            "Add User|erin|DisplayName=''; Email=''; IsActive=True; IsSuperuser=False|manifest $manifest sha256:$((Get-FileHash -LiteralPath $manifest).Hash.ToLowerInvariant())"
            "Add Grant|erin|WIKI_VIEW|manifest $manifest sha256:$((Get-FileHash -LiteralPath $manifest).Hash.ToLowerInvariant())"
        )
    }

    It 'records the OS user as actor and the time in UTC' {
        $log | ForEach-Object { $_.Actor | Should -BeExactly ([Environment]::UserName) }
        $log[-1].Time.Kind | Should -Be 'Utc'
        $log[-1].Time | Should -BeGreaterThan ([DateTime]::UtcNow.AddMinutes(-5))
    }

    It 'writes nothing for a change that was not made (-WhatIf, a failed call)' {
        Grant-Permission -Store $store -Subject bob -Name TICKET_VIEW -WhatIf
        Grant-Permission -Store $store -Subject bob -Name NOT_A_PERM, TICKET_VIEW -ErrorAction SilentlyContinue
        @(Get-PermissionLog -Store $store).Count | Should -Be $log.Count
    }

    It '-Subject matches subjects with wildcards, and the member of a membership' {
        @(Get-PermissionLog -Store $store -Subject bob | ForEach-Object { "$($_.Action) $($_.Subject)" }) |
            Should -Be 'Add User bob', 'Add Grant bob', 'Add Member dev', 'Update User bob', 'Remove Grant bob'
        @(Get-PermissionLog -Store $store -Subject 'c*').Subject | Sort-Object -Unique | Should -Be 'carol'
    }

    It '-Subject binds from a user object in the pipeline' {
        @(Get-PermUser -Store $store -Name carol | Get-PermissionLog -Store $store).Count | Should -Be 2
    }

    It '-Last gives the last entries, still oldest first; -Since filters by time' {
        @(Get-PermissionLog -Store $store -Last 3).Id | Should -Be @(($log.Count - 2)..$log.Count)
        @(Get-PermissionLog -Store $store -Since (Get-Date).AddMinutes(5)).Count | Should -Be 0
        @(Get-PermissionLog -Store $store -Since (Get-Date).AddMinutes(-5)).Count | Should -Be $log.Count
    }

    It 'has a table view and a Wide view' {
        $table = $log[0..1] | Format-Table | Out-String -Width 200
        $table | Should -Match 'Time \(UTC\)'
        $table | Should -Match 'Action'
        $wide = $log[0..1] | Format-Table -View Wide | Out-String -Width 400
        $wide | Should -Match 'Source'
        $wide | Should -Match 'Hash'
    }
}

Describe 'Test-PermissionLog' {
    BeforeAll {
        $script:clean = New-SampleStore
        foreach ($n in 'ann', 'ben', 'cid') { $null = New-PermUser -Store $clean -Name $n; Grant-Permission -Store $clean -Subject $n -Name WIKI_VIEW }
    }

    It 'returns $true for an intact log' {
        Test-PermissionLog -Store $clean | Should -BeTrue
    }

    It 'returns $false and PermShell.Log.<Damage> naming entry <Entry> when <What>' -TestCases @(
        @{ What = 'an entry was altered'; Sql = "UPDATE change_log SET target = 'TRAC_ADMIN' WHERE id = 6"; Damage = 'Altered'; Entry = 6 }
        @{ What = 'an entry was removed'; Sql = 'DELETE FROM change_log WHERE id = 5'; Damage = 'Removed'; Entry = 5 }
        @{ What = 'the last entries were removed'; Sql = 'DELETE FROM change_log WHERE id > 8'; Damage = 'Removed'; Entry = 9 }
        @{ What = 'two entries were swapped'; Sql = 'UPDATE change_log SET id = -7 WHERE id = 7; UPDATE change_log SET id = 7 WHERE id = 8; UPDATE change_log SET id = 8 WHERE id = -7'; Damage = 'Reordered'; Entry = 7 }
    ) {
        $store = Copy-TestStore -From $clean
        Invoke-Tamper $store $Sql

        $result = Test-PermissionLog -Store $store -ErrorVariable err -ErrorAction SilentlyContinue

        $result | Should -BeFalse
        Assert-PermError $err[0] "PermShell.Log.$Damage" -Category InvalidData -Target ([long]$Entry)
        $err[0].Exception.Message | Should -Match "#$Entry\b"
    }

    It 'returns $false and PermShell.Log.DataChanged naming the last entry when <What> in the SQLite file' -TestCases @(
        @{ What = 'a grant was deleted'; Sql = "DELETE FROM permission_grant WHERE subject = 'ben'" }
        @{ What = 'is_superuser was set'; Sql = "UPDATE subject SET is_superuser = 1 WHERE name = 'cid'" }
    ) {
        $store = Copy-TestStore -From $clean
        $last = (Get-PermissionLog -Store $store -Last 1).Id
        Invoke-Tamper $store $Sql

        $result = Test-PermissionLog -Store $store -ErrorVariable err -ErrorAction SilentlyContinue

        $result | Should -BeFalse
        Assert-PermError $err[0] 'PermShell.Log.DataChanged' -Category InvalidData -Target ([long]$last)
        $err[0].Exception.Message | Should -Match "after entry #$last\b"
    }

    It 'returns $false and PermShell.Log.DataChanged when every log entry and the recorded head were deleted' {
        $store = Copy-TestStore -From $clean
        Invoke-Tamper $store "DELETE FROM change_log; DELETE FROM meta WHERE key IN ('log_count', 'log_head')"

        $result = Test-PermissionLog -Store $store -ErrorVariable err -ErrorAction SilentlyContinue

        $result | Should -BeFalse
        Assert-PermError $err[0] 'PermShell.Log.DataChanged' -Category InvalidData -Target ([long]0)
        $err[0].Exception.Message | Should -Match 'the change log is empty'
    }
}
