using Npgsql;
using PermShell.Core.Store;
using PermShell.Core.Store.Postgres;

namespace PermShell.Core.Tests.Store.Postgres;

/// <summary>
/// Which locations are PostgreSQL stores, how connection strings and URIs are read (schema, TLS, the PG* variables for
/// what they leave out), and that the location a store shows never holds the password. No server needed.
/// </summary>
[Collection(EnvironmentVariables.Collection)]
public sealed class PostgresLocationTests
{
    [Theory]
    [InlineData("Host=db;Database=perms", true)]
    [InlineData("host = db ; database = perms; username=a", true)]
    [InlineData("Database=perms;Search Path=team", true)]
    [InlineData("postgres://db/perms", true)]
    [InlineData("PostgreSQL://admin@db:5433/perms?sslmode=require", true)]
    [InlineData("/var/lib/permshell/store.db", false)]
    [InlineData("./Host=odd;name.db", false)]
    [InlineData("C:\\stores\\acme.db", false)]
    [InlineData("store.db", false)]
    public void A_connection_string_or_a_postgres_uri_names_PostgreSQL_and_anything_else_a_file(string location, bool isPostgres)
    {
        Assert.Equal(isPostgres, StoreFactory.IsConnectionString(location));
    }

    [Fact]
    public void A_URI_gives_user_password_host_port_database_schema_and_TLS_and_shows_all_but_the_password()
    {
        var location = PostgresLocation.Parse("postgresql://perm%20admin:s%3Acret@db.example.com:5433/perms?sslmode=verify-full&schema=team");
        var built = new NpgsqlConnectionStringBuilder(location.ConnectionString);
        Assert.Equal(("perm admin", "s:cret", "db.example.com", 5433, "perms", SslMode.VerifyFull),
            (built.Username, built.Password, built.Host, built.Port, built.Database, built.SslMode));
        Assert.Equal("team", location.Schema);
        Assert.Equal("postgresql://perm%20admin@db.example.com:5433/perms?schema=team", location.Display);
        Assert.DoesNotContain("cret", location.Display, StringComparison.Ordinal);
    }

    [Fact]
    public void A_connection_string_keeps_its_TLS_options_and_takes_the_schema_from_its_search_path()
    {
        var location = PostgresLocation.Parse("Host=db;Database=perms;Username=admin;Password=hunter2;SSL Mode=Require;Search Path=team");
        var built = new NpgsqlConnectionStringBuilder(location.ConnectionString);
        Assert.Equal(SslMode.Require, built.SslMode);
        Assert.Equal("team", location.Schema);
        Assert.Equal("postgresql://admin@db:5432/perms?schema=team", location.Display);
        Assert.Equal(PostgresLocation.DefaultSchema, PostgresLocation.Parse("Host=db;Database=perms").Schema);
    }

    [Fact]
    public void What_the_string_leaves_out_comes_from_PGHOST_PGPORT_PGDATABASE_PGUSER_and_PGSSLMODE()
    {
        using var env = new EnvironmentVariables(("PGHOST", "pg.internal"), ("PGPORT", "6543"), ("PGDATABASE", "authz"), ("PGUSER", "runbook"), ("PGSSLMODE", "require"));
        var built = new NpgsqlConnectionStringBuilder(PostgresLocation.Parse("Search Path=team;Database=authz").ConnectionString);
        Assert.Equal(("pg.internal", 6543, "authz", "runbook", SslMode.Require), (built.Host, built.Port, built.Database, built.Username, built.SslMode));
        // What the string says wins.
        var given = new NpgsqlConnectionStringBuilder(PostgresLocation.Parse("Host=db;Port=5432;Database=perms;Username=admin;SSL Mode=Disable").ConnectionString);
        Assert.Equal(("db", 5432, "perms", "admin", SslMode.Disable), (given.Host, given.Port, given.Database, given.Username, given.SslMode));
    }

    [Fact]
    public void A_malformed_string_is_refused_without_repeating_it()
    {
        var e = Assert.Throws<PermShellException>(() => PostgresLocation.Parse("Host=db;Database=perms;Password=hunter2;Bogus Key=1"));
        Assert.Equal("PermShell.Store.BadConnectionString", e.ErrorId);
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
        Assert.Equal("PermShell.Store.BadConnectionString",
            Assert.Throws<PermShellException>(() => PostgresLocation.Parse("postgresql://db/perms?schema=no;drop")).ErrorId);
    }
}

/// <summary>Sets environment variables for one test and puts the old values back; tests that use it do not run in parallel.</summary>
public sealed class EnvironmentVariables : IDisposable
{
    public const string Collection = "Environment variables";

    private readonly List<(string Name, string? Old)> _saved = new();

    public EnvironmentVariables(params (string Name, string? Value)[] values)
    {
        foreach (var (name, value) in values)
        {
            _saved.Add((name, Environment.GetEnvironmentVariable(name)));
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public void Dispose()
    {
        foreach (var (name, old) in _saved) Environment.SetEnvironmentVariable(name, old);
    }
}

[CollectionDefinition(EnvironmentVariables.Collection, DisableParallelization = true)]
public sealed class EnvironmentVariablesCollection { }
