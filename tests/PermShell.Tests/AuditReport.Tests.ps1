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
        @(Get-ChildItem (Join-Path $report 'permissions')).Count | Should -Be @(Get-PermissionAudit -Store $s).Count
        @(Get-ChildItem (Join-Path $report 'users')).Count | Should -Be @(Get-PermUser -Store $s).Count
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

    It 'links every permission to a page that exists' {
        $links = [regex]::Matches($overviewDom, '<a href="(permissions/[^"]+)">') | ForEach-Object { $_.Groups[1].Value }

        $links.Count | Should -Be 42
        foreach ($link in $links) { Join-Path $report $link | Should -Exist }
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

        $dom | Should -Match '<a href="users/script-alert-1-script-[0-9a-f]{10}\.html">&lt;script&gt;alert\(1\)&lt;/script&gt;</a>'
        $dom | Should -Match 'Eve "the" &lt;b&gt;hacker&lt;/b&gt;'
        $dom | Should -Match 'o\x27brien &amp; co'
        ([regex]::Matches($dom, '<script\b')).Count | Should -Be 1 -Because 'the only script element is report.js'
        ([regex]::Matches($dom, '<b>')).Count | Should -Be 0
    }

    It 'lists everyone who holds a permission on its page, one row per route, the hostile name escaped' {
        $page = (Get-ChildItem (Join-Path $report 'permissions') -Filter 'ticket-edit-cc-*.html').Name
        $dom = Invoke-Chromium (Get-PageUrl "permissions/$page")
        $expected = @(Get-PermissionAudit -Store $s -Name TICKET_EDIT_CC)
        $rows = @(Get-TableRow $dom 'holders')

        $rows.Count | Should -Be $expected.Count
        for ($i = 0; $i -lt $rows.Count; $i++) {
            [System.Net.WebUtility]::HtmlDecode(($rows[$i].Cells[0] -replace '^<a href="[^"]+">|</a>$')) | Should -BeExactly $expected[$i].User
            $rows[$i].Cells[1] | Should -Match ">$($expected[$i].Route)</span>"
            [System.Net.WebUtility]::HtmlDecode($rows[$i].Cells[3]) | Should -BeExactly $expected[$i].Path
        }
        $dom | Should -Match '&lt;script&gt;alert\(1\)&lt;/script&gt; &gt; Support : TICKET_EDIT_CC'
        ([regex]::Matches($dom, '<script\b')).Count | Should -Be 1
        foreach ($link in [regex]::Matches($dom, '<a href="\.\./(users/[^"]+)">') | ForEach-Object { $_.Groups[1].Value }) {
            Join-Path $report $link | Should -Exist
        }
    }

    It 'gives each user a page of what they hold and why' {
        $page = (Get-ChildItem (Join-Path $report 'users') -Filter 'script-alert-1-script-*.html').Name
        $dom = Invoke-Chromium (Get-PageUrl "users/$page")
        $expected = @(Get-PermissionAudit -Store $s -Subject $hostile)

        $dom | Should -Match '<h1>&lt;script&gt;alert\(1\)&lt;/script&gt;</h1>'
        @(Get-TableRow $dom 'routes').Count | Should -Be $expected.Count
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
