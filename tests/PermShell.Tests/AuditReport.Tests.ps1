# Export-PermissionAuditReport: the HTML report, opened in a real browser (headless Chromium, --dump-dom) so the
# assertions see the DOM after the report's own script ran. Chromium is required, never skipped: .ci/run installs it.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule

    $script:hostile = '<script>alert(1)</script>'
    $script:s = New-TestStore -Template Trac
    & (Join-Path $PSScriptRoot '../../examples/acme-permissions.ps1') -Store $s
    $null = New-PermUser -Store $s -Name $hostile -DisplayName 'Eve "the" <b>hacker</b>'
    $null = New-PermUser -Store $s -Name "o'brien & co"
    Add-PermGroupMember -Store $s -Group Support -Member $hostile, "o'brien & co"

    $script:report = Join-Path (New-TestFolder) 'report'
    $script:index = Export-PermissionAuditReport -Store $s -Path $report

    # Runs headless Chromium with the flags of TOOLCHAIN §12 and a fresh profile; returns the DOM (or writes a screenshot).
    function Invoke-Chromium {
        param([Parameter(Mandatory)][string] $Url, [string] $Screenshot)
        $exe = Get-Command chromium -CommandType Application -ErrorAction Ignore | Select-Object -First 1
        if (-not $exe) { throw 'chromium is not installed. .ci/run installs it (apt-get install chromium); this test does not skip without it.' }
        $psi = [System.Diagnostics.ProcessStartInfo]::new($exe.Source)
        foreach ($a in @('--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                '--disable-background-networking', '--disable-component-update', '--disable-sync',
                "--user-data-dir=$(New-TestFolder)", '--window-size=1280,900',
                ($Screenshot ? "--screenshot=$Screenshot" : '--dump-dom'), $Url)) {
            $psi.ArgumentList.Add($a)
        }
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        $process = [System.Diagnostics.Process]::Start($psi)
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit(120000)) {
            $process.Kill($true)
            throw "chromium did not finish within 120 s: $Url"
        }
        if ($process.ExitCode -ne 0) { throw "chromium exited with $($process.ExitCode): $($stderr.Result)" }
        $stdout.Result
    }

    function Get-PageUrl([string] $RelativePath, [string] $Query = '') {
        ([Uri]::new((Join-Path $report $RelativePath))).AbsoluteUri + $Query
    }

    # The body rows of the table with the given id: each row's attributes and its cells' inner HTML.
    function Get-TableRow([string] $Dom, [string] $Id) {
        $table = [regex]::Match($Dom, "<table id=""$Id""[\s\S]*?</table>").Value
        $body = [regex]::Match($table, '<tbody>([\s\S]*?)</tbody>').Groups[1].Value
        foreach ($row in [regex]::Matches($body, '<tr([^>]*)>([\s\S]*?)</tr>')) {
            [pscustomobject]@{
                Hidden = $row.Groups[1].Value -match '\bhidden\b'
                Cells  = @([regex]::Matches($row.Groups[2].Value, '<td[^>]*>([\s\S]*?)</td>') | ForEach-Object { $_.Groups[1].Value })
            }
        }
    }

    $script:overviewDom = Invoke-Chromium (Get-PageUrl 'index.html')
}

AfterAll {
    Remove-TestRoot
}

