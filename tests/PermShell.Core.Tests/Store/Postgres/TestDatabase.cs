using Npgsql;

namespace PermShell.Core.Tests.Store.Postgres;

/// <summary>
/// A schema of its own, in the throwaway PostgreSQL cluster that build.ps1 starts for the test run, for one test: its
/// connection string is $env:PERMSHELL_TEST_POSTGRES's with this schema as the search path. The schema is dropped
/// afterwards. Without the variable the test fails, saying how to get a cluster: no test skips for lack of one.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public const string Variable = "PERMSHELL_TEST_POSTGRES";

    public TestDatabase()
    {
        var baseString = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(baseString))
            throw new InvalidOperationException(
                $"${Variable} is not set: run the tests through build.ps1 -Task Test, which starts a throwaway PostgreSQL cluster " +
                "(install the 'postgresql' package if it says the binaries are missing), or set it to a connection string of a database you may create schemas in.");
        Schema = $"t_{Guid.NewGuid():N}";
        BaseConnectionString = baseString;
        ConnectionString = new NpgsqlConnectionStringBuilder(baseString) { SearchPath = Schema }.ConnectionString;
    }

    /// <summary>The schema this test's store lives in.</summary>
    public string Schema { get; }

    /// <summary>The cluster's connection string, without a schema.</summary>
    public string BaseConnectionString { get; }

    /// <summary>A connection string of a store in <see cref="Schema"/>.</summary>
    public string ConnectionString { get; }

    public void Dispose()
    {
        try
        {
            using var c = new NpgsqlConnection(BaseConnectionString);
            c.Open();
            using var cmd = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE;", c);
            cmd.ExecuteNonQuery();
        }
        catch (NpgsqlException) { /* the cluster is thrown away after the run anyway */ }
    }
}
