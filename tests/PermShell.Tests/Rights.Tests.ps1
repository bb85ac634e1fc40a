# Enforced stores (issue 12, SPEC §5): every right × every changing cmdlet and import format, allowed and denied, and
# the escalation attempts that must all fail with PermShell.Rights.AccessDenied and a Denied log entry.
#
# The actor is the OS user running these tests ([Environment]::UserName; DOMAIN\user on Windows); nothing lets a test claim another identity.
# So each role is a store of its own: the fixture is enforced (the OS user becomes its superuser), then, while the OS
# user is still a superuser, it gives itself the role's rights and takes its own superuser status away. The cmdlets
# then really run as that role. What a store holds is read with python's sqlite3, behind PermShell's back, because a
# role without PERMISSION_AUDIT may not read it through PermShell.

BeforeDiscovery {
    # The roles, by the rights they hold (granted to the OS user's PermShell user). Each also holds WIKI_ADMIN (every
    # WIKI_* permission), so a grant of WIKI_DELETE is a grant of something it holds.
    $script:roles = 'none', 'grant', 'revoke', 'admin', 'audit', 'groupmembers', 'superuser'

    # Every changing cmdlet and import format, with the roles that may do it. The store: users bob (WIKI_VIEW) and
    # carol, groups support (WIKI_VIEW; carol; the role's user for groupmembers) and admins (TRAC_ADMIN), and a
    # resource policy with one section, [wiki:Private*] * =.
    $script:operations = @(
        @{ Operation = 'Grant-Permission'; Allowed = 'grant', 'admin', 'superuser'
            Call = { param($s) Grant-Permission -Store $s -Subject bob -Name WIKI_DELETE } }
        @{ Operation = 'Revoke-Permission'; Allowed = 'revoke', 'admin', 'superuser'
            Call = { param($s) Revoke-Permission -Store $s -Subject bob -Name WIKI_VIEW 3>$null } }
        @{ Operation = 'Add-PermGroupMember'; Allowed = 'grant', 'admin', 'groupmembers', 'superuser'
            Call = { param($s) Add-PermGroupMember -Store $s -Group support -Member bob } }
        @{ Operation = 'Remove-PermGroupMember'; Allowed = 'revoke', 'admin', 'groupmembers', 'superuser'
            Call = { param($s) Remove-PermGroupMember -Store $s -Group support -Member carol } }
        @{ Operation = 'New-PermUser'; Allowed = 'admin', 'superuser'
            Call = { param($s) New-PermUser -Store $s -Name dave } }
        @{ Operation = 'Set-PermUser'; Allowed = 'admin', 'superuser'
            Call = { param($s) Set-PermUser -Store $s -Name bob -Email 'bob@example.org' } }
        @{ Operation = 'Remove-PermUser'; Allowed = 'admin', 'superuser'
            Call = { param($s) Remove-PermUser -Store $s -Name bob -Confirm:$false } }
        @{ Operation = 'Rename-PermUser'; Allowed = 'admin', 'superuser'
            Call = { param($s) Rename-PermUser -Store $s -Name carol -NewName caroline } }
        @{ Operation = 'New-PermGroup'; Allowed = 'admin', 'superuser'
            Call = { param($s) New-PermGroup -Store $s -Name ops } }
        @{ Operation = 'Set-PermGroup'; Allowed = 'admin', 'superuser'
            Call = { param($s) Set-PermGroup -Store $s -Name support -Description 'Help desk' } }
        @{ Operation = 'Remove-PermGroup'; Allowed = 'admin', 'superuser'
            Call = { param($s) Remove-PermGroup -Store $s -Name support -Confirm:$false } }
        @{ Operation = 'Rename-PermGroup'; Allowed = 'admin', 'superuser'
            Call = { param($s) Rename-PermGroup -Store $s -Name support -NewName helpdesk } }
        @{ Operation = 'Set-PermissionPolicy'; Allowed = 'admin', 'superuser'
            Call = { param($s) Set-PermissionPolicy -Store $s -Resource 'wiki:*' -Rule 'bob = WIKI_VIEW, !WIKI_DELETE' } }
        @{ Operation = 'Remove-PermissionPolicy'; Allowed = 'admin', 'superuser'
            Call = { param($s) Remove-PermissionPolicy -Store $s -Resource 'wiki:Private*' -Confirm:$false } }
        @{ Operation = 'New-PermissionDefinition'; Allowed = 'admin', 'superuser'
            Call = { param($s) New-PermissionDefinition -Store $s -Name WIKI_EXPORT } }
        @{ Operation = 'Set-PermissionDefinition'; Allowed = 'admin', 'superuser'
            Call = { param($s) Set-PermissionDefinition -Store $s -Name WIKI_VIEW -Description 'See the wiki' } }
        @{ Operation = 'Remove-PermissionDefinition'; Allowed = 'admin', 'superuser'
            Call = { param($s) Remove-PermissionDefinition -Store $s -Name WIKI_RENAME -Confirm:$false } }
        @{ Operation = 'Import-PermissionManifest (YAML)'; Allowed = 'admin', 'superuser'
            Call = { param($s) Import-File $s 'm.yaml' "version: 1`nusers:`n  - name: dave`n" } }
        @{ Operation = 'Import-PermissionManifest (Trac CSV)'; Allowed = 'grant', 'admin', 'superuser'
            Call = { param($s) Import-File $s 'p.csv' "bob,WIKI_DELETE,WIKI_VIEW`n" -Format TracCsv } }
        @{ Operation = 'Import-PermissionManifest (Django fixture)'; Allowed = 'admin', 'superuser'
            Call = { param($s) Import-File $s 'auth.json' (New-DjangoUser dave) -Format DjangoFixture } }
        @{ Operation = 'Set-PermissionStore -Enforce:$false'; Allowed = 'superuser'
            Call = { param($s) Set-PermissionStore -Store $s -Enforce:$false } }
    )
    $script:matrix = foreach ($op in $operations) {
        foreach ($role in $roles) {
            @{ Operation = $op.Operation; Role = $role; Call = $op.Call; Allowed = $role -in $op.Allowed }
        }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule

    # Runs a call and returns its errors, terminating or not (warnings and information dropped).
    function Import-File([string] $Store, [string] $Name, [string] $Text, [string] $Format = 'Yaml', [switch] $WhatIf) {
        $path = Join-Path (New-TestFolder) $Name
        [IO.File]::WriteAllText($path, $Text)
        Import-PermissionManifest -Store $Store -Path $path -Format $Format -Force -WhatIf:$WhatIf
    }

    # A Django fixture (manage.py dumpdata auth) with one user, natural keys.
    function New-DjangoUser([string] $Name, [bool] $Superuser = $false, [string[]] $Groups = @()) {
        $user = @{ model = 'auth.user'; fields = @{ username = $Name; password = ''; last_login = $null; is_superuser = $Superuser
                first_name = ''; last_name = ''; email = ''; is_staff = $false; is_active = $true
                date_joined = '2024-01-01T00:00:00Z'; groups = @($Groups | ForEach-Object { , @($_) }); user_permissions = @() } }
        ConvertTo-Json -InputObject @($user) -Depth 6
    }

    # Everything the store holds, read with sqlite3 behind PermShell's back (no right needed), one line per row.
    function Get-Rows([string] $Store) {
        Invoke-Python -Arguments $Store -Script @'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for t in ["permission", "implication", "subject", "membership", "permission_grant", "policy_section", "policy_rule"]:
    for r in c.execute("SELECT * FROM " + t + " ORDER BY 1, 2"):
        print(t, r)
print("enforced", c.execute("SELECT value FROM meta WHERE key = 'enforced'").fetchone())
'@
    }

    # The last log entry as "Action|Subject|Target|Actor", read behind PermShell's back.
    function Get-LastEntry([string] $Store) {
        Invoke-Python -Arguments $Store -Script @'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print("|".join(c.execute("SELECT action, subject, target, actor FROM change_log ORDER BY id DESC LIMIT 1").fetchone()))
'@
    }

    # A copy of the store with its enforcement flag cleared behind PermShell's back (SQLite's trust boundary: whoever
    # writes the file is not held), so the test can verify the log and read it whole.
    function Get-UnenforcedCopy([string] $Store) {
        $copy = Copy-TestStore -From $Store
        Invoke-Python -Arguments $copy -Script @'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("UPDATE meta SET value = '0' WHERE key = 'enforced'")
c.commit()
'@
        $copy
    }

    # The fixture: a Trac store, enforced by the OS user (its superuser), with bob, carol, support and admins.
    $script:Fixture = New-TestStore -Template Trac
    $null = 'bob', 'carol' | New-PermUser -Store $Fixture
    $null = 'support', 'admins' | New-PermGroup -Store $Fixture
    Grant-Permission -Store $Fixture -Subject bob, support -Name WIKI_VIEW
    Grant-Permission -Store $Fixture -Subject admins -Name TRAC_ADMIN
    Add-PermGroupMember -Store $Fixture -Group support -Member carol
    Set-PermissionPolicy -Store $Fixture -Resource 'wiki:Private*' -Rule '* ='
    Set-PermissionStore -Store $Fixture -Enforce
    # The actor as PermShell names it: [Environment]::UserName here, DOMAIN\user on Windows.
    $script:me = (Get-PermissionLog -Store $Fixture -Last 1).Actor
    if (-not $IsWindows) { $me | Should -BeExactly ([Environment]::UserName) }

    # A copy of the fixture in which the OS user plays <Role>: given its rights by itself, then no more a superuser.
    $script:RoleStores = @{}
    function New-RoleStore([string] $Role) {
        if (-not $RoleStores[$Role]) {
            $s = Copy-TestStore -From $Fixture
            $rights = @{ none = @(); grant = 'PERMISSION_GRANT'; revoke = 'PERMISSION_REVOKE'; admin = 'PERMISSION_ADMIN'
                audit = 'PERMISSION_AUDIT'; groupmembers = 'GROUP_MEMBERS_CHANGE'; superuser = @() }[$Role]
            if ($Role -ne 'superuser') {
                Grant-Permission -Store $s -Subject $me -Name (@('WIKI_ADMIN') + $rights)
                if ($Role -eq 'groupmembers') { Add-PermGroupMember -Store $s -Group support -Member $me }
                Set-PermUser -Store $s -Name $me -IsSuperuser $false
            }
            $RoleStores[$Role] = $s
        }
        Copy-TestStore -From $RoleStores[$Role]
    }

    # Asserts that a call was refused as an escalation must be: AccessDenied naming the operation, nothing changed,
    # and a Denied entry by the OS user at the end of a log that still verifies.
    # -With passes more arguments to the call (a closure would not see this file's functions).
    function Assert-Refused([string] $Store, [scriptblock] $Call, [string] $Because, [object[]] $With = @()) {
        $before = Get-Rows $Store
        $errors = Get-CallError { & $Call $Store @With }.GetNewClosure()
        @($errors | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] }) | Should -Contain 'PermShell.Rights.AccessDenied' -Because $Because
        $denied = $errors | Where-Object { $_.FullyQualifiedErrorId -like 'PermShell.Rights.AccessDenied*' } | Select-Object -First 1
        $denied.CategoryInfo.Category | Should -Be PermissionDenied
        Get-Rows $Store | Should -BeExactly $before -Because "a refused action changes nothing ($Because)"
        $entry = (Get-LastEntry $Store) -split '\|'
        $entry[0] | Should -BeExactly 'Denied'
        $entry[3] | Should -BeExactly $me
        $entry[2] | Should -Not -BeNullOrEmpty -Because 'the entry names the attempted operation'
        Test-PermissionLog -Store (Get-UnenforcedCopy $Store) | Should -BeTrue
        $denied
    }
}

