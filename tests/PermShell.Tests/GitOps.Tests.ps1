# examples/gitops/pipeline.ps1 works for real: run as a CI job would (a fresh pwsh -NonInteractive -File), on a
# pull request it validates and writes plan.md, on main it syncs the store to the repository's manifests.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule

    $script:gitops = [IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../../examples/gitops'))
    $script:pipeline = Join-Path $gitops 'pipeline.ps1'

    # Runs the pipeline script in a fresh non-interactive pwsh, in -Folder, as a CI runner would.
    function Invoke-Pipeline {
        param([string] $Folder, [string[]] $Arguments, [hashtable] $Environment = @{})
        $exe = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
        $saved = @{}
        foreach ($name in $Environment.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $Environment[$name]) }
        Push-Location $Folder
        try {
            $output = & $exe -NoProfile -NonInteractive -File $pipeline -ModulePath $PermShellModulePath @Arguments 2>&1 | ForEach-Object { "$_" }
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = @($output) }
        }
        finally {
            Pop-Location
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
    }

    # A copy of examples/gitops/permissions to edit, in a new folder that also holds the store and plan.md.
    function New-Checkout {
        $folder = New-TestFolder
        Copy-Item -Recurse (Join-Path $gitops 'permissions') $folder
        $null = New-PermissionStore -Path (Join-Path $folder 'store.db')
        $folder
    }
}

AfterAll {
    Remove-TestRoot
}

