using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace PermShell.Core.Store.Postgres;

/// <summary>
/// Where a PostgreSQL store is: a connection string (<c>Host=db;Database=perms;Username=admin</c>) or a URI
/// (<c>postgresql://admin@db:5432/perms?sslmode=require&amp;schema=team</c>), plus the schema the store lives in
/// (<c>Search Path</c> in a connection string, <c>schema=</c> or <c>search_path=</c> in a URI; default
/// <see cref="DefaultSchema"/>). What the string leaves out comes from the usual PostgreSQL environment variables:
/// PGHOST, PGPORT, PGDATABASE, PGUSER and PGSSLMODE here; PGPASSWORD, PGPASSFILE (and ~/.pgpass) and the PGSSL*
/// certificate variables through Npgsql itself. <see cref="Display"/> is the only form shown anywhere: it never
/// holds a password.
/// </summary>
public sealed partial class PostgresLocation
{
    /// <summary>The schema a store lives in when none is given.</summary>
    public const string DefaultSchema = "permshell";

    private PostgresLocation(string connectionString, string schema, string display)
    {
        ConnectionString = connectionString;
        Schema = schema;
        Display = display;
    }

    /// <summary>What Npgsql connects with, without the schema (may hold a password: never show it).</summary>
    internal string ConnectionString { get; }

    /// <summary>The schema that holds the store's tables.</summary>
    public string Schema { get; }

    /// <summary>postgresql://user@host:port/database?schema=name: the store's location without any secret.</summary>
    public string Display { get; }

    /// <summary>Whether <paramref name="location"/> names a PostgreSQL store rather than a SQLite file path.</summary>
    public static bool IsPostgres(string? location)
    {
        if (string.IsNullOrWhiteSpace(location)) return false;
        var text = location.Trim();
        return text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || ConnectionStringKey().IsMatch(text);
    }

