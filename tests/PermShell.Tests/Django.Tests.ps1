# -Format DjangoFixture against a real Django (Debian's python3-django 3.2; .ci/run installs it): a site made through
# Django's ORM is dumped, imported into PermShell, and both must give the same answers; PermShell's export is then
# loaded into a fresh Django database, which must give them again. The Django side is tests/django/harness.py.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule

    # python3-django installs for Debian's own python3; a python3 earlier on PATH (pyenv, a venv) may not see it.
    $script:Python = foreach ($candidate in '/usr/bin/python3', 'python3') {
        $command = Get-Command $candidate -CommandType Application -ErrorAction Ignore | Select-Object -First 1
        if ($command) {
            & $command.Source -c 'import django' 2>$null
            if ($LASTEXITCODE -eq 0) { $command.Source; break }
        }
    }
    if (-not $script:Python) { throw 'These tests need Django: apt-get install python3-django (.ci/run does).' }
    $script:Harness = Join-Path $PSScriptRoot '../django/harness.py'

    # Runs the harness and reports how long it took (a migrate and a few hundred ORM queries).
    function Invoke-Harness {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $output = & $script:Python $script:Harness @args 2>&1
        if ($LASTEXITCODE -ne 0) { throw "harness.py $($args[0]) failed ($LASTEXITCODE): $($output -join "`n")" }
        Write-Host ('[django] harness.py {0}: {1:n1}s' -f $args[0], $watch.Elapsed.TotalSeconds)
    }

    function Read-Answers([string] $Folder) {
        Get-Content -Raw -LiteralPath (Join-Path $Folder 'answers.json') -Encoding utf8 | ConvertFrom-Json -AsHashtable
    }

    # "user: permission" for every pair that Django's user.has_perm() allows, ordinal.
    function Get-DjangoHeld($Answers) {
        @(foreach ($user in $Answers.held.Keys) { foreach ($p in $Answers.held[$user]) { "${user}: $p" } }) | Sort-Object -CaseSensitive
    }

    # The same, asked of PermShell: Test-Permission for every user × permission Django knows.
    function Get-PermShellHeld([string] $Store, $Answers) {
        $pairs = foreach ($user in $Answers.users.Keys) { foreach ($p in $Answers.permissions) { [pscustomobject]@{ Subject = $user; Name = $p } } }
        $held = @($pairs | Test-Permission -Store $Store)
        $held.Count | Should -Be @($pairs).Count
        # Fed by the pipeline, each answer says which check it is.
        @($held | Where-Object Allowed | ForEach-Object { "$($_.Subject): $($_.Permission)" }) | Sort-Object -CaseSensitive
    }

    function Format-Overview($Rows) {
        @($Rows | ForEach-Object { "$($_.permission) users=$($_.users) groups=$($_.groups) groupUsers=$($_.groupUsers)" }) | Sort-Object -CaseSensitive
    }

    $script:Site = New-TestFolder
    Invoke-Harness build $Site
    $script:Original = Read-Answers $Site

    $script:Stores = @{}
    foreach ($variant in 'natural', 'pks') {
        $store = New-TestStore
        $null = Import-PermissionManifest -Store $store -Path (Join-Path $Site "$variant.json") -Format DjangoFixture -ErrorAction Stop 6>$null
        $script:Stores[$variant] = $store
    }

    $script:Exported = Join-Path (New-TestFolder) 'permshell-auth.json'
    Export-PermissionManifest -Store $Stores['natural'] -Format DjangoFixture -Path $Exported -ErrorAction Stop
    $script:Reloaded = New-TestFolder
    Invoke-Harness load $Exported $Reloaded
    $script:AfterLoad = Read-Answers $Reloaded
}

AfterAll {
    Remove-TestRoot
}

Describe 'A Django site in PermShell' {
    It 'the site is what the harness made: users (some inactive, superusers), groups, custom permissions' {
        $Original.users.Keys | Sort-Object | Should -Be alice, bob, carol, dave, erin, 'josé.ü@example', zed
        @($Original.users.Values | Where-Object { -not $_.isActive }).Count | Should -Be 2
        $Original.permissions | Should -Contain 'permissions_tool.audit_permissions'
        (Get-DjangoHeld $Original) | Should -Contain 'bob: wiki.view_page'
    }

    It 'the <_> dump imports the same catalog and users, with their flags' -ForEach 'natural', 'pks' {
        $store = $Stores[$_]
        Get-PermissionDefinition -Store $store | ForEach-Object Name | Sort-Object -CaseSensitive | Should -BeExactly ($Original.permissions | Sort-Object -CaseSensitive)
        foreach ($user in Get-PermUser -Store $store) {
            $django = $Original.users[$user.Name]
            "$($user.Name) $($user.Email) $($user.IsActive) $($user.IsSuperuser)" | Should -BeExactly "$($user.Name) $($django.email) $($django.isActive) $($django.isSuperuser)"
        }
        @(Get-PermUser -Store $store).Count | Should -Be $Original.users.Count
        (Get-PermissionDefinition -Store $store -Name wiki.publish_page).Description | Should -BeExactly 'Peut publier la page « café » 😀'
    }

    It 'for every user × permission, Django''s has_perm() equals Test-Permission (<_> dump)' -ForEach 'natural', 'pks' {
        Get-PermShellHeld $Stores[$_] $Original | Should -BeExactly (Get-DjangoHeld $Original)
    }

    It 'the natural-key and the integer-id dump give stores that export the same bytes' {
        Export-PermissionManifest -Store $Stores['pks'] -Format DjangoFixture | Should -BeExactly (Get-Content -Raw -LiteralPath $Exported)
    }

    It 'the overview counted with Django''s ORM as Alliance Auth counts it equals Get-PermissionAudit' {
        # Issue 4 brings Get-PermissionAudit; PermShell.PermissionSummary has Permission, Users, Groups, GroupUsers (SPEC §2).
        foreach ($variant in 'natural', 'pks') {
            $audit = Get-PermissionAudit -Store $Stores[$variant] -All -ErrorAction Stop |
                ForEach-Object { @{ permission = $_.Permission; users = $_.Users; groups = $_.Groups; groupUsers = $_.GroupUsers } }
            Format-Overview $audit | Should -BeExactly (Format-Overview $Original.overview)
        }
    }
}

Describe 'PermShell''s Django fixture in a fresh Django database' {
    It 'manage.py loaddata accepts the export and keeps every permission, user and flag' {
        $AfterLoad.permissions | Should -BeExactly $Original.permissions
        foreach ($name in $Original.users.Keys) {
            $AfterLoad.users[$name] | ConvertTo-Json -Compress | Should -BeExactly ($Original.users[$name] | ConvertTo-Json -Compress)
        }
    }

    It 'for every user × permission, has_perm() after loaddata equals the original site and Test-Permission' {
        Get-DjangoHeld $AfterLoad | Should -BeExactly (Get-DjangoHeld $Original)
        Get-PermShellHeld $Stores['natural'] $AfterLoad | Should -BeExactly (Get-DjangoHeld $AfterLoad)
    }

    It 'the overview counted after loaddata equals the original site''s' {
        Format-Overview $AfterLoad.overview | Should -BeExactly (Format-Overview $Original.overview)
    }
}
