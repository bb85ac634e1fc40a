<#
.SYNOPSIS
A throwaway PostgreSQL cluster for the test run: started before the tests, stopped (and deleted) after them.

.DESCRIPTION
Start-TestPostgres makes a new cluster in a temporary folder (initdb, trust authentication, loopback only, a free
port, the socket in its own folder) and returns its connection string; Stop-TestPostgres stops it and removes the
folder. As root, the server runs as the 'postgres' user (PostgreSQL refuses to run as root). The tests never skip
for lack of a server: without the PostgreSQL binaries this fails, saying what to install.
#>

# initdb and pg_ctl: Debian's versioned folder (the newest), else PATH.
function Find-PostgresBin {
    $debian = @(Get-ChildItem -Path '/usr/lib/postgresql/*/bin/initdb' -ErrorAction Ignore |
            Sort-Object { [version]('{0}.0' -f $_.Directory.Parent.Name) } -Descending)
    if ($debian.Count -gt 0) { return $debian[0].DirectoryName }
    $onPath = Get-Command initdb -CommandType Application -ErrorAction Ignore | Select-Object -First 1
    if ($onPath) { return Split-Path $onPath.Source }
    throw "The PostgreSQL server binaries (initdb, pg_ctl) are missing, and the tests need a throwaway cluster: install the 'postgresql' package (Debian/Ubuntu: apt-get install postgresql)."
}

function Get-FreeTcpPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

# Runs a PostgreSQL program, as the 'postgres' user when this process is root.
function Invoke-AsPostgres([string]$Program, [string[]]$Arguments) {
    $isRoot = -not $IsWindows -and (id -u) -eq '0'
    if ($isRoot) { & runuser -u postgres -- $Program @Arguments } else { & $Program @Arguments }
    if ($LASTEXITCODE -ne 0) { throw "$(Split-Path -Leaf $Program) failed with exit code $LASTEXITCODE" }
}

function Start-TestPostgres {
    $bin = Find-PostgresBin
    $folder = Join-Path ([IO.Path]::GetTempPath()) ('permshell-pg-' + [guid]::NewGuid().ToString('N').Substring(0, 12))
    $null = New-Item -ItemType Directory -Force $folder
    if (-not $IsWindows -and (id -u) -eq '0') { & chown postgres $folder; if ($LASTEXITCODE -ne 0) { throw "chown postgres $folder failed" } }
    $data = Join-Path $folder 'data'
    $port = Get-FreeTcpPort
    Invoke-AsPostgres (Join-Path $bin 'initdb') @('-D', $data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-locale') | Out-Null
    # Every role logs in without a password, except the one the tests of passwords use (tests/PermShell.Tests/Postgres.Tests.ps1).
    $hba = Join-Path $data 'pg_hba.conf'
    $rules = "host all permshell_secret 127.0.0.1/32 scram-sha-256`n" + (Get-Content -Raw -LiteralPath $hba)
    Set-Content -LiteralPath $hba -Value $rules -NoNewline   # root may write the postgres-owned file; it stays postgres's
    $options = "-p $port -k $folder -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off"
    Invoke-AsPostgres (Join-Path $bin 'pg_ctl') @('-D', $data, '-o', $options, '-l', (Join-Path $folder 'server.log'), '-w', 'start') | Out-Null
    [pscustomobject]@{
        Folder           = $folder
        Bin              = $bin
        Port             = $port
        ConnectionString = "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    }
}

function Stop-TestPostgres($Cluster) {
    if (-not $Cluster) { return }
    try {
        Invoke-AsPostgres (Join-Path $Cluster.Bin 'pg_ctl') @('-D', (Join-Path $Cluster.Folder 'data'), '-m', 'immediate', '-w', 'stop') | Out-Null
    }
    finally {
        Remove-Item -LiteralPath $Cluster.Folder -Recurse -Force -ErrorAction Ignore
    }
}
