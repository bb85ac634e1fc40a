# Hostile and odd input through the cmdlets: names with quotes, SQL metacharacters, Unicode and bidirectional
# controls, the longest allowed name; a store on a path with spaces and quotes; a store the user cannot write.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    Import-PermShellTestModule

    $script:oddNames = @(
        "O'Brien", "Robert'); DROP TABLE subject;--", '" or 1=1 --', 'semi;colon', 'back\slash', '$(Get-Date)', '`backtick',
        '名前', 'Zoë', 'ｂｏｂ', '😀team', "$([char]0x200F)right-to-left", "$([char]0x202E)evil$([char]0x202C)", 'a: b #c', '[x]', 'Dev Team',
        ('n' * 150)
    )
}

AfterAll {
    Remove-TestRoot
}

Describe 'Odd names through the cmdlets' {
    BeforeAll {
        $script:store = New-SampleStore
        foreach ($n in $oddNames) {
            $null = New-PermUser -Store $store -Name $n -DisplayName $n -Email $n
            Grant-Permission -Store $store -Subject $n -Name WIKI_VIEW
        }
        $null = New-PermGroup -Store $store -Name "Ünïcödé 'group'"
        Add-PermGroupMember -Store $store -Group "Ünïcödé 'group'" -Member $oddNames
    }

    It 'stores each name exactly, and each is found again (wildcard characters escaped)' {
        foreach ($n in $oddNames) {
            $user = Get-PermUser -Store $store -Name ([WildcardPattern]::Escape($n)) -ErrorAction Stop
            $user.Name | Should -BeExactly $n
            $user.Email | Should -BeExactly $n
            Test-Permission -Store $store -Subject $n -Name WIKI_VIEW | Should -BeTrue
        }
        @(Get-PermGroupMember -Store $store -Group "Ünïcödé 'group'").Count | Should -Be $oddNames.Count
    }

    It 'logs each name exactly, and the log verifies' {
        $logged = @(Get-PermissionLog -Store $store | Where-Object Action -EQ 'Add User' | ForEach-Object Subject)
        $logged | Should -Be $oddNames
        Test-PermissionLog -Store $store | Should -BeTrue
    }

    It 'exports and imports them into an empty store, giving the same manifest' {
        $yaml = Export-PermissionManifest -Store $store
        $file = Join-Path (New-TestFolder) 'odd.yaml'
        Export-PermissionManifest -Store $store -Path $file
        $target = New-TestStore

        Import-PermissionManifest -Store $target -Path $file -Mode Sync -Force 6>$null

        Export-PermissionManifest -Store $target | Should -BeExactly $yaml
    }

    It 'refuses a name of 151 characters and a lone surrogate with PermShell.Name.Invalid' {
        New-PermUser -Store $store -Name ('n' * 151) -ErrorVariable e1 -ErrorAction SilentlyContinue
        New-PermUser -Store $store -Name "a$([char]0xD800)b" -ErrorVariable e2 -ErrorAction SilentlyContinue
        Assert-PermError $e1[0] 'PermShell.Name.Invalid' -Category InvalidArgument
        Assert-PermError $e2[0] 'PermShell.Name.Invalid' -Category InvalidArgument
        $e2[0].Exception.Message | Should -Match 'not valid Unicode'
    }
}

Describe 'A store on a path with spaces and quotes' {
    It 'works for every kind of call, backup and restore included' {
        $folder = Join-Path (New-TestFolder) "my perm's [store] folder"
        $path = Join-Path $folder 'perm shell.db'
        $null = New-PermissionStore -Path $path -Template Trac
        $null = New-PermUser -Store $path -Name bob
        Grant-Permission -Store $path -Subject bob -Name WIKI_VIEW
        Test-Permission -Store $path -Subject bob -Name WIKI_VIEW | Should -BeTrue
        Test-PermissionLog -Store $path | Should -BeTrue

        $backup = Backup-PermissionStore -Store $path -Destination (Join-Path $folder 'back up.db')
        $null = Restore-PermissionStore -Store $path -Path $backup.Path -Confirm:$false
        (Get-PermissionStore -Store $path).Users | Should -Be 1

        Connect-PermissionStore -Path $path
        try { (Get-PermUser).Name | Should -Be 'bob' }
        finally { Connect-PermissionStore -Path (New-TestStore) }
    }
}

Describe 'A store the user cannot write' {
    # As root (how the tests run) file modes do not stop writes, so the file or folder is made immutable with
    # chattr +i, which stops root too. tmpfs has no immutable files, so these stores live in the temp folder.
    BeforeAll {
        $script:isRoot = -not $IsWindows -and (& id -u) -eq '0'
        function Set-ReadOnly([string] $Path, [bool] $On) {
            if ($isRoot) { & chattr ($On ? '+i' : '-i') $Path; if ($LASTEXITCODE) { throw "chattr failed on $Path" } }
            elseif ($On) { & chmod a-w $Path } else { & chmod u+w $Path }
        }
        $script:roFolder = Join-Path ([IO.Path]::GetTempPath()) "permshell-ro-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        $null = New-Item -ItemType Directory -Path $roFolder
    }

    AfterAll {
        Remove-Item -LiteralPath $roFolder -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'reads a read-only store file, and refuses a write with PermShell.Store.ReadOnly, changing nothing' -Skip:$IsWindows {
        $path = Join-Path $roFolder 'file.db'
        $null = New-PermissionStore -Path $path -Template Trac
        $hash = (Get-FileHash -LiteralPath $path).Hash
        Set-ReadOnly $path $true
        try {
            (Get-PermissionDefinition -Store $path -Name WIKI_VIEW).Name | Should -Be 'WIKI_VIEW'
            Test-PermissionLog -Store $path | Should -BeTrue
            $e = { New-PermUser -Store $path -Name bob } | Should -Throw -PassThru
            Assert-PermError $e 'PermShell.Store.ReadOnly' -Category PermissionDenied -Target $path
            $e.Exception.Message | Should -Match 'read-only'
        }
        finally { Set-ReadOnly $path $false }
        (Get-FileHash -LiteralPath $path).Hash | Should -Be $hash
        @(Get-PermUser -Store $path).Count | Should -Be 0
    }

    It 'refuses a store whose folder is read-only with PermShell.Store.ReadOnly naming the -wal file' -Skip:$IsWindows {
        $folder = Join-Path $roFolder 'folder'
        $null = New-Item -ItemType Directory -Path $folder
        $path = Join-Path $folder 'store.db'
        $null = New-PermissionStore -Path $path
        Set-ReadOnly $folder $true
        try {
            $e = { Get-PermUser -Store $path } | Should -Throw -PassThru
            Assert-PermError $e 'PermShell.Store.ReadOnly' -Category PermissionDenied
            $e.Exception.Message | Should -Match 'store\.db-wal'
        }
        finally { Set-ReadOnly $folder $false }
    }
}