Describe 'Export-PermissionAuditReport' {
    It 'returns the overview page as a file item' {
        $index.FullName | Should -BeExactly (Join-Path $report 'index.html')
        $index.PSPath | Should -Not -BeNullOrEmpty
        # Four pages (the user and permission pages are drawn from data/ for the name in their address), the style
        # sheet, the script, the marker, and data/: the shared file and one shard of users.
        @(Get-ChildItem $report -File -Name | Sort-Object) | Should -Be @('index.html', 'permission.html', 'report.css', 'report.js', 'user.html', 'users.html')
        @(Get-ChildItem (Join-Path $report 'data') -Name | Sort-Object) | Should -Be @('report.js', 'users-0000.js')
    }

    It 'changes nothing with -WhatIf' {
        $folder = Join-Path (New-TestFolder) 'r'

        Export-PermissionAuditReport -Store $s -Path $folder -WhatIf

        $folder | Should -Not -Exist
    }

    It 'refuses a folder that holds other files (PermShell.Report.FolderNotEmpty) unless -Force' {
        $folder = New-TestFolder
        Set-Content -LiteralPath (Join-Path $folder 'notes.txt') -Value keep

        Export-PermissionAuditReport -Store $s -Path $folder -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Assert-PermError $err[0] 'PermShell.Report.FolderNotEmpty' -Category ResourceExists -Target $folder
        (Export-PermissionAuditReport -Store $s -Path $folder -Force).Name | Should -Be 'index.html'
        Get-Content -LiteralPath (Join-Path $folder 'notes.txt') | Should -Be keep
    }
}

Describe 'The report in headless Chromium' {
    It 'renders one overview row per Get-PermissionAudit row, with its counts, in order' {
        $expected = @(Get-PermissionAudit -Store $s)
        $rows = @(Get-TableRow $overviewDom 'overview')

        $rows.Count | Should -Be $expected.Count
        for ($i = 0; $i -lt $rows.Count; $i++) {
            $rows[$i].Cells[0] | Should -Match ">$([regex]::Escape($expected[$i].Permission))</a>$"
            $rows[$i].Cells[5..8] -join ',' | Should -BeExactly (($expected[$i].Users, $expected[$i].Groups, $expected[$i].GroupUsers, $expected[$i].EffectiveUsers) -join ',')
        }
    }

    It 'runs its script: the filter counts the rows' {
        $overviewDom | Should -Match '<output id="overview-filter-count"[^>]*>42 of 42 rows</output>'
    }

    It 'links every permission to its page' {
        $links = [regex]::Matches($overviewDom, '<a href="([^"]+)">([^<]+)</a></td>') | ForEach-Object { [pscustomobject]@{ Href = $_.Groups[1].Value; Name = $_.Groups[2].Value } }

        $links.Count | Should -Be 42
        foreach ($link in $links) {
            [System.Net.WebUtility]::HtmlDecode($link.Href) | Should -BeExactly "permission.html?name=$([Uri]::EscapeDataString($link.Name))"
        }
        Join-Path $report 'permission.html' | Should -Exist
    }

    It 'sorts and filters from the address: ?q=ticket_&sort=effectiveusers&dir=desc' {
        $dom = Invoke-Chromium (Get-PageUrl 'index.html' '?q=ticket_&sort=effectiveusers&dir=desc')
        $visible = @(Get-TableRow $dom 'overview' | Where-Object { -not $_.Hidden })

        $visible.Count | Should -Be @(Get-PermissionAudit -Store $s -App ticket).Count
        $visible | ForEach-Object { $_.Cells[0] | Should -Match '>TICKET_' }
        $counts = $visible | ForEach-Object { [int]$_.Cells[8] }
        $counts | Should -Be ($counts | Sort-Object -Descending)
        $dom | Should -Match '<th scope="col" data-key="effectiveusers"[^>]*aria-sort="descending"'
        $dom | Should -Match '>10 of 42 rows</output>'
    }

    It 'shows the hostile user name as text on the users page and runs no script of it' {
        $dom = Invoke-Chromium (Get-PageUrl 'users.html')

        $dom | Should -Match '<a href="user\.html\?name=%3Cscript%3Ealert\(1\)%3C%2Fscript%3E">&lt;script&gt;alert\(1\)&lt;/script&gt;</a>'
        $dom | Should -Match 'Eve "the" &lt;b&gt;hacker&lt;/b&gt;'
        $dom | Should -Match 'o\x27brien &amp; co'
        ([regex]::Matches($dom, '<script\b')).Count | Should -Be 1 -Because 'the only script element is report.js (the data files leave once loaded)'
        ([regex]::Matches($dom, '<b>')).Count | Should -Be 0
        $dom | Should -Match '>8 of 8 rows</output>'
    }

    It 'lists everyone who holds a permission on its page, one row per route, the hostile name escaped' {
        $dom = Invoke-Chromium (Get-PageUrl 'permission.html' '?name=TICKET_EDIT_CC')
        $expected = @(Get-PermissionAudit -Store $s -Name TICKET_EDIT_CC)
        $rows = @(Get-TableRow $dom 'holders')

        $rows.Count | Should -Be $expected.Count
        for ($i = 0; $i -lt $rows.Count; $i++) {
            [System.Net.WebUtility]::HtmlDecode(($rows[$i].Cells[0] -replace '^<a href="[^"]+">|</a>$')) | Should -BeExactly $expected[$i].User
            $rows[$i].Cells[1] | Should -Match ">$($expected[$i].Route)</span>"
            [System.Net.WebUtility]::HtmlDecode($rows[$i].Cells[3]) | Should -BeExactly $expected[$i].Path
        }
        $dom | Should -Match '&lt;script&gt;alert\(1\)&lt;/script&gt; &gt; Support : TICKET_EDIT_CC'
        $dom | Should -Match '<h1 id="title">TICKET_EDIT_CC</h1>'
        ([regex]::Matches($dom, '<script\b')).Count | Should -Be 1
        $users = @(Get-PermUser -Store $s | ForEach-Object Name)
        foreach ($link in [regex]::Matches($dom, '<a href="user\.html\?name=([^"]+)">') | ForEach-Object { $_.Groups[1].Value }) {
            [Uri]::UnescapeDataString([System.Net.WebUtility]::HtmlDecode($link)) | Should -BeIn $users
        }
    }

    It 'gives each user a page of what they hold and why' {
        $dom = Invoke-Chromium (Get-PageUrl 'user.html' "?name=$([Uri]::EscapeDataString($hostile))")
        $expected = @(Get-PermissionAudit -Store $s -Subject $hostile)
        $rows = @(Get-TableRow $dom 'routes')

        $dom | Should -Match '<h1 id="title">&lt;script&gt;alert\(1\)&lt;/script&gt;</h1>'
        $rows.Count | Should -Be $expected.Count
        for ($i = 0; $i -lt $rows.Count; $i++) {
            [System.Net.WebUtility]::HtmlDecode(($rows[$i].Cells[0] -replace '^<a href="[^"]+">|</a>$')) | Should -BeExactly $expected[$i].Permission
            [System.Net.WebUtility]::HtmlDecode($rows[$i].Cells[3]) | Should -BeExactly $expected[$i].Path
        }
        ([regex]::Matches($dom, '<script\b')).Count | Should -Be 1
    }

    It 'is keyboard usable: sort controls are buttons and the filter has a label' {
        $headers = [regex]::Matches($overviewDom, '<th scope="col"[^>]*>(.*?)</th>')

        $headers.Count | Should -Be 11
        $headers | ForEach-Object { $_.Groups[1].Value | Should -Match '^<button type="button">' }
        $overviewDom | Should -Match '<label for="overview-filter">'
        $overviewDom | Should -Match '<input id="overview-filter"'
    }
}