AfterAll {
    Remove-TestRoot
}

Describe 'Set-PermissionStore -Enforce' {
    It 'makes the OS user an active superuser, adds the rights the catalog lacks and logs the switch' {
        $s = New-TestStore

        $info = Set-PermissionStore -Store $s -Enforce -PassThru

        $info.IsEnforced | Should -BeTrue
        (Get-PermissionStore -Store $s).IsEnforced | Should -BeTrue
        $user = Get-PermUser -Store $s -Name $me
        $user.IsActive | Should -BeTrue
        $user.IsSuperuser | Should -BeTrue
        (Get-PermissionDefinition -Store $s).Name | Should -Be 'GROUP_MEMBERS_CHANGE', 'PERMISSION_ADMIN', 'PERMISSION_AUDIT', 'PERMISSION_GRANT', 'PERMISSION_REVOKE'
        (Get-PermissionDefinition -Store $s -Name PERMISSION_ADMIN).Implies | Should -Be 'PERMISSION_GRANT', 'PERMISSION_REVOKE'
        $last = Get-PermissionLog -Store $s -Last 1
        "$($last.Action) $($last.Target) $($last.Actor)" | Should -BeExactly "Set Enforcement On $me"
        Test-PermissionLog -Store $s | Should -BeTrue
    }

    It '-WhatIf changes nothing' {
        $s = New-TestStore
        $before = Get-Rows $s

        Set-PermissionStore -Store $s -Enforce -WhatIf

        Get-Rows $s | Should -BeExactly $before
        (Get-PermissionStore -Store $s).IsEnforced | Should -BeFalse
    }

    It 'a superuser switches it off, and the store behaves as before' {
        $s = Copy-TestStore -From $Fixture

        Set-PermissionStore -Store $s -Enforce:$false

        (Get-PermissionStore -Store $s).IsEnforced | Should -BeFalse
        (Get-PermissionLog -Store $s -Last 1).Target | Should -BeExactly 'Off'
        Set-PermUser -Store $s -Name $me -IsSuperuser $false
        Grant-Permission -Store $s -Subject bob -Name TRAC_ADMIN
        Test-Permission -Store $s -Subject bob -Name TRAC_ADMIN | Should -BeTrue
    }

    It 'an unenforced store does not need the actor to be a user at all' {
        $s = New-TestStore -Template Trac
        New-PermUser -Store $s -Name bob | Grant-Permission -Store $s -Name TRAC_ADMIN
        Get-PermUser -Store $s -Name $me -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        (Get-PermissionAudit -Store $s -Name TRAC_ADMIN).User | Should -Be 'bob'
    }
}