Describe 'examples/gitops' {
    It 'has the manifest repository layout, each file pointing editors at the schema' {
        (Get-ChildItem (Join-Path $gitops 'permissions') -Name) | Should -BeExactly 'catalog.yaml', 'groups.yaml', 'users.yaml'
        foreach ($file in Get-ChildItem (Join-Path $gitops 'permissions')) {
            Get-Content -LiteralPath $file.FullName -TotalCount 1 | Should -BeLike '# yaml-language-server: $schema=*/PermShell.Manifest.schema.json'
        }
        Test-PermissionManifest -Path (Join-Path $gitops 'permissions') -Mode Sync | Should -BeExactly $true
        Test-Path -LiteralPath (Join-Path $gitops 'README.md') | Should -BeTrue
    }

    It 'on a pull request writes the plan as Markdown and changes nothing; on main applies it; then there is nothing to do' {
        $folder = New-Checkout
        $store = Join-Path $folder 'store.db'
        $before = Get-StoreContent $store

        $pr = Invoke-Pipeline $folder @('-On', 'PullRequest', '-Path', 'permissions', '-Store', 'store.db')

        $pr.ExitCode | Should -Be 0 -Because ($pr.Output -join "`n")
        $pr.Output | Should -Contain 'Plan: 38 to add, 0 to change, 0 to remove.'
        $plan = Get-Content -Raw -LiteralPath (Join-Path $folder 'plan.md')
        $lines = $plan -split "`n"
        $lines[0] | Should -BeExactly '### PermShell plan for permissions \(Sync\)'
        $lines | Should -Contain '**Plan: 38 to add, 0 to change, 0 to remove.**'
        $lines | Should -Contain '| `+` add | Permission | `TICKET_ADMIN` |  | description: `All TICKET_* permissions`<br>implies: `TICKET_*` |'
        $lines | Should -Contain '| `+` add | User | `mallory` |  | displayName: `Mallory`<br>email: `mallory@acme.example`<br>active: `false` |'
        $lines | Should -Contain '| `+` add | Member | `staff` | `developer` |  |'
        $lines | Should -Contain '| `+` add | Grant | `anonymous` | `WIKI_VIEW` |  |'
        Get-StoreContent $store | Should -BeExactly $before -Because 'a pull request only plans'

        $main = Invoke-Pipeline $folder @('-On', 'Main', '-Path', 'permissions', '-Store', 'store.db')

        $main.ExitCode | Should -Be 0 -Because ($main.Output -join "`n")
        $main.Output | Should -Contain 'Applied 38 change(s).'
        $info = Get-PermissionStore -Store $store
        "$($info.Permissions) $($info.Users) $($info.Groups) $($info.Memberships) $($info.Grants)" | Should -BeExactly '11 6 4 7 10'
        Test-Permission -Store $store -Subject carol -Name TICKET_MODIFY | Should -BeTrue -Because 'carol > release > developer : TICKET_ADMIN => TICKET_*'
        Test-Permission -Store $store -Subject mallory -Name WIKI_VIEW | Should -BeFalse -Because 'mallory is inactive'
        Compare-PermissionManifest -Path (Join-Path $folder 'permissions') -Store $store -Mode Sync 6>$null | Should -BeNullOrEmpty

        $revision = $info.Revision
        $again = Invoke-Pipeline $folder @('-On', 'PullRequest', '-Path', 'permissions', '-Store', 'store.db')
        $applyAgain = Invoke-Pipeline $folder @('-On', 'Main', '-Path', 'permissions', '-Store', 'store.db')

        $again.ExitCode, $applyAgain.ExitCode | Should -Be 0, 0
        Get-Content -Raw -LiteralPath (Join-Path $folder 'plan.md') |
            Should -BeExactly "### PermShell plan for permissions \(Sync\)`n`n**No changes. The store matches the manifest.**`n"
        $applyAgain.Output | Should -Contain 'Applied 0 change(s).'
        (Get-PermissionStore -Store $store).Revision | Should -Be $revision -Because 're-applying writes nothing'
    }

    It 'syncs away drift on main, without a prompt (-Force), after the pull request showed it' {
        $folder = New-Checkout
        $store = Join-Path $folder 'store.db'
        $null = Invoke-Pipeline $folder @('-On', 'Main', '-Path', 'permissions', '-Store', 'store.db')
        $null = New-PermUser -Store $store -Name eve
        Grant-Permission -Store $store -Subject dave -Name WIKI_ADMIN
        # The pull request: bob joins Support.
        $groups = Join-Path $folder 'permissions/groups.yaml'
        (Get-Content -Raw $groups) -replace 'members: \[dave, mallory\]', 'members: [bob, dave, mallory]' | Set-Content -NoNewline $groups

        $pr = Invoke-Pipeline $folder @('-On', 'PullRequest', '-Path', 'permissions', '-Store', 'store.db')

        $pr.ExitCode | Should -Be 0
        $lines = (Get-Content -Raw -LiteralPath (Join-Path $folder 'plan.md')) -split "`n"
        $lines | Should -Contain '**Plan: 1 to add, 0 to change, 2 to remove.**'
        $lines | Should -Contain '| `-` remove | Grant | `dave` | `WIKI_ADMIN` |  |'
        $lines | Should -Contain '| `-` remove | User | `eve` |  |  |'
        $lines | Should -Contain '| `+` add | Member | `Support` | `bob` |  |'

        $main = Invoke-Pipeline $folder @('-On', 'Main', '-Path', 'permissions', '-Store', 'store.db')

        $main.ExitCode | Should -Be 0 -Because ($main.Output -join "`n")
        $main.Output | Should -Contain 'Applied 3 change(s).'
        Get-PermUser -Store $store -Name eve -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-Permission -Store $store -Subject dave | Should -BeNullOrEmpty
        (Get-PermGroupMember -Store $store -Group Support).Member | Should -Contain 'bob'
    }

    It 'on a pull request with a bad manifest exits 1, names each problem''s place (with GitHub annotations) and puts them in plan.md' {
        $folder = New-Checkout
        $store = Join-Path $folder 'store.db'
        $users = Join-Path $folder 'permissions/users.yaml'
        (Get-Content -Raw $users) -replace 'grants: \[WIKI_ADMIN\]', "grants: [WIKI_ADMN]`n    emial: alice@example.org" | Set-Content -NoNewline $users
        $before = Get-StoreContent $store

        $pr = Invoke-Pipeline $folder @('-On', 'PullRequest', '-Path', 'permissions', '-Store', 'store.db') -Environment @{ GITHUB_ACTIONS = 'true' }

        $pr.ExitCode | Should -Be 1
        $pr.Output | Should -Contain 'permissions/users.yaml:9:14: WIKI_ADMN is not a valid permission. Did you mean WIKI_ADMIN?'
        $pr.Output | Should -Contain "permissions/users.yaml:10:5: Unknown key 'emial' in a user. Did you mean email?"
        $pr.Output | Should -Contain '::error file=permissions/users.yaml,line=9,col=14::WIKI_ADMN is not a valid permission. Did you mean WIKI_ADMIN?'
        $plan = Get-Content -Raw -LiteralPath (Join-Path $folder 'plan.md')
        $plan | Should -BeLike '*The manifest is invalid: 2 problems. Nothing will be applied.*'
        $plan | Should -BeLike '*permissions/users.yaml:10:5: Unknown key*'

        $main = Invoke-Pipeline $folder @('-On', 'Main', '-Path', 'permissions', '-Store', 'store.db')

        $main.ExitCode | Should -Be 1
        Get-StoreContent $store | Should -BeExactly $before -Because 'a bad manifest is never applied'
    }

    It 'takes the event from the CI system when -On is not given' {
        $folder = New-Checkout

        $pr = Invoke-Pipeline $folder @('-Path', 'permissions', '-Store', 'store.db') -Environment @{ GITHUB_EVENT_NAME = 'pull_request'; GITHUB_REF_NAME = '7/merge' }
        $main = Invoke-Pipeline $folder @('-Path', 'permissions', '-Store', 'store.db') -Environment @{ GITHUB_EVENT_NAME = 'push'; GITHUB_REF_NAME = 'main' }

        $pr.Output | Should -Contain ('PermShell GitOps: PullRequest, manifest ' + (Join-Path $folder 'permissions') + ', store ' + (Join-Path $folder 'store.db'))
        $main.Output | Should -Contain 'Applied 38 change(s).'
    }
}