# A store of thousands of users: the report stays a few files (users in shards of 1,000 under data/), and the pages
# drawn from them find any user's permissions in a real browser.
Describe 'The report of a store of 3,000 users' {
    BeforeAll {
        $script:big = New-TestStore -Template Trac
        $yaml = [System.Text.StringBuilder]::new("version: 1`nusers:`n")
        $grants = 'WIKI_VIEW', 'WIKI_MODIFY', 'REPORT_VIEW', 'LOG_VIEW', 'TIMELINE_VIEW'
        for ($u = 0; $u -lt 3000; $u++) { $null = $yaml.Append(('  - name: u{0:d5}{1}' -f $u, "`n    grants: [$($grants[$u % 5])]`n")) }
        $null = $yaml.Append("groups:`n")
        for ($g = 0; $g -lt 30; $g++) {
            $members = (0..2999 | Where-Object { $_ % 30 -eq $g -or $_ % 7 -eq $g % 7 } | ForEach-Object { 'u{0:d5}' -f $_ }) -join ', '
            $null = $yaml.Append(('  - name: g{0:d2}{1}' -f $g, "`n    members: [$members]`n    grants: [$(('TICKET_ADMIN', 'MILESTONE_VIEW', 'ROADMAP_ADMIN')[$g % 3])]`n"))
        }
        $manifest = Join-Path (New-TestFolder) 'big.yaml'
        Set-Content -LiteralPath $manifest -Value $yaml.ToString()
        $null = Import-PermissionManifest -Path $manifest -Store $big -Confirm:$false
        $script:bigReport = Join-Path (New-TestFolder) 'big-report'
        $null = Export-PermissionAuditReport -Store $big -Path $bigReport

        function Get-BigPageUrl([string] $Page, [string] $Query) {
            ([Uri]::new((Join-Path $bigReport $Page))).AbsoluteUri + $Query
        }
    }

    It 'is eleven files: the pages, the assets and three shards of 1,000 users' {
        $files = @(Get-ChildItem -LiteralPath $bigReport -Recurse -File -Force)

        $files.Count | Should -Be 11
        @(Get-ChildItem (Join-Path $bigReport 'data') -Name | Sort-Object) | Should -Be @('report.js', 'users-0000.js', 'users-0001.js', 'users-0002.js')
    }

    It 'shows a user of the last shard with every route Get-PermissionAudit gives' {
        $dom = Invoke-Chromium (Get-BigPageUrl 'user.html' '?name=u02999')
        $expected = @(Get-PermissionAudit -Store $big -Subject u02999)
        $rows = @(Get-TableRow $dom 'routes')

        $dom | Should -Match '<h1 id="title">u02999</h1>'
        $expected.Count | Should -BeGreaterThan 10
        $rows.Count | Should -Be $expected.Count
        for ($i = 0; $i -lt $rows.Count; $i++) {
            $rows[$i].Cells[0] | Should -Match ">$([regex]::Escape($expected[$i].Permission))</a>$"
            [System.Net.WebUtility]::HtmlDecode($rows[$i].Cells[3]) | Should -BeExactly $expected[$i].Path
        }
    }

    It 'finds a user in the list of 3,000 with the filter of the address, and draws the first 500 without one' {
        $found = Invoke-Chromium (Get-BigPageUrl 'users.html' '?q=u01234')
        $all = Invoke-Chromium (Get-BigPageUrl 'users.html' '')

        @(Get-TableRow $found 'users').Count | Should -Be 1
        $found | Should -Match '<a href="user\.html\?name=u01234">u01234</a>'
        $found | Should -Match '>1 of 3000 rows</output>'
        @(Get-TableRow $all 'users').Count | Should -Be 500
        $all | Should -Match '>3000 of 3000 rows</output>'
        $all | Should -Match '<p class="more" id="users-more"><span>Showing the first 500 of 3000 matching rows: narrow the filter, or</span> <button type="button">Show more</button></p>'
    }

    It 'lists a permission''s holders from every shard, and a user''s routes to it' {
        $expected = @(Get-PermissionAudit -Store $big -Name MILESTONE_VIEW)
        $all = Invoke-Chromium (Get-BigPageUrl 'permission.html' '?name=MILESTONE_VIEW')
        $one = Invoke-Chromium (Get-BigPageUrl 'permission.html' '?name=MILESTONE_VIEW&q=u02998')
        $rows = @(Get-TableRow $one 'holders')
        $mine = @($expected | Where-Object User -EQ u02998)

        $expected.Count | Should -BeGreaterThan 2000 -Because 'the holders come from all three shards'
        $all | Should -Match ">$($expected.Count) of $($expected.Count) rows</output>"
        $mine.Count | Should -BeGreaterThan 0
        $rows.Count | Should -Be $mine.Count
        for ($i = 0; $i -lt $rows.Count; $i++) {
            [System.Net.WebUtility]::HtmlDecode($rows[$i].Cells[3]) | Should -BeExactly $mine[$i].Path
        }
    }
}