Describe 'Every right × every changing cmdlet and import format' {
    It '<Operation> as <Role>: allowed = <Allowed>' -ForEach $matrix {
        $s = New-RoleStore $Role
        $before = Get-Rows $s

        if ($Allowed) {
            $errors = Get-CallError { & $Call $s }.GetNewClosure()
            $errors | Should -BeNullOrEmpty
            Get-Rows $s | Should -Not -BeExactly $before -Because 'an allowed change is made'
        }
        else {
            $null = Assert-Refused $s $Call "$Role may not $Operation"
        }
    }
}

Describe 'Escalation attempts all fail with AccessDenied and a Denied log entry' {
    It 'granting yourself TRAC_ADMIN with PERMISSION_GRANT' {
        $s = New-RoleStore grant
        $e = Assert-Refused $s { param($s) Grant-Permission -Store $s -Subject $me -Name TRAC_ADMIN } 'one grants only what one holds'
        $e.Exception.Message | Should -BeLike '*needs TRAC_ADMIN itself*'
        (Get-LastEntry $s) | Should -BeExactly "Denied|$me|grant TRAC_ADMIN to $me|$me"
    }

    It 'giving yourself TRAC_ADMIN on every resource with a policy entry, as PERMISSION_ADMIN' {
        $s = New-RoleStore admin
        $e = Assert-Refused $s { param($s) Set-PermissionPolicy -Store $s -Resource '*' -Rule "$me = TRAC_ADMIN" -Position 1 } 'a policy entry grants what it names'
        $e.Exception.Message | Should -BeLike "*may not add the policy section ``[``*``]*touches TRAC_ADMIN*"
        (Get-LastEntry $s) | Should -BeExactly "Denied|*|add the policy section [*]|$me"
    }

    It 'joining a group that holds more than you' {
        $s = New-RoleStore grant
        $e = Assert-Refused $s { param($s) Add-PermGroupMember -Store $s -Group admins -Member $me } 'admins holds TRAC_ADMIN'
        $e.Exception.Message | Should -BeLike '*a member of admins holds TRAC_ADMIN*'
    }

    It 'joining a group you do not belong to with GROUP_MEMBERS_CHANGE' {
        $s = New-RoleStore groupmembers
        $null = Assert-Refused $s { param($s) Add-PermGroupMember -Store $s -Group admins -Member $me } 'admins is not the actor''s group'
    }

    It 'setting your own superuser flag' {
        $s = New-RoleStore admin
        $e = Assert-Refused $s { param($s) Set-PermUser -Store $s -Name $me -IsSuperuser $true } 'only a superuser gives superuser status'
        $e.Exception.Message | Should -BeLike '*needs superuser status*'
    }

    It 'putting a group you do not manage inside one you do' {
        $s = New-RoleStore groupmembers
        $e = Assert-Refused $s { param($s) Add-PermGroupMember -Store $s -Group support -Member admins } 'admins is hidden from the actor'
        $e.Exception.Message | Should -BeLike '*not in admins*'
    }

    It 'a YAML manifest that sneaks in <What> among harmless changes' -ForEach @(
        @{ What = 'a superuser'; Yaml = "users:`n  - name: dave`n  - name: mallory`n    superuser: true`n"; Operation = 'create the superuser mallory' }
        @{ What = 'a grant'; Yaml = "users:`n  - name: dave`n    grants: [TRAC_ADMIN]`n"; Operation = 'grant TRAC_ADMIN to dave' }
        @{ What = 'a membership'; Yaml = "users:`n  - name: dave`ngroups:`n  - name: admins`n    members: [dave]`n"; Operation = 'add dave to group admins' }
        @{ What = 'a policy entry'; Yaml = "users:`n  - name: dave`npolicies:`n  - resource: 'ticket:*'`n    rules: ['dave = TRAC_ADMIN']`n"; Operation = 'add the policy section `[ticket:`*`]' }
    ) {
        $s = New-RoleStore admin
        $e = Assert-Refused $s { param($s, $y) Import-File $s 'm.yaml' "version: 1`n$y" } "the manifest sneaks in $What" -With $Yaml
        $e.Exception.Message | Should -BeLike "*$Operation*"
        (Get-LastEntry $s) | Should -BeLike "Denied|*|$Operation|$me"
        Get-PermUser -Store (Get-UnenforcedCopy $s) -Name dave -ErrorAction SilentlyContinue | Should -BeNullOrEmpty -Because 'the harmless changes are refused with it'
    }

    It 'a manifest with several forbidden changes lists each one, and logs each' {
        $s = New-RoleStore admin
        $e = Assert-Refused $s { param($s) Import-File $s 'm.yaml' "version: 1`nusers:`n  - name: dave`n    grants: [TRAC_ADMIN]`n  - name: mallory`n    superuser: true`n" } 'two forbidden changes'
        $e.Exception.Message | Should -BeLike '2 of the changes are not allowed, so none was made:*'
        $e.Exception.Message | Should -BeLike '*may not grant TRAC_ADMIN to dave*it needs TRAC_ADMIN itself*'
        $e.Exception.Message | Should -BeLike '*may not create the superuser mallory*it needs superuser status*'
        $log = Get-PermissionLog -Store (Get-UnenforcedCopy $s) -Last 2
        $log.Action | Should -Be 'Denied', 'Denied'
        $log.Target | Sort-Object | Should -Be 'create the superuser mallory', 'grant TRAC_ADMIN to dave'
    }

    It 'a Trac CSV that sneaks in a grant and a membership' {
        $s = New-RoleStore grant
        $e = Assert-Refused $s { param($s) Import-File $s 'p.csv' "bob,WIKI_DELETE`ncarol,TRAC_ADMIN`n$me,admins`n" -Format TracCsv } 'the CSV sneaks in TRAC_ADMIN'
        $e.Exception.Message | Should -BeLike '*grant TRAC_ADMIN to carol*'
        $e.Exception.Message | Should -BeLike "*add $me to group admins*"
    }

    It 'a Django fixture that sneaks in <What>' -ForEach @(
        @{ What = 'a superuser'; Superuser = $true; Groups = @() }
        @{ What = 'a membership'; Superuser = $false; Groups = @('admins') }
    ) {
        $s = New-RoleStore admin
        $json = New-DjangoUser mallory -Superuser $Superuser -Groups $Groups
        $null = Assert-Refused $s { param($s, $j) Import-File $s 'auth.json' $j -Format DjangoFixture } "the fixture sneaks in $What" -With $json
    }

    It 'revoking a superuser''s rights without being one' {
        $s = Copy-TestStore -From $Fixture
        New-PermUser -Store $s -Name boss -IsSuperuser $true | Grant-Permission -Store $s -Name WIKI_VIEW
        Grant-Permission -Store $s -Subject $me -Name PERMISSION_ADMIN, WIKI_ADMIN
        Set-PermUser -Store $s -Name $me -IsSuperuser $false

        $null = Assert-Refused $s { param($s) Revoke-Permission -Store $s -Subject boss -Name WIKI_VIEW } 'boss is a superuser'
        $null = Assert-Refused $s { param($s) Set-PermUser -Store $s -Name boss -IsSuperuser $false } 'only a superuser takes superuser status'
        $null = Assert-Refused $s { param($s) Rename-PermUser -Store $s -Name boss -NewName nobody } 'only a superuser changes a superuser'
    }

    It 'switching enforcement off' {
        $s = New-RoleStore admin
        $e = Assert-Refused $s { param($s) Set-PermissionStore -Store $s -Enforce:$false } 'only a superuser switches it off'
        $e.Exception.Message | Should -BeLike '*switch enforcement off*superuser status*'
        (Get-LastEntry $s) | Should -BeExactly "Denied||switch enforcement off|$me"
    }

    It 'removing yourself out of the audit trail, even as <Role>' -ForEach @(@{ Role = 'admin' }, @{ Role = 'superuser' }) {
        $s = New-RoleStore $Role
        $e = Assert-Refused $s { param($s) Remove-PermUser -Store $s -Name $me -Confirm:$false } 'the log would lose its actor'
        $e.Exception.Message | Should -BeLike '*cannot remove its own user*'
    }

    It 'renaming yourself out of the audit trail, even as <Role>' -ForEach @(@{ Role = 'admin' }, @{ Role = 'superuser' }) {
        $s = New-RoleStore $Role
        $e = Assert-Refused $s { param($s) Rename-PermUser -Store $s -Name $me -NewName 'someone-else' } 'the log would name a user that is gone'
        $e.Exception.Message | Should -BeLike '*cannot rename its own user*'
    }

    It 'changing your own user record without PERMISSION_ADMIN' {
        $s = New-RoleStore grant
        $null = Assert-Refused $s { param($s) Set-PermUser -Store $s -Name $me -DisplayName 'Someone else' } 'a user record is PERMISSION_ADMIN''s'
    }

    It 'replacing the enforced store with a new one or a backup' {
        $s = New-RoleStore admin
        $backup = Join-Path (New-TestFolder) 'b.db'
        $null = New-PermissionStore -Path $backup
        $null = Assert-Refused $s { param($s) New-PermissionStore -Path $s -Force } 'a new store drops the enforcement'
        $null = Assert-Refused $s { param($s, $b) Restore-PermissionStore -Store $s -Path $b -Confirm:$false } 'a restore drops the enforcement' -With $backup
    }

    It '-WhatIf tells a refusal too: <What>' -ForEach @(
        @{ What = 'New-PermUser'; Call = { param($s) New-PermUser -Store $s -Name dave -WhatIf } }
        @{ What = 'Grant-Permission'; Call = { param($s) Grant-Permission -Store $s -Subject bob -Name TRAC_ADMIN -WhatIf } }
        @{ What = 'a YAML import'; Call = { param($s) Import-File $s 'm.yaml' "version: 1`nusers:`n  - name: dave`n" -WhatIf } }
    ) {
        $null = Assert-Refused (New-RoleStore grant) $Call "$What would be refused"
    }

    It 'acting as an identity that is no active PermShell user' {
        $s = Copy-TestStore -From $Fixture
        New-PermUser -Store $s -Name other -IsSuperuser $true
        Set-PermUser -Store $s -Name $me -IsActive $false
        $e = Assert-Refused $s { param($s) New-PermGroup -Store $s -Name ops } 'an inactive actor changes nothing'
        $e.Exception.Message | Should -BeLike '*must be an active PermShell user*'
        $null = Assert-Refused $s { param($s) Get-PermUser -Store $s } 'an inactive actor reads nothing'
    }
}

