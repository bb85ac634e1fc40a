# -Format TracCsv: byte-exact with trac-admin permission export, read back as trac-admin permission import reads it,
# but atomically. Python's csv module (any python3) stands in for trac-admin's own export and import code below.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule

    # trac-admin's _do_export (trac/perm.py), fed the permission table's rows: one CSV row per subject, subjects and
    # values sorted by Python's sorted(), csv.writer with lineterminator '\n' (os.linesep on POSIX, '\n' on stdout).
    $script:TracExport = @'
import csv, json, sys
rows = json.load(open(sys.argv[1], encoding="utf-8"))
out = open(sys.argv[2], "w", encoding="utf-8", newline="")
writer = csv.writer(out, lineterminator="\n")
for user in sorted(set(u for u, a in rows)):
    writer.writerow([user] + sorted(a for u, a in rows if u == user))
out.close()
'@

    # What trac-admin's _do_import hands to the permission system: csv.reader's rows, as JSON.
    $script:TracRead = @'
import csv, json, sys
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    json.dump([row for row in csv.reader(f)], open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
'@

    # The permission table Trac would hold for a store: (subject, permission) and (member, group) rows.
    function Get-TracRow([string] $Store) {
        $grants = Get-Permission -Store $Store | ForEach-Object { , @($_.Subject, $_.Permission) }
        $members = Get-PermGroup -Store $Store | Get-PermGroupMember -Store $Store | ForEach-Object { , @($_.Member, $_.Group) }
        @($grants) + @($members)
    }

    function Read-Bytes([string] $Path) { [IO.File]::ReadAllBytes($Path) }

    # A store with names that need quoting, Unicode, code point order (U+FF01 sorts before 😀 by code point, after
    # it in UTF-16), groups nested, and memberships of anonymous.
    $script:Tricky = New-TestStore -Template Trac
    $null = 'bob', 'josé', 'a,b', 'say "hi"', '😀', "$([char]0xFF01)x", 'Dev team' | New-PermUser -Store $Tricky
    $null = 'developer', 'ops, "eu"', 'release' | New-PermGroup -Store $Tricky
    Add-PermGroupMember -Store $Tricky -Group developer -Member bob, 'josé', release, 'Dev team'
    Add-PermGroupMember -Store $Tricky -Group 'ops, "eu"' -Member 'a,b', '😀', anonymous
    Add-PermGroupMember -Store $Tricky -Group release -Member "$([char]0xFF01)x"
    Grant-Permission -Store $Tricky -Subject developer -Name TICKET_ADMIN, WIKI_ADMIN
    Grant-Permission -Store $Tricky -Subject 'say "hi"', '😀', "$([char]0xFF01)x" -Name REPORT_VIEW, BROWSER_VIEW
    Grant-Permission -Store $Tricky -Subject 'ops, "eu"' -Name TRAC_ADMIN
}

AfterAll {
    Remove-TestRoot
}

Describe 'Export-PermissionManifest -Format TracCsv' {
    It 'a Trac template store exports exactly the two rows of a new Trac environment' {
        $store = New-TestStore -Template Trac
        $path = Join-Path (New-TestFolder) 'perms.csv'

        Export-PermissionManifest -Store $store -Format TracCsv -Path $path

        [IO.File]::ReadAllText($path) | Should -BeExactly (
            "anonymous,BROWSER_VIEW,CHANGESET_VIEW,FILE_VIEW,LOG_VIEW,MILESTONE_VIEW,REPORT_SQL_VIEW,REPORT_VIEW,ROADMAP_VIEW,SEARCH_VIEW,TICKET_VIEW,TIMELINE_VIEW,WIKI_VIEW`n" +
            "authenticated,TICKET_CREATE,TICKET_MODIFY,WIKI_CREATE,WIKI_MODIFY`n")
    }

    It 'writes the same bytes as trac-admin''s export code for the same permission table' {
        $folder = New-TestFolder
        Get-TracRow $Tricky | ConvertTo-Json -Depth 3 -Compress | Set-Content -LiteralPath "$folder/rows.json" -Encoding utf8NoBOM
        Invoke-Python -Script $TracExport -Arguments "$folder/rows.json", "$folder/trac.csv"

        Export-PermissionManifest -Store $Tricky -Format TracCsv -Path "$folder/permshell.csv"

        Read-Bytes "$folder/permshell.csv" | Should -Be (Read-Bytes "$folder/trac.csv")
        [IO.File]::ReadAllText("$folder/permshell.csv") | Should -Match '(?m)^"ops, ""eu""",TRAC_ADMIN$'
    }

    It 'the export reads back through Python''s csv.reader as the rows it was written from' {
        $folder = New-TestFolder
        Export-PermissionManifest -Store $Tricky -Format TracCsv -Path "$folder/p.csv"

        Invoke-Python -Script $TracRead -Arguments "$folder/p.csv", "$folder/rows.json"

        $rows = Get-Content -Raw -LiteralPath "$folder/rows.json" -Encoding utf8 | ConvertFrom-Json
        $pairs = foreach ($row in $rows) { foreach ($value in $row[1..($row.Count - 1)]) { "$($row[0]) | $value" } }
        $pairs | Sort-Object -CaseSensitive | Should -BeExactly (Get-TracRow $Tricky | ForEach-Object { "$($_[0]) | $($_[1])" } | Sort-Object -CaseSensitive)
    }

    It 'warns about what Trac cannot carry: a superuser flag' {
        $store = Copy-TestStore -From $Tricky
        $null = New-PermUser -Store $store -Name alice -IsSuperuser $true

        $null = Export-PermissionManifest -Store $store -Format TracCsv -WarningVariable warnings -WarningAction SilentlyContinue

        $warnings | Should -HaveCount 1
        "$warnings" | Should -BeLike '*no superuser flag: alice*'
    }
}

