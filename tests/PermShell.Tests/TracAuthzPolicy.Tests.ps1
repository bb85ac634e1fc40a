# -Format TracAuthzPolicy: Trac's authz_policy.conf read and written so that it answers every question as Trac 1.6's
# AuthzPolicy followed by DefaultPermissionPolicy does. TracAuthzPolicy/answers.tsv holds Trac's own answers for
# TracAuthzPolicy/authz_policy.conf, made by running Trac 1.6 from source (TracAuthzPolicy/trac_answers.py), on a Trac
# environment with its default permissions plus the rows bob=release and release=REPORT_ADMIN; the store here has the
# same (PermShell's Trac template, a group release holding bob and granted REPORT_ADMIN).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule

    $Fixture = Join-Path $PSScriptRoot 'TracAuthzPolicy'
    $Answers = Get-Content -LiteralPath (Join-Path $Fixture 'answers.tsv') | ForEach-Object {
        $user, $action, $descriptor, $allowed = $_ -split "`t"
        [pscustomobject]@{ User = $user; Action = $action; Resource = $descriptor; Allowed = $allowed -eq 'True' }
    }

    # The users the questions name; release is a group of the permission table only (the file has its own release).
    function New-TracStore {
        $s = New-TestStore -Template Trac
        foreach ($name in 'alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'leads', 'devs') { $null = New-PermUser -Store $s -Name $name }
        $null = New-PermGroup -Store $s -Name release
        Add-PermGroupMember -Store $s -Group release -Member bob
        Grant-Permission -Store $s -Subject release -Name REPORT_ADMIN
        $s
    }

    function Get-Answer([string] $Store) {
        foreach ($q in $Answers) {
            $allowed = Test-Permission -Store $Store -Subject $q.User -Name $q.Action -Resource $q.Resource
            "$($q.User) $($q.Action) $($q.Resource) $allowed"
        }
    }

    $Expected = $Answers | ForEach-Object { "$($_.User) $($_.Action) $($_.Resource) $($_.Allowed)" }
}

AfterAll {
    Remove-TestRoot
}

Describe 'Import-PermissionManifest -Format TracAuthzPolicy' {
    It 'an imported file answers every question as Trac 1.6 does, [groups] and all' {
        $s = New-TracStore
        Import-PermissionManifest -Store $s -Path (Join-Path $Fixture 'authz_policy.conf') -Format TracAuthzPolicy -WarningVariable w -WarningAction SilentlyContinue

        Get-Answer $s | Should -BeExactly $Expected
        # The file's only warning: an entry for @nobody, a group its [groups] does not define (Trac ignores the entry).
        "$w" | Should -BeLike '*@nobody*[groups]*'
        (Get-PermissionPolicy -Store $s).Resource | Should -BeExactly 'groups', 'wiki:PrivatePage@*', 'ticket:*', '*/attachment:*', 'milestone:*'
    }

    It 'Sync replaces the policy and leaves users, groups and grants alone' {
        $s = New-TracStore
        Set-PermissionPolicy -Store $s -Resource 'report:*' -Rule '* ='
        $grants = Get-Permission -Store $s | ForEach-Object { "$($_.Subject) $($_.Permission)" }

        Import-PermissionManifest -Store $s -Path (Join-Path $Fixture 'authz_policy.conf') -Format TracAuthzPolicy -Mode Sync -Confirm:$false -WarningAction SilentlyContinue

        (Get-PermissionPolicy -Store $s).Resource | Should -Not -Contain 'report:*'
        Get-Permission -Store $s | ForEach-Object { "$($_.Subject) $($_.Permission)" } | Should -BeExactly $grants
        (Get-PermUser -Store $s).Name | Should -Contain 'frank'
        (Get-PermGroupMember -Store $s -Group release).Member | Should -BeExactly 'bob'
    }

    It 'a line Trac cannot parse is reported at file:line:column and nothing is written' {
        $s = New-TracStore
        $path = Join-Path (New-TestFolder) 'authz_policy.conf'
        Set-Content -LiteralPath $path -Value "[groups]`ndevs = alice`n[wiki:*]`n  bob WIKI_VIEW`n" -NoNewline -Encoding utf8NoBOM

        Import-PermissionManifest -Store $s -Path $path -Format TracAuthzPolicy -ErrorVariable problems -ErrorAction SilentlyContinue 6>$null

        $problems | Should -HaveCount 1
        Assert-PermError $problems[0] 'PermShell.Policy.InvalidEntry'
        "$($problems[0])" | Should -BeLike "${path}:4:3: 'bob WIKI_VIEW' is not an entry*"
        Get-PermissionPolicy -Store $s | Should -BeNullOrEmpty
    }

    It 'Test-PermissionManifest and Compare-PermissionManifest read the format too' {
        $s = New-TracStore
        $file = Join-Path $Fixture 'authz_policy.conf'
        Test-PermissionManifest -Path $file -Format TracAuthzPolicy -WarningAction SilentlyContinue | Should -BeTrue
        (Compare-PermissionManifest -Store $s -Path $file -Format TracAuthzPolicy -WarningAction SilentlyContinue | ForEach-Object { "$($_.Action) $($_.Subject)" }) |
            Should -BeExactly 'Add groups', 'Add wiki:PrivatePage@*', 'Add ticket:*', 'Add */attachment:*', 'Add milestone:*'
    }
}

Describe 'Export-PermissionManifest -Format TracAuthzPolicy' {
    It 'writes [groups] first and the sections in order, the file Trac answered with the same answers (exported.conf)' {
        $s = New-TracStore
        Import-PermissionManifest -Store $s -Path (Join-Path $Fixture 'authz_policy.conf') -Format TracAuthzPolicy -WarningAction SilentlyContinue
        $path = Join-Path (New-TestFolder) 'authz_policy.conf'

        Export-PermissionManifest -Store $s -Format TracAuthzPolicy -Path $path -WarningVariable w -WarningAction SilentlyContinue

        [IO.File]::ReadAllText($path) | Should -BeExactly ([IO.File]::ReadAllText((Join-Path $Fixture 'exported.conf')))
        "$w" | Should -BeLike '*holds only the policy*'
        $t = New-TracStore
        Import-PermissionManifest -Store $t -Path $path -Format TracAuthzPolicy -Mode Sync -Confirm:$false -WarningAction SilentlyContinue
        Get-Answer $t | Should -BeExactly $Expected
    }
}
