<#
.SYNOPSIS
    Fills a PermShell store with the Acme example: a Trac catalog, a few people and nested groups.
.DESCRIPTION
    Run it on a store made with New-PermissionStore -Template Trac. Every call here is an ordinary
    PermShell cmdlet, so this file doubles as a short tour of how a store is set up by hand.
.EXAMPLE
    New-PermissionStore -Path ./acme.db -Template Trac
    ./examples/acme-permissions.ps1 -Store ./acme.db
#>
[CmdletBinding()]
param(
    # The store to fill; without it, the session's default store.
    [string]$Store
)
$ErrorActionPreference = 'Stop'
$on = if ($Store) { @{ Store = $Store } } else { @{} }

# People. Mallory has left (inactive); Root is the one superuser.
@(
    @{ Name = 'alice';   DisplayName = 'Alice Liddell'; Email = 'alice@acme.example' }
    @{ Name = 'bob';     DisplayName = 'Bob Builder';   Email = 'bob@acme.example' }
    @{ Name = 'carol';   DisplayName = 'Carol Danvers'; Email = 'carol@acme.example' }
    @{ Name = 'dave';    DisplayName = 'Dave Lister';   Email = 'dave@acme.example' }
    @{ Name = 'mallory'; DisplayName = 'Mallory';       Email = 'mallory@acme.example'; IsActive = $false }
    @{ Name = 'root';    DisplayName = 'Site admin';    Email = 'root@acme.example';    IsSuperuser = $true }
) | ForEach-Object { [pscustomobject]$_ } | New-PermUser @on | Out-Null

# Groups nest: every developer is staff; release managers are developers.
'staff', 'developer', 'release', 'Support' | New-PermGroup @on | Out-Null
Add-PermGroupMember @on -Group staff -Member developer, Support
Add-PermGroupMember @on -Group developer -Member bob, release
Add-PermGroupMember @on -Group release -Member carol
Add-PermGroupMember @on -Group Support -Member dave, mallory

# Grants go to groups; Trac's meta-permissions do the rest.
Grant-Permission @on -Subject staff -Name WIKI_MODIFY, TIMELINE_VIEW
Grant-Permission @on -Subject developer -Name TICKET_ADMIN, BROWSER_VIEW
Grant-Permission @on -Subject release -Name MILESTONE_ADMIN, ROADMAP_ADMIN
Grant-Permission @on -Subject Support -Name TICKET_EDIT_CC, REPORT_VIEW
Grant-Permission @on -Subject alice -Name WIKI_ADMIN
