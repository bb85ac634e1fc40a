# Test-, Compare-, Import-, Export-PermissionManifest: YAML manifests as desired state (SPEC §3, issue 3).
# Every bad-input class is refused with its exact file:line:column, by Test- (no store) and by Import- (the
# store unchanged, revision and content).

BeforeDiscovery {
    # One case per class of bad input. Files: name → content (LF); Expected: 'id@file:line:column' in the order
    # reported; Message: a piece of the first problem's message. Mode: the mode both Test and Import run in.
    $script:badCases = @(
        @{ Class = 'YAML syntax'; Mode = 'Merge'
            Files = @{ 'm.yaml' = "version: 1`nusers:`n  - name: bob`n    grants: [WIKI_VIEW`n  - name: alice`n" }
            Expected = 'PermShell.Manifest.Syntax@m.yaml:4:13'; Message = 'YAML syntax error' }
        @{ Class = 'a tab indenting a line'; Mode = 'Merge'
            Files = @{ 'm.yaml' = "version: 1`nusers:`n`t- name: bob`n" }
            Expected = 'PermShell.Manifest.Syntax@m.yaml:3:1'; Message = 'tabs cannot indent YAML; use spaces' }
        @{ Class = 'misspelt key, with the right one suggested'; Mode = 'Merge'
            Files = @{ 'm.yaml' = "version: 1`nusers:`n  - name: bob`n    emial: bob@example.org`n" }
            Expected = 'PermShell.Manifest.UnknownKey@m.yaml:4:5'; Message = "Unknown key 'emial' in a user. Did you mean email?" }
        @{ Class = 'unknown top-level key'; Mode = 'Merge'
            Files = @{ 'm.yaml' = "version: 1`nroles: []`n" }
            Expected = 'PermShell.Manifest.UnknownKey@m.yaml:2:1'; Message = "Unknown key 'roles' in the manifest" }
        @{ Class = 'wrong type'; Mode = 'Merge'
            Files = @{ 'm.yaml' = "version: 1`nusers:`n  - name: bob`n    active: yes please`n" }
            Expected = 'PermShell.Manifest.WrongType@m.yaml:4:13'; Message = "'active' takes true or false" }
        @{ Class = 'a list given as text'; Mode = 'Merge'
            Files = @{ 'm.yaml' = "version: 1`ngroups:`n  - name: dev`n    grants: WIKI_VIEW`n" }
            Expected = 'PermShell.Manifest.WrongType@m.yaml:4:13'; Message = 'write [WIKI_VIEW]' }
        @{ Class = 'missing version'; Mode = 'Merge'
            Files = @{ 'm.yaml' = "users: []`n" }
            Expected = 'PermShell.Manifest.MissingKey@m.yaml:1:1'; Message = "has no 'version'" }
        @{ Class = 'unsupported version'; Mode = 'Merge'
            Files = @{ 'm.yaml' = "version: 2`n" }
            Expected = 'PermShell.Manifest.UnsupportedVersion@m.yaml:1:10'; Message = 'version 2 is not supported' }
        @{ Class = 'unknown permission, with the closest suggested'; Mode = 'Sync'
            Files = @{ 'm.yaml' = "version: 1`npermissions:`n  - name: WIKI_VIEW`nusers:`n  - name: bob`n    grants: [WIKI_VEIW]`n" }
            Expected = 'PermShell.Grant.UnknownPermission@m.yaml:6:14'; Message = 'WIKI_VEIW is not a valid permission. Did you mean WIKI_VIEW?' }
        @{ Class = 'duplicate name'; Mode = 'Merge'
            Files = @{ 'm.yaml' = "version: 1`nusers:`n  - name: bob`n  - name: bob`n" }
            Expected = 'PermShell.Manifest.DuplicateName@m.yaml:4:11'; Message = "'bob' is listed twice under users (also at 3:11)" }
        @{ Class = 'name under users and groups'; Mode = 'Merge'
            Files = @{ 'm.yaml' = "version: 1`nusers:`n  - name: dev`ngroups:`n  - name: dev`n" }
            Expected = 'PermShell.Manifest.DuplicateName@m.yaml:5:11'; Message = 'users and groups share one namespace' }
        @{ Class = 'upper-case subject name'; Mode = 'Merge'
            Files = @{ 'm.yaml' = "version: 1`nusers:`n  - name: JOE`n" }
            Expected = 'PermShell.Name.UpperCase@m.yaml:3:11'; Message = "'JOE' is all upper case" }
        @{ Class = 'name differing from a permission by case'; Mode = 'Sync'
            Files = @{ 'm.yaml' = "version: 1`npermissions:`n  - name: WIKI_VIEW`nusers:`n  - name: wiki_view`n" }
            Expected = 'PermShell.Name.DiffersByCase@m.yaml:5:11'; Message = 'differs from a defined permission (WIKI_VIEW) by case only' }
        @{ Class = 'group differing from a reserved name by case'; Mode = 'Merge'
            Files = @{ 'm.yaml' = "version: 1`ngroups:`n  - name: Anonymous`n    grants: [WIKI_VIEW]`n" }
            Expected = 'PermShell.Name.DiffersByCase@m.yaml:3:11'; Message = "'Anonymous' differs from the reserved name 'anonymous' by case only" }
        @{ Class = 'invalid permission name'; Mode = 'Merge'
            Files = @{ 'm.yaml' = "version: 1`npermissions:`n  - name: 9LIVES`n" }
            Expected = 'PermShell.Name.Invalid@m.yaml:3:11'; Message = 'not a valid permission name' }
        @{ Class = 'membership cycle, shown'; Mode = 'Merge'
            Files = @{ 'm.yaml' = "version: 1`ngroups:`n  - name: a`n    members: [b]`n  - name: b`n    members: [a]`n" }
            Expected = 'PermShell.Group.MembershipCycle@m.yaml:6:15'; Message = "'a' as a member of 'b' closes a membership cycle: a > b > a." }
        @{ Class = 'member that is no subject'; Mode = 'Sync'
            Files = @{ 'm.yaml' = "version: 1`nusers:`n  - name: bob`ngroups:`n  - name: dev`n    members: [bob, bobby]`n" }
            Expected = 'PermShell.Subject.NotFound@m.yaml:6:20'; Message = "There is no user or group named 'bobby'" }
        @{ Class = 'members for a virtual group'; Mode = 'Merge'
            Files = @{ 'm.yaml' = "version: 1`ngroups:`n  - name: anonymous`n    members: [bob]`n" }
            Expected = 'PermShell.Manifest.VirtualGroup@m.yaml:4:5'; Message = 'it takes ''grants'' only' }
        @{ Class = 'alias to no anchor'; Mode = 'Merge'
            Files = @{ 'm.yaml' = "version: 1`nusers: *nope`n" }
            Expected = 'PermShell.Manifest.UnknownAlias@m.yaml:2:8'; Message = 'refers to no anchor' }
        @{ Class = 'alias bomb'; Mode = 'Merge'
            Files = @{ 'm.yaml' = (@('version: 1', 'x0: &a0 [x, x, x, x, x, x, x, x, x, x]') + (1..8 | ForEach-Object { $level = $_; "x${level}: &a$level [" + ((@("*a$($level - 1)") * 10) -join ', ') + ']' })) -join "`n" }
            Expected = 'PermShell.Manifest.TooManyNodes@m.yaml:8:30'; Message = 'alias bomb' }
        @{ Class = 'nesting too deep'; Mode = 'Merge'
            Files = @{ 'm.yaml' = "version: 1`nusers:`n  - name: $('[' * 100)$(']' * 100)`n" }
            Expected = 'PermShell.Manifest.TooDeep@m.yaml:3:72'; Message = 'nested more than 64 levels deep' }
        @{ Class = 'over the size limit'; Mode = 'Merge'; MaximumSize = 64
            Files = @{ 'm.yaml' = "version: 1`nusers:`n  - name: bob`n    email: bob@example.org`n    displayName: Bob Builder`n" }
            Expected = 'PermShell.Manifest.TooLarge@m.yaml:1:1'; Message = 'the limit is 64 bytes' }
        @{ Class = 'two documents in one file'; Mode = 'Merge'
            Files = @{ 'm.yaml' = "version: 1`n---`nversion: 1`n" }
            Expected = 'PermShell.Manifest.MultipleDocuments@m.yaml:2:1'; Message = 'holds one YAML document' }
        @{ Class = 'the same object defined differently in two files'; Mode = 'Merge'
            Files = @{ 'a.yaml' = "version: 1`nusers:`n  - name: bob`n    email: bob@a.example`n"; 'b.yml' = "version: 1`nusers:`n  - name: bob`n    email: bob@b.example`n" }
            Expected = 'PermShell.Manifest.ConflictingDefinition@b.yml:3:11'; Message = "'bob' under users is defined differently here and at {0}a.yaml:3:11" }
        @{ Class = 'every problem at once, reading and validation together'; Mode = 'Sync'
            Files = @{ 'm.yaml' = "version: 1`npermissions:`n  - name: WIKI_VIEW`n    descripton: View`nusers:`n  - name: bob`n    grants: [WIKI_VEIW]`n  - name: JOE`ngroups:`n  - name: a`n    members: [b, bob]`n  - name: b`n    members: [a, nobody]`n" }
            Expected = @(
                'PermShell.Manifest.UnknownKey@m.yaml:4:5'
                'PermShell.Grant.UnknownPermission@m.yaml:7:14'
                'PermShell.Name.UpperCase@m.yaml:8:11'
                'PermShell.Group.MembershipCycle@m.yaml:13:15'
                'PermShell.Subject.NotFound@m.yaml:13:18')
            Message = 'Did you mean description?' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule

    $script:examples = [IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../../examples'))
    $script:acmeYaml = Join-Path $examples 'acme.yaml'
    $script:moduleRoot = Split-Path -Parent (Get-Module PermShell).Path

    # A Trac store filled by examples/acme-permissions.ps1: what acme.yaml describes.
    $script:acmeStore = New-TestStore -Template Trac
    & (Join-Path $examples 'acme-permissions.ps1') -Store $acmeStore
    $script:tracStore = New-TestStore -Template Trac

    # Writes the files of a case (LF, UTF-8 without BOM) into a new folder; returns the path to give -Path.
    function New-ManifestCase([hashtable] $Files) {
        $folder = New-TestFolder
        foreach ($name in $Files.Keys) { [IO.File]::WriteAllText((Join-Path $folder $name), $Files[$name]) }
        if ($Files.Count -eq 1) { Join-Path $folder @($Files.Keys)[0] } else { $folder }
    }

    function New-Manifest([string] $Yaml) { New-ManifestCase @{ 'm.yaml' = $Yaml } }

    # 'id@file:line:column' of each error record, file relative to the case's folder.
    function Get-ProblemText($Records, [string] $Folder) {
        foreach ($r in $Records) {
            $id = ($r.FullyQualifiedErrorId -split ',')[0]
            $at = "$($r.TargetObject)"
            "$id@$($at.Substring($Folder.Length + 1))"
        }
    }

    # One line per change: everything a Change carries, Before and After included.
    function Get-ChangeText($Changes) {
        foreach ($c in $Changes) {
            "$($c.Action)|$($c.Kind)|$($c.Subject)|$($c.Target)|$($c.Before | ConvertTo-Json -Compress -Depth 3)|$($c.After | ConvertTo-Json -Compress -Depth 3)"
        }
    }

    function Get-Revision([string] $Store) { (Get-PermissionStore -Store $Store).Revision }

    # The text of the information records a command wrote (the plan summary).
    function Get-InformationText($Records) {
        $Records | Where-Object { $_ -is [System.Management.Automation.InformationRecord] } | ForEach-Object { "$($_.MessageData)" }
    }
}

AfterAll {
    Remove-TestRoot
}

Describe 'Test-PermissionManifest' {
    It 'returns $true for a valid manifest without a store (examples/acme.yaml)' {
        $errors = $null
        Test-PermissionManifest -Path $acmeYaml -ErrorVariable errors | Should -BeExactly $true
        Test-PermissionManifest -Path $acmeYaml -Mode Sync | Should -BeExactly $true
        $errors | Should -BeNullOrEmpty
        Test-Path -LiteralPath $env:PERMSHELL_STORE | Should -BeFalse -Because 'validation needs no store and creates none'
    }

    It 'refuses <Class> with $false and each problem at its file:line:column' -ForEach $badCases {
        $path = New-ManifestCase $Files
        $folder = (Test-Path -LiteralPath $path -PathType Container) ? $path : (Split-Path $path)
        $size = $_.ContainsKey('MaximumSize') ? $MaximumSize : 64MB

        $result = Test-PermissionManifest -Path $path -Mode $Mode -MaximumSize $size -ErrorVariable problems -ErrorAction SilentlyContinue

        $result | Should -BeExactly $false
        Get-ProblemText $problems $folder | Should -BeExactly $Expected
        foreach ($p in $problems) {
            # A file's own problems are InvalidData; a rule book problem keeps the category it has through the
            # cmdlets (the one error catalogue gives both paths the same id and category).
            $id = ($p.FullyQualifiedErrorId -split ',')[0]
            $category = @{ 'PermShell.Grant.UnknownPermission' = 'ObjectNotFound'; 'PermShell.Subject.NotFound' = 'ObjectNotFound'; 'PermShell.Group.MembershipCycle' = 'InvalidOperation' }[$id]
            $p.CategoryInfo.Category | Should -Be ($category ?? ($id -like 'PermShell.Manifest.*' ? 'InvalidData' : 'InvalidArgument'))
            $p.Exception.Message | Should -BeLike "$($p.TargetObject): *" -Because 'the message starts with file:line:column'
            $p.TargetObject.File | Should -BeLike "$folder*"
        }
        $problems[0].Exception.Message | Should -BeLike ('*' + [WildcardPattern]::Escape(($Message -f "$folder/")) + '*')
    }

    It 'reports a missing path as PermShell.Manifest.NotFound' {
        $missing = Join-Path (New-TestFolder) 'nope.yaml'

        Test-PermissionManifest -Path $missing -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeExactly $false

        Assert-PermError $problems[0] 'PermShell.Manifest.NotFound' -Category ObjectNotFound -Target $missing
    }

    It 'without a store, leaves references for the import in Merge mode and checks them in Sync mode' {
        $path = New-Manifest "version: 1`nusers:`n  - name: bob`n    grants: [WIKI_VEIW]`ngroups:`n  - name: dev`n    members: [carol]`n"

        Test-PermissionManifest -Path $path | Should -BeExactly $true
        Test-PermissionManifest -Path $path -Mode Sync -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeExactly $false
        Get-ProblemText $problems (Split-Path $path) | Should -BeExactly 'PermShell.Subject.NotFound@m.yaml:7:15'
    }

    It 'with -Store, checks references against that store too, as an import would' {
        $store = New-TestStore -Template Trac
        $null = New-PermissionDefinition -Store $store -Name TAGS_VIEW
        $null = New-PermUser -Store $store -Name carol
        $before = Get-StoreContent -Store $store
        $good = New-Manifest "version: 1`nusers:`n  - name: bob`n    grants: [TAGS_VIEW]`ngroups:`n  - name: dev`n    members: [bob, carol]`n"
        $typo = New-Manifest "version: 1`nusers:`n  - name: bob`n    grants: [TAGS_VEIW]`ngroups:`n  - name: dev`n    members: [bob, carl]`n"

        Test-PermissionManifest -Path $good -Store $store | Should -BeExactly $true
        Test-PermissionManifest -Path $typo | Should -BeExactly $true -Because 'without a store, Merge leaves references for the import'
        Test-PermissionManifest -Path $typo -Store $store -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeExactly $false

        Get-ProblemText $problems (Split-Path $typo) | Should -BeExactly 'PermShell.Grant.UnknownPermission@m.yaml:4:14', 'PermShell.Subject.NotFound@m.yaml:7:20'
        "$($problems[0])" | Should -BeLike '*TAGS_VEIW is not a valid permission. Did you mean TAGS_VIEW?'
        "$($problems[1])" | Should -BeLike "*There is no user or group named 'carl'. Did you mean carol?"
        Get-StoreContent -Store $store | Should -BeExactly $before -Because 'validation writes nothing'
    }

    It 'with -Store in Sync mode, checks what the sections the manifest leaves alone hold' {
        $store = New-TestStore -Template Trac
        $path = New-Manifest "version: 1`nusers:`n  - name: bob`n    grants: [WIKI_VIEW, WIKI_VEIW]`n"

        Test-PermissionManifest -Path $path -Mode Sync | Should -BeExactly $true
        Test-PermissionManifest -Path $path -Mode Sync -Store $store -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeExactly $false

        Get-ProblemText $problems (Split-Path $path) | Should -BeExactly 'PermShell.Grant.UnknownPermission@m.yaml:4:25'
    }

    It 'with -Store naming a missing file, is PermShell.Store.NotFound and creates nothing' {
        $missing = Join-Path (New-TestFolder) 'typo.db'
        $path = New-Manifest "version: 1`n"

        { Test-PermissionManifest -Path $path -Store $missing -ErrorAction Stop } | Should -Throw -ErrorId 'PermShell.Store.NotFound*'
        Test-Path -LiteralPath $missing | Should -BeFalse
    }

    It 'takes files from the pipeline (Get-ChildItem binds by FullName), one result each' {
        $good = New-Manifest "version: 1`n"
        $bad = Join-Path (Split-Path $good) 'n.yaml'
        [IO.File]::WriteAllText($bad, "version: 1`nusrs: []`n")

        $results = Get-ChildItem (Split-Path $good) -Filter *.yaml | Test-PermissionManifest -ErrorAction SilentlyContinue

        $results | Should -BeExactly $true, $false
    }

    It 'refuses an alias bomb quickly' {
        # A billion-laughs document: ten references to ten references ... nine levels deep, a few hundred bytes.
        $lines = @('version: 1', 'x0: &a0 [x, x, x, x, x, x, x, x, x, x]') + (1..9 | ForEach-Object { $level = $_; "x${level}: &a$level [" + ((@("*a$($level - 1)") * 10) -join ', ') + ']' })
        $path = New-Manifest (($lines -join "`n") + "`n")

        $elapsed = Measure-Command { Test-PermissionManifest -Path $path -ErrorAction SilentlyContinue }

        $elapsed.TotalSeconds | Should -BeLessThan 10
    }
}

Describe 'Compare-PermissionManifest' {
    It 'returns the plan as PermShell.Change objects with Action, Kind, Subject and Target' {
        $plan = Compare-PermissionManifest -Path $acmeYaml -Store $tracStore 6>$null

        $plan | ForEach-Object { $_.PSTypeNames | Should -Contain 'PermShell.Change' }
        foreach ($p in 'Action', 'Kind', 'Subject', 'Target', 'Before', 'After') { $plan[0].PSObject.Properties.Name | Should -Contain $p }
        $plan.Count | Should -Be 26
        ($plan | Group-Object Kind | ForEach-Object { "$($_.Name)=$($_.Count)" }) | Sort-Object |
            Should -BeExactly 'Grant=9', 'Group=4', 'Member=7', 'User=6'
        "$($plan[0].Action)|$($plan[0].Kind)|$($plan[0].Subject)|$($plan[0].Target)" | Should -BeExactly 'Add|User|alice|'
        $plan | Where-Object { $_.Kind -eq 'Member' -and $_.Subject -eq 'developer' } | ForEach-Object Target | Should -BeExactly 'bob', 'release'
        $plan[0].After.Email | Should -BeExactly 'alice@acme.example'
    }

    It 'writes the one-line summary to the information stream, not to the output' {
        $all = Compare-PermissionManifest -Path $acmeYaml -Store $tracStore 6>&1
        $output = Compare-PermissionManifest -Path $acmeYaml -Store $tracStore -InformationVariable info 6>$null

        Get-InformationText $all | Should -BeExactly 'Plan: 26 to add, 0 to change, 0 to remove.'
        $output | ForEach-Object { $_.PSTypeNames | Should -Contain 'PermShell.Change' }
        $info.Tags | Should -Contain 'PermShell.Plan'
    }

    It 'changes nothing in the store' {
        $s = Copy-TestStore -From $tracStore
        $before = Get-StoreContent -Store $s

        $null = Compare-PermissionManifest -Path $acmeYaml -Store $s -Mode Sync 6>$null

        Get-StoreContent -Store $s | Should -BeExactly $before
    }

    It 'says "No changes" when the store matches' {
        $info = Compare-PermissionManifest -Path $acmeYaml -Store $acmeStore -Mode Sync 6>&1

        Get-InformationText $info | Should -BeExactly 'No changes. The store matches the manifest.'
        @($info | Where-Object { $_ -isnot [System.Management.Automation.InformationRecord] }) | Should -HaveCount 0
    }

    It 'plans additions and updates in Merge mode, and also removals in Sync mode' {
        $s = Copy-TestStore -From $acmeStore
        $null = New-PermUser -Store $s -Name eve
        Grant-Permission -Store $s -Subject dave -Name REPORT_ADMIN
        $null = Set-PermUser -Store $s -Name bob -Email bob@builder.example

        $merge = Compare-PermissionManifest -Path $acmeYaml -Store $s 6>$null
        $sync = Compare-PermissionManifest -Path $acmeYaml -Store $s -Mode Sync 6>&1

        ($merge | ForEach-Object { "$($_.Action)|$($_.Kind)|$($_.Subject)|$($_.Target)" }) | Should -BeExactly 'Update|User|bob|'
        $merge[0].Before.Email, $merge[0].After.Email | Should -BeExactly 'bob@builder.example', 'bob@acme.example'
        Get-InformationText $sync | Should -BeExactly 'Plan: 0 to add, 1 to change, 2 to remove.'
        ($sync | Where-Object { $_ -isnot [System.Management.Automation.InformationRecord] } | ForEach-Object { "$($_.Action)|$($_.Kind)|$($_.Subject)|$($_.Target)" }) |
            Should -BeExactly 'Remove|Grant|dave|REPORT_ADMIN', 'Remove|User|eve|', 'Update|User|bob|'
    }

    It 'renders the plan as Markdown with -AsMarkdown' {
        $s = Copy-TestStore -From $acmeStore
        $null = New-PermUser -Store $s -Name eve
        $null = Set-PermUser -Store $s -Name bob -Email 'bob|x@example.org'

        $md = Compare-PermissionManifest -Path $acmeYaml -Store $s -Mode Sync -AsMarkdown 6>$null

        $md | Should -HaveCount 1
        $md | Should -BeOfType [string]
        $lines = $md -split "`n"
        $lines[0] | Should -BeLike '### PermShell plan for *Sync*'
        $lines | Should -Contain '**Plan: 0 to add, 1 to change, 1 to remove.**'
        $lines | Should -Contain '| | Kind | Name | Target | Details |'
        $lines | Should -Contain '| `-` remove | User | `eve` |  |  |'
        $lines | Should -Contain '| `~` change | User | `bob` |  | email: `bob\|x@example.org` → `bob@acme.example` |'
    }

    It 'renders an empty plan as Markdown with the "No changes" summary' {
        $md = Compare-PermissionManifest -Path $acmeYaml -Store $acmeStore -AsMarkdown 6>$null

        $md | Should -BeLike '*No changes. The store matches the manifest.*'
        $md | Should -Not -BeLike '*| Kind |*'
    }

    It 'checks the manifest against the store: an unknown permission in Merge mode, with the closest suggested' {
        $path = New-Manifest "version: 1`nusers:`n  - name: bob`n    grants: [WIKI_VEIW]`n"

        $plan = Compare-PermissionManifest -Path $path -Store $acmeStore -ErrorVariable problems -ErrorAction SilentlyContinue 6>$null

        $plan | Should -BeNullOrEmpty
        Get-ProblemText $problems (Split-Path $path) | Should -BeExactly 'PermShell.Grant.UnknownPermission@m.yaml:4:14'
        $problems[0].Exception.Message | Should -BeLike '*WIKI_VEIW is not a valid permission. Did you mean WIKI_VIEW?'
    }
}

Describe 'Import-PermissionManifest' {
    BeforeEach {
        $script:s = Copy-TestStore -From $tracStore
    }

    It 'applies a Merge plan in one transaction and then matches the manifest' {
        $r0 = Get-Revision $s

        $out = Import-PermissionManifest -Path $acmeYaml -Store $s 6>&1

        $out | Where-Object { $_ -isnot [System.Management.Automation.InformationRecord] } | Should -BeNullOrEmpty
        Get-InformationText $out | Should -BeExactly 'Plan: 26 to add, 0 to change, 0 to remove.'
        Get-Revision $s | Should -Be ($r0 + 1) -Because 'an import is one transaction'
        Get-StoreContent $s | Should -BeExactly ((Get-StoreContent $acmeStore) -replace 'revision=\d+', "revision=$($r0 + 1)") -Because 'acme.yaml describes what acme-permissions.ps1 builds'
        Test-Permission -Store $s -Subject carol -Name TICKET_APPEND | Should -BeTrue
    }

    It 're-importing the same manifest reports "No changes" and writes nothing' {
        Import-PermissionManifest -Path $acmeYaml -Store $s 6>$null
        $before = Get-StoreContent $s

        $out = Import-PermissionManifest -Path $acmeYaml -Store $s -PassThru 6>&1
        $sync = Import-PermissionManifest -Path $acmeYaml -Store $s -Mode Sync -PassThru 6>&1

        Get-InformationText $out | Should -BeExactly 'No changes. The store matches the manifest.'
        Get-InformationText $sync | Should -BeExactly 'No changes. The store matches the manifest.'
        $out, $sync | Where-Object { $_ -isnot [System.Management.Automation.InformationRecord] } | Should -BeNullOrEmpty
        Get-StoreContent $s | Should -BeExactly $before -Because 'the revision and the content are unchanged'
    }

    It '-WhatIf shows the plan and writes nothing' {
        $before = Get-StoreContent $s

        $out = Import-PermissionManifest -Path $acmeYaml -Store $s -WhatIf -PassThru 6>&1

        Get-InformationText $out | Should -BeExactly 'Plan: 26 to add, 0 to change, 0 to remove.'
        $out | Where-Object { $_ -isnot [System.Management.Automation.InformationRecord] } | Should -BeNullOrEmpty
        Get-StoreContent $s | Should -BeExactly $before
    }

    It '-PassThru returns exactly the plan Compare-PermissionManifest returned (plan = apply), in <Mode> mode' -ForEach @(@{ Mode = 'Merge' }, @{ Mode = 'Sync' }) {
        $t = Copy-TestStore -From $acmeStore
        $null = New-PermUser -Store $t -Name eve
        Grant-Permission -Store $t -Subject dave -Name REPORT_ADMIN
        $null = Set-PermUser -Store $t -Name bob -Email bob@builder.example -IsSuperuser $true
        $null = New-PermGroup -Store $t -Name ops -Description 'Operations'
        Add-PermGroupMember -Store $t -Group ops -Member carol
        $path = New-Manifest ((Get-Content -Raw $acmeYaml) + "  - name: qa`n    description: Quality`n    members: [alice, release]`n    grants: [REPORT_CREATE]`n")

        $plan = Compare-PermissionManifest -Path $path -Store $t -Mode $Mode 6>$null
        $applied = Import-PermissionManifest -Path $path -Store $t -Mode $Mode -Force -PassThru 6>$null

        $plan.Count | Should -BeGreaterThan 3
        Get-ChangeText $applied | Should -BeExactly @(Get-ChangeText $plan)
        Compare-PermissionManifest -Path $path -Store $t -Mode $Mode 6>$null | Should -BeNullOrEmpty -Because 'after the apply the store matches'
    }

    It 'Sync removes what the manifest lacks, only with -Force in a session that cannot ask' {
        $t = Copy-TestStore -From $acmeStore
        $null = New-PermUser -Store $t -Name eve
        $before = Get-StoreContent $t

        $child = Invoke-ChildPwsh -Script @"
`$r = Import-PermissionManifest -Path '$acmeYaml' -Store '$t' -Mode Sync -ErrorAction SilentlyContinue -ErrorVariable e
'ids:' + ((`$e | ForEach-Object { (`$_.FullyQualifiedErrorId -split ',')[0] }) -join ';')
'message:' + `$e[0].Exception.Message
"@

        $child | Should -Contain 'ids:PermShell.Manifest.RemovalNotConfirmed'
        $child | Should -Contain 'message:Sync removes 1 user that the manifest lacks, and this session cannot ask for confirmation. Nothing was applied. Review the plan with Compare-PermissionManifest -Mode Sync, then import with -Force.'
        Get-StoreContent $t | Should -BeExactly $before -Because 'nothing is applied without consent'

        $applied = Import-PermissionManifest -Path $acmeYaml -Store $t -Mode Sync -Force -PassThru 6>$null

        ($applied | ForEach-Object { "$($_.Action)|$($_.Kind)|$($_.Subject)" }) | Should -BeExactly 'Remove|User|eve'
        Get-PermUser -Store $t -Name eve -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'Sync -Force -WhatIf still writes nothing' {
        $t = Copy-TestStore -From $acmeStore
        $null = New-PermUser -Store $t -Name eve
        $before = Get-StoreContent $t

        Import-PermissionManifest -Path $acmeYaml -Store $t -Mode Sync -Force -WhatIf 6>$null

        Get-StoreContent $t | Should -BeExactly $before
    }

    It 'Merge never removes' {
        $t = Copy-TestStore -From $acmeStore
        $null = New-PermUser -Store $t -Name eve
        $path = New-Manifest "version: 1`nusers:`n  - name: alice`ngroups:`n  - name: anonymous`n    grants: [WIKI_VIEW]`n"

        Import-PermissionManifest -Path $path -Store $t 6>$null

        (Get-PermUser -Store $t).Count | Should -Be 7
        (Get-Permission -Store $t -Subject anonymous).Count | Should -Be 12
    }

    It 'Sync leaves a section the manifest omits alone' {
        $t = Copy-TestStore -From $acmeStore
        $path = New-Manifest "version: 1`nusers:`n  - name: alice`n    grants: [WIKI_VIEW]`n  - name: bob`n"

        $applied = Import-PermissionManifest -Path $path -Store $t -Mode Sync -Force -PassThru 6>$null

        (Get-PermUser -Store $t).Name | Sort-Object | Should -BeExactly 'alice', 'bob'
        (Get-PermUser -Store $t -Name alice).Email | Should -BeExactly '' -Because "Sync makes a listed user's attributes exactly as listed"
        (Get-Permission -Store $t -Subject alice).Permission | Should -BeExactly 'WIKI_VIEW'
        (Get-PermissionStore -Store $t).Permissions | Should -Be 42 -Because 'no permissions: section, so the catalog is left alone'
        (Get-PermGroup -Store $t).Name | Should -BeExactly (Get-PermGroup -Store $acmeStore).Name
        (Get-Permission -Store $t -Subject anonymous).Count | Should -Be 12 -Because 'no groups: section, so anonymous keeps its grants'
        (Get-PermGroupMember -Store $t -Group developer).Member | Should -BeExactly 'bob', 'release' -Because "a listed user's memberships stay"
        Get-PermGroupMember -Store $t -Group Support | Should -BeNullOrEmpty -Because 'removed users lose their memberships'
        $applied | Where-Object Action -EQ Remove | ForEach-Object { "$($_.Kind)" } | Sort-Object -Unique | Should -BeExactly 'Grant', 'Member', 'User'
    }

    It 'Sync with a groups: section removes unlisted groups and the grants of an unlisted anonymous' {
        $t = Copy-TestStore -From $acmeStore
        $path = New-Manifest "version: 1`ngroups:`n  - name: staff`n    grants: [WIKI_VIEW]`n  - name: authenticated`n    grants: [TICKET_CREATE]`n"

        Import-PermissionManifest -Path $path -Store $t -Mode Sync -Force 6>$null

        (Get-PermGroup -Store $t).Name | Should -BeExactly 'staff'
        (Get-PermGroup -Store $t -Name staff).MemberCount | Should -Be 0
        Get-Permission -Store $t -Subject anonymous | Should -BeNullOrEmpty
        (Get-Permission -Store $t -Subject authenticated).Permission | Should -BeExactly 'TICKET_CREATE'
        (Get-PermUser -Store $t).Count | Should -Be 6 -Because 'no users: section'
        (Get-Permission -Store $t -Subject alice).Permission | Should -BeExactly 'WIKI_ADMIN'
    }

    It 'Sync with a permissions: section removes unlisted definitions with their grants' {
        $t = Copy-TestStore -From $acmeStore
        $path = New-Manifest "version: 1`npermissions:`n  - name: WIKI_ADMIN`n    implies: [`"WIKI_*`"]`n  - name: WIKI_VIEW`n"

        Import-PermissionManifest -Path $path -Store $t -Mode Sync -Force 6>$null

        (Get-PermissionDefinition -Store $t).Name | Should -BeExactly 'WIKI_ADMIN', 'WIKI_VIEW'
        (Get-Permission -Store $t | ForEach-Object { "$($_.Subject):$($_.Permission)" }) | Sort-Object | Should -BeExactly 'alice:WIKI_ADMIN', 'anonymous:WIKI_VIEW'
    }

    It 'refuses <Class> with the same problems and leaves the store unchanged' -ForEach $badCases {
        $t = Copy-TestStore -From $acmeStore
        $before = Get-StoreContent $t
        $path = New-ManifestCase $Files
        $folder = (Test-Path -LiteralPath $path -PathType Container) ? $path : (Split-Path $path)
        $size = $_.ContainsKey('MaximumSize') ? $MaximumSize : 64MB

        $out = Import-PermissionManifest -Path $path -Store $t -Mode $Mode -Force -PassThru -MaximumSize $size -ErrorVariable problems -ErrorAction SilentlyContinue 6>$null

        $out | Should -BeNullOrEmpty
        Get-ProblemText $problems $folder | Should -BeExactly $Expected
        Get-StoreContent $t | Should -BeExactly $before -Because 'a bad manifest writes nothing (revision and content)'
    }

    It 'reads a folder of *.yaml and *.yml files as one manifest' {
        $folder = New-TestFolder
        [IO.File]::WriteAllText((Join-Path $folder 'users.yaml'), "version: 1`nusers:`n  - name: bob`n")
        [IO.File]::WriteAllText((Join-Path $folder 'groups.yml'), "version: 1`ngroups:`n  - name: dev`n    members: [bob]`n")
        [IO.File]::WriteAllText((Join-Path $folder 'notes.txt'), "not: [a manifest")

        $applied = Import-PermissionManifest -Path $folder -Store $s -PassThru 6>$null

        ($applied | ForEach-Object { "$($_.Action)|$($_.Kind)|$($_.Subject)|$($_.Target)" }) | Should -BeExactly 'Add|User|bob|', 'Add|Group|dev|', 'Add|Member|dev|bob'
    }

    It 'shows progress while reading and while writing a large plan' {
        $t = Copy-TestStore -From $tracStore
        # 600 users: a plan large enough for the write to report its progress (small ones write at once).
        $large = Join-Path (New-TestFolder) 'large.yaml'
        Set-Content -LiteralPath $large -Value (@('version: 1', 'users:') + (1..600 | ForEach-Object { "  - name: user$_" }))
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$($PermShellModulePath -replace "'", "''")'; Import-PermissionManifest -Path '$large' -Store '$t'")
            $null = $ps.Invoke()
            $ps.Streams.Error | Should -BeNullOrEmpty
            $activities = $ps.Streams.Progress | ForEach-Object Activity | Select-Object -Unique
        }
        finally { $ps.Dispose() }

        $activities | Should -BeExactly 'Reading manifest', 'Writing changes'
    }
}

Describe 'Export-PermissionManifest' {
    It 'writes the store to the pipeline as one string: version first, LF endings, one final newline' {
        $text = Export-PermissionManifest -Store $acmeStore

        $text | Should -HaveCount 1
        $text | Should -BeOfType [string]
        $text | Should -BeLike "version: 1`npermissions:`n  - name: BROWSER_VIEW`n*"
        $text | Should -Not -Match "`r"
        $text | Should -BeLike "*`n"
        $text | Should -Not -BeLike "*`n`n"
        $text.Contains("`ngroups:`n  - name: Support`n    members: [dave, mallory]`n    grants: [REPORT_VIEW, TICKET_EDIT_CC]`n  - name: anonymous`n") | Should -BeTrue
    }

    It 'writes a file in UTF-8 without a BOM and with LF endings, the same bytes as the pipeline string' {
        $file = Join-Path (New-TestFolder) 'export.yaml'

        $out = Export-PermissionManifest -Store $acmeStore -Path $file

        $out | Should -BeNullOrEmpty
        $bytes = [IO.File]::ReadAllBytes($file)
        $bytes[0..2] | Should -Not -Be 0xEF, 0xBB, 0xBF
        $bytes | Should -Not -Contain 13
        [Text.Encoding]::UTF8.GetString($bytes) | Should -BeExactly (Export-PermissionManifest -Store $acmeStore)
    }

    It 'export, import into an empty store, export gives the same bytes (<Template> store)' -ForEach @(
        @{ Template = 'Trac'; Acme = $false }, @{ Template = 'Trac'; Acme = $true }, @{ Template = 'Django'; Acme = $false }, @{ Template = 'Empty'; Acme = $false }
    ) {
        $from = $Acme ? $acmeStore : (New-TestStore -Template $Template)
        $folder = New-TestFolder
        Export-PermissionManifest -Store $from -Path (Join-Path $folder 'a.yaml')
        $to = New-TestStore

        Import-PermissionManifest -Store $to -Path (Join-Path $folder 'a.yaml') 6>$null
        Export-PermissionManifest -Store $to -Path (Join-Path $folder 'b.yaml')

        [IO.File]::ReadAllBytes((Join-Path $folder 'b.yaml')) | Should -Be ([IO.File]::ReadAllBytes((Join-Path $folder 'a.yaml')))
        Get-StoreContent $to | Should -BeExactly ((Get-StoreContent $from) -replace 'revision=\d+', "revision=$(Get-Revision $to)")
    }

    It 'is stable: an export imported with Sync changes nothing' {
        $file = Join-Path (New-TestFolder) 'acme.yaml'
        Export-PermissionManifest -Store $acmeStore -Path $file

        Compare-PermissionManifest -Path $file -Store $acmeStore -Mode Sync 6>$null | Should -BeNullOrEmpty
        Test-PermissionManifest -Path $file -Mode Sync | Should -BeExactly $true
    }

    It '-WhatIf writes no file' {
        $file = Join-Path (New-TestFolder) 'export.yaml'

        Export-PermissionManifest -Store $acmeStore -Path $file -WhatIf

        Test-Path -LiteralPath $file | Should -BeFalse
    }

    It 'a file that cannot be written is PermShell.Manifest.CannotWrite' {
        $file = Join-Path (New-TestFolder) 'missing/export.yaml'

        Export-PermissionManifest -Store $acmeStore -Path $file -ErrorVariable problems -ErrorAction SilentlyContinue

        Assert-PermError $problems[0] 'PermShell.Manifest.CannotWrite' -Category ResourceUnavailable -Target $file
    }
}

Describe 'The manifest schema' {
    BeforeAll {
        $script:schemaPath = Join-Path $moduleRoot 'PermShell.Manifest.schema.json'
        # The parser's keys, read from the core assembly (internal; it lives in the module's private load context).
        $core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'PermShell.Core' } | Select-Object -First 1
        $keys = $core.GetType('PermShell.Core.Manifest.ManifestKeys', $true)
        $script:parserKeys = @{}
        foreach ($name in 'TopLevel', 'Permission', 'User', 'Group') {
            $parserKeys[$name] = $keys.GetField($name, [Reflection.BindingFlags]'Static, Public, NonPublic').GetValue($null)
        }
    }

    It 'ships at the module root, is named in the module manifest and is valid JSON' {
        Test-Path -LiteralPath $schemaPath -PathType Leaf | Should -BeTrue
        (Import-PowerShellDataFile -LiteralPath $PermShellModulePath).FileList | Should -Contain 'PermShell.Manifest.schema.json'
        { Get-Content -Raw -LiteralPath $schemaPath | ConvertFrom-Json -AsHashtable } | Should -Not -Throw
    }

    It 'has exactly the parser''s keys, at the top and in each entry' {
        $schema = Get-Content -Raw -LiteralPath $schemaPath | ConvertFrom-Json -AsHashtable

        @($schema.properties.Keys) | Should -BeExactly @($parserKeys.TopLevel)
        @($schema.definitions.permission.properties.Keys) | Should -BeExactly @($parserKeys.Permission)
        @($schema.definitions.user.properties.Keys) | Should -BeExactly @($parserKeys.User)
        @($schema.definitions.group.properties.Keys) | Should -BeExactly @($parserKeys.Group)
        $schema.additionalProperties | Should -BeFalse
    }

    It 'is what the examples point their editors at' {
        $line = Get-Content -LiteralPath $acmeYaml -TotalCount 1

        $line | Should -BeLike '# yaml-language-server: $schema=*PermShell.Manifest.schema.json'
    }
}

Describe 'A Sync that would remove most of the grants' {
    BeforeAll {
        # bob holds three grants, ann one: four in all.
        $script:guarded = New-SampleStore
        $null = New-PermUser -Store $guarded -Name bob
        $null = New-PermUser -Store $guarded -Name ann
        Grant-Permission -Store $guarded -Subject bob -Name WIKI_VIEW, TICKET_VIEW, WIKI_ADMIN
        Grant-Permission -Store $guarded -Subject ann -Name WIKI_VIEW
        $script:guardFolder = New-TestFolder
        # Lists the users without their grants: Sync would remove all four.
        $script:emptying = Join-Path $guardFolder 'emptying.yaml'
        Set-Content -LiteralPath $emptying -Value "version: 1`nusers:`n  - name: bob`n  - name: ann"
        # Keeps bob's three: Sync would remove one of four.
        $script:trimming = Join-Path $guardFolder 'trimming.yaml'
        Set-Content -LiteralPath $trimming -Value "version: 1`nusers:`n  - name: bob`n    grants: [TICKET_VIEW, WIKI_ADMIN, WIKI_VIEW]`n  - name: ann"
    }

    It 'is refused without -Force, even with -Confirm:$false, and writes nothing' {
        $s = Copy-TestStore -From $guarded
        $before = Get-StoreContent -Store $s

        Import-PermissionManifest -Store $s -Path $emptying -Mode Sync -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue 6>$null

        Assert-PermError $err[0] 'PermShell.Manifest.MostGrantsRemoved' -Category InvalidOperation
        $err[0].Exception.Message | Should -BeLike 'Sync would remove 4 of the store''s 4 grants, more than half.*-Force*'
        Get-StoreContent -Store $s | Should -BeExactly $before
    }

    It 'is applied with -Force' {
        $s = Copy-TestStore -From $guarded
        Import-PermissionManifest -Store $s -Path $emptying -Mode Sync -Force 6>$null
        Get-Permission -Store $s | Should -BeNullOrEmpty
    }

    It 'with -WhatIf, only warns that applying it needs -Force' {
        $s = Copy-TestStore -From $guarded
        Import-PermissionManifest -Store $s -Path $emptying -Mode Sync -WhatIf -WarningVariable warned 3>$null 6>$null
        "$warned" | Should -BeLike '*remove 4 of the store''s 4 grants*needs -Force*'
        @(Get-Permission -Store $s).Count | Should -Be 4
    }

    It 'leaves a Sync that removes fewer to the usual question' {
        $s = Copy-TestStore -From $guarded
        Import-PermissionManifest -Store $s -Path $trimming -Mode Sync -Confirm:$false 6>$null
        (Get-Permission -Store $s).Subject | Should -Be 'bob', 'bob', 'bob'
    }
}