Describe 'Import-PermissionManifest -Format TracCsv' {
    It 'imports an export into a fresh Trac store and exports the same bytes' {
        $folder = New-TestFolder
        Export-PermissionManifest -Store $Tricky -Format TracCsv -Path "$folder/p.csv"
        $store = New-TestStore -Template Trac

        Import-PermissionManifest -Store $store -Path "$folder/p.csv" -Format TracCsv 6>$null

        Export-PermissionManifest -Store $store -Format TracCsv -Path "$folder/again.csv"
        Read-Bytes "$folder/again.csv" | Should -Be (Read-Bytes "$folder/p.csv")
        (Get-PermGroupMember -Store $store -Group developer).Member | Should -Contain release
        Test-Permission -Store $store -Subject "$([char]0xFF01)x" -Name TICKET_VIEW | Should -BeTrue
    }

    It 'one bad row refuses the whole file: nothing is written and the error names the row' {
        $store = New-TestStore -Template Trac
        $before = Get-StoreContent -Store $store
        $path = Join-Path (New-TestFolder) 'bad.csv'
        Set-Content -LiteralPath $path -Value "bob,WIKI_VIEW`ncarol,WIKI_VEIW`ndave,developer`n" -NoNewline -Encoding utf8NoBOM

        Import-PermissionManifest -Store $store -Path $path -Format TracCsv -ErrorVariable problems -ErrorAction SilentlyContinue 6>$null

        $problems | Should -HaveCount 1
        Assert-PermError $problems[0] 'PermShell.Grant.UnknownPermission'
        "$($problems[0])" | Should -BeLike "${path}:2:7: WIKI_VEIW is not a valid permission.*Did you mean WIKI_VIEW*"
        Get-StoreContent -Store $store | Should -BeExactly $before
    }

    It 'refuses a subject or group that differs from a reserved name by case only, as New-PermUser does (PermShell.Name.DiffersByCase)' {
        $store = New-TestStore -Template Trac
        $before = Get-StoreContent -Store $store
        $path = Join-Path (New-TestFolder) 'twins.csv'
        Set-Content -LiteralPath $path -Value "Anonymous,WIKI_VIEW`nbob,Authenticated`n" -NoNewline -Encoding utf8NoBOM

        Import-PermissionManifest -Store $store -Path $path -Format TracCsv -ErrorVariable problems -ErrorAction SilentlyContinue 6>$null

        $problems | Should -HaveCount 2
        foreach ($p in $problems) { Assert-PermError $p 'PermShell.Name.DiffersByCase' }
        "$($problems[0])" | Should -BeLike "${path}:1:1: 'Anonymous' differs from the reserved name 'anonymous' by case only*"
        "$($problems[1])" | Should -BeLike "${path}:2:5: 'Authenticated' differs from the reserved name 'authenticated' by case only*"
        Get-StoreContent -Store $store | Should -BeExactly $before
    }

    It 'the plan of a CSV is shown by Compare-PermissionManifest and by -WhatIf, and changes nothing' {
        $store = New-TestStore -Template Trac
        $before = Get-StoreContent -Store $store
        $path = Join-Path (New-TestFolder) 'p.csv'
        Set-Content -LiteralPath $path -Value "bob,WIKI_VIEW,developer`n" -NoNewline -Encoding utf8NoBOM

        $plan = Compare-PermissionManifest -Store $store -Path $path -Format TracCsv 6>$null
        Import-PermissionManifest -Store $store -Path $path -Format TracCsv -WhatIf 6>$null

        $plan | ForEach-Object { "$($_.Action) $($_.Kind) $($_.Subject) $($_.Target)".TrimEnd() } |
            Should -BeExactly 'Add User bob', 'Add Group developer', 'Add Member developer bob', 'Add Grant bob WIKI_VIEW'
        Get-StoreContent -Store $store | Should -BeExactly $before
        Test-PermissionManifest -Path $path -Format TracCsv | Should -BeTrue
    }
}