    // Host=, Server=, Database= ... followed by ';' somewhere: a path never looks like that by accident.
    [GeneratedRegex(@"^\s*(host|server|database|db|username|user id|userid|port)\s*=[^;]*;", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ConnectionStringKey();

    /// <summary>
    /// Reads a connection string or URI. A malformed one is PermShell.Store.BadConnectionString, whose message names
    /// the problem but never repeats the text (it may hold a password). Every cmdlet call on a store parses its
    /// location again: the few last read, with the environment variables they were filled from, are kept.
    /// </summary>
    public static PostgresLocation Parse(string location)
    {
        var key = location + "\n" + string.Join("\n", EnvironmentDefaults.Select(name => Environment.GetEnvironmentVariable(name)));
        if (Parsed.TryGetValue(key, out var known)) return known;
        var parsed = ParseAnew(location);
        if (Parsed.Count >= MaxParsed) Parsed.Clear();
        Parsed[key] = parsed;
        return parsed;
    }

    private const int MaxParsed = 16;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, PostgresLocation> Parsed = new(StringComparer.Ordinal);

    /// <summary>The variables <see cref="FillFromEnvironment"/> reads (the OS user name, its last default, does not change).</summary>
    private static readonly string[] EnvironmentDefaults = ["PGHOST", "PGPORT", "PGDATABASE", "PGUSER", "PGSSLMODE"];

    private static PostgresLocation ParseAnew(string location)
    {
        NpgsqlConnectionStringBuilder builder;
        string? schema;
        try
        {
            var text = location.Trim();
            (builder, schema) = text.Contains("://", StringComparison.Ordinal) ? FromUri(text) : FromKeywords(text);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException or UriFormatException)
        {
            throw new PermShellException("PermShell.Store.BadConnectionString", ProblemKind.InvalidArgument,
                $"The PostgreSQL connection string or URI cannot be read: {Scrub(e.Message, location)}", "postgresql");
        }
        FillFromEnvironment(builder);
        schema = string.IsNullOrWhiteSpace(schema) ? DefaultSchema : schema.Trim();
        if (!SafeSchemaName().IsMatch(schema))
            throw new PermShellException("PermShell.Store.BadConnectionString", ProblemKind.InvalidArgument,
                $"The schema name '{schema}' is not one PermShell uses: letters, digits and '_' only, starting with a letter or '_' (at most 63).", schema);
        // The schema is set on each connection (see PostgresPermissionStore.Connect), not here: then the stores of one
        // database share one connection pool, instead of a pool (and idle server connections) per schema.
        builder.SearchPath = null;
        builder.ApplicationName ??= "PermShell";
        var port = builder.Port == 0 ? NpgsqlConnection.DefaultPort : builder.Port;
        var user = string.IsNullOrEmpty(builder.Username) ? "" : Uri.EscapeDataString(builder.Username) + "@";
        var display = string.Create(CultureInfo.InvariantCulture, $"postgresql://{user}{builder.Host}:{port}/{Uri.EscapeDataString(builder.Database ?? "")}?schema={schema}");
        return new PostgresLocation(builder.ConnectionString, schema, display);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeSchemaName();

    private static (NpgsqlConnectionStringBuilder, string?) FromKeywords(string text)
    {
        var builder = new NpgsqlConnectionStringBuilder(text);
        return (builder, builder.SearchPath);
    }

    /// <summary>postgres[ql]://[user[:password]@]host[:port][/database][?key=value&amp;...], as libpq reads it.</summary>
    private static (NpgsqlConnectionStringBuilder, string?) FromUri(string text)
    {
        var uri = new Uri(text);
        if (uri.Scheme is not ("postgres" or "postgresql"))
            throw new FormatException($"a URI must start with postgres:// or postgresql://, not {uri.Scheme}://.");
        var builder = new NpgsqlConnectionStringBuilder();
        if (uri.Host.Length > 0) builder.Host = uri.Host;
        if (!uri.IsDefaultPort && uri.Port > 0) builder.Port = uri.Port;
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0) builder.Database = database;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0) builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        string? schema = null;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]).ToLowerInvariant();
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            switch (key)
            {
                case "schema" or "search_path": schema = value; break;
                case "sslmode": builder.SslMode = SslModeOf(value); break;
                case "sslrootcert": builder.RootCertificate = value; break;
                case "sslcert": builder.SslCertificate = value; break;
                case "sslkey": builder.SslKey = value; break;
                case "user": builder.Username = value; break;
                case "password": builder.Password = value; break;
                case "dbname": builder.Database = value; break;
                case "host": builder.Host = value; break;
                case "port": builder.Port = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "connect_timeout": builder.Timeout = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "application_name": builder.ApplicationName = value; break;
                default: builder[key] = value; break; // any Npgsql keyword; an unknown one is an error
            }
        }
        return (builder, schema);
    }

    /// <summary>libpq's sslmode values (disable, allow, prefer, require, verify-ca, verify-full).</summary>
    private static SslMode SslModeOf(string value) => value.ToLowerInvariant() switch
    {
        "disable" => SslMode.Disable,
        "allow" => SslMode.Allow,
        "prefer" => SslMode.Prefer,
        "require" => SslMode.Require,
        "verify-ca" => SslMode.VerifyCA,
        "verify-full" => SslMode.VerifyFull,
        _ => throw new FormatException($"sslmode={value} is not one of disable, allow, prefer, require, verify-ca, verify-full."),
    };

    /// <summary>libpq's defaults for what the connection string leaves out (Npgsql reads the password variables itself).</summary>
    private static void FillFromEnvironment(NpgsqlConnectionStringBuilder builder)
    {
        static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
        if (string.IsNullOrEmpty(builder.Host)) builder.Host = Env("PGHOST") ?? "localhost";
        if (!ExplicitPort(builder) && Env("PGPORT") is { } port && int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p)) builder.Port = p;
        if (string.IsNullOrEmpty(builder.Database) && Env("PGDATABASE") is { } db) builder.Database = db;
        if (string.IsNullOrEmpty(builder.Username)) builder.Username = Env("PGUSER") ?? Environment.UserName;
        if (string.IsNullOrEmpty(builder.Database)) builder.Database = builder.Username;
        if (Env("PGSSLMODE") is { } ssl && !builder.ConnectionString.Contains("SSL Mode", StringComparison.OrdinalIgnoreCase)) builder.SslMode = SslModeOf(ssl);
    }

    private static bool ExplicitPort(NpgsqlConnectionStringBuilder builder) =>
        builder.ConnectionString.Contains("Port=", StringComparison.OrdinalIgnoreCase);

    /// <summary>A parser's message, with the text it was given (and so any password in it) left out.</summary>
    internal static string Scrub(string message, string secret) =>
        secret.Length > 0 ? message.Replace(secret, "<connection string>", StringComparison.Ordinal) : message;

    public override string ToString() => Display;
}