Describe 'Reads in an enforced store' {
    It '<Read> needs PERMISSION_AUDIT' -ForEach @(
        @{ Read = 'Get-PermissionAudit'; Call = { param($s) Get-PermissionAudit -Store $s } }
        @{ Read = 'Export-PermissionAuditReport'; Call = { param($s) Export-PermissionAuditReport -Store $s -Path (New-TestFolder) -Force } }
        @{ Read = 'Export-PermissionGraph'; Call = { param($s) Export-PermissionGraph -Store $s -Subject bob } }
        @{ Read = 'Get-PermissionLog'; Call = { param($s) Get-PermissionLog -Store $s } }
        @{ Read = 'Test-PermissionLog'; Call = { param($s) Test-PermissionLog -Store $s } }
        @{ Read = 'Get-Permission -Effective of another user'; Call = { param($s) Get-Permission -Store $s -Subject bob -Effective } }
        @{ Read = 'Test-Permission -Explain of another user'; Call = { param($s) Test-Permission -Store $s -Subject bob -Name WIKI_VIEW -Explain } }
        @{ Read = 'Backup-PermissionStore'; Call = { param($s) Backup-PermissionStore -Store $s -Destination (Join-Path (New-TestFolder) 'b.db') } }
    ) {
        $null = Assert-Refused (New-RoleStore admin) $Call "$Read is an audit"
        $s = New-RoleStore audit
        Get-CallError { & $Call $s }.GetNewClosure() | Should -BeNullOrEmpty
    }

    It '<Read> needs PERMISSION_AUDIT or PERMISSION_ADMIN' -ForEach @(
        @{ Read = 'Export-PermissionManifest'; Call = { param($s) Export-PermissionManifest -Store $s } }
        @{ Read = 'Compare-PermissionManifest'; Call = {
                param($s)
                $path = Join-Path (New-TestFolder) 'm.yaml'
                [IO.File]::WriteAllText($path, "version: 1`nusers:`n  - name: dave`n")
                Compare-PermissionManifest -Store $s -Path $path } }
    ) {
        $null = Assert-Refused (New-RoleStore grant) $Call "$Read shows the whole store"
        foreach ($role in 'admin', 'audit') {
            $s = New-RoleStore $role
            Get-CallError { & $Call $s }.GetNewClosure() | Should -BeNullOrEmpty -Because "$role may $Read"
        }
    }

    It 'without rights an active user reads the catalog, users, groups and its own grants and effective permissions' {
        $s = New-RoleStore none

        (Get-PermissionDefinition -Store $s -Name WIKI_VIEW).Name | Should -Be 'WIKI_VIEW'
        (Get-PermUser -Store $s).Name | Should -Contain 'bob'
        (Get-PermGroup -Store $s).Name | Should -Be 'admins', 'support'
        (Get-PermGroupMember -Store $s -Group support).Member | Should -Be 'carol'
        (Get-PermissionPolicy -Store $s).Resource | Should -BeExactly 'wiki:Private*'
        (Get-Permission -Store $s -Subject $me).Permission | Should -Be 'WIKI_ADMIN'
        (Get-Permission -Store $s -Subject $me -Effective).Permission | Should -Contain 'WIKI_DELETE'
        Test-Permission -Store $s -Subject $me -Name WIKI_DELETE | Should -BeTrue
        $null = Assert-Refused $s { param($s) Get-Permission -Store $s -Subject bob } 'bob''s grants are not the actor''s'
    }

    It 'under GROUP_MEMBERS_CHANGE alone the groups the actor is not in are invisible' {
        $s = New-RoleStore groupmembers

        (Get-PermGroup -Store $s).Name | Should -Be 'support'
        Get-PermGroup -Store $s -Name admins -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Assert-PermError $problems[0] 'PermShell.Group.NotFound'
        Get-PermGroupMember -Store $s -Group admins -ErrorVariable problems -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Assert-PermError $problems[0] 'PermShell.Group.NotFound'
        (Get-PermGroupMember -Store $s -Group support).Member | Should -Contain $me
        Get-CompletionText "Add-PermGroupMember -Store '$s' -Group " | Should -Be 'support'
        Get-CompletionText "Add-PermGroupMember -Store '$s' -Group a" | Should -BeNullOrEmpty
    }

    It 'under GROUP_MEMBERS_CHANGE alone a hidden group nested in a visible one stays hidden, with -Recurse too' {
        $s = Copy-TestStore -From $Fixture
        New-PermGroup -Store $s -Name secret | Add-PermGroupMember -Store $s -Member bob
        Add-PermGroupMember -Store $s -Group support -Member secret, carol
        Grant-Permission -Store $s -Subject $me -Name GROUP_MEMBERS_CHANGE
        Add-PermGroupMember -Store $s -Group support -Member $me
        Set-PermUser -Store $s -Name $me -IsSuperuser $false

        $direct = Get-PermGroupMember -Store $s -Group support
        $nested = Get-PermGroupMember -Store $s -Group support -Recurse
        $unenforced = Get-PermGroupMember -Store (Get-UnenforcedCopy $s) -Group support -Recurse

        $direct.Member | Should -Be @('carol', $me | Sort-Object)
        $nested.Member | Should -Not -Contain 'secret'
        $nested.Via | Should -Not -Contain 'secret'
        $unenforced.Member | Should -Contain 'secret' -Because 'the same store unenforced shows the nested group, so the test sees the hiding'
    }
}
