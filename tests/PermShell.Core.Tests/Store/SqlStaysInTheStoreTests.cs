using System.Text.RegularExpressions;

namespace PermShell.Core.Tests.Store;

/// <summary>
/// No SQL lives outside the store's folder (issue 10 item 5): the engine, the rule book, the manifests and the cmdlets
/// talk to <see cref="PermShell.Core.Store.IPermissionStore"/>, so a second backend replaces the store folder's code
/// and nothing else. Read from the sources: a statement in a string literal, or a SQLite type, anywhere else fails here.
/// </summary>
public sealed partial class SqlStaysInTheStoreTests
{
    private const string StoreFolder = "src/PermShell.Core/Store/";

    // A C# string literal's content (regular, interpolated, or one line of a verbatim one).
    [GeneratedRegex("\"((?:[^\"\\\\\\r\\n]|\\\\.)*)\"")]
    private static partial Regex StringLiteral();

    // The statements the stores write, as they write them (upper-case keywords).
    [GeneratedRegex(@"\b(SELECT\b.*\bFROM|INSERT (OR [A-Z]+ )?INTO|UPDATE \w+ SET|DELETE FROM|(CREATE|DROP) (TABLE|INDEX|TRIGGER|VIEW)|ALTER TABLE|PRAGMA \w+|BEGIN (IMMEDIATE|TRANSACTION)|COMMIT;)")]
    private static partial Regex Sql();

    [GeneratedRegex(@"^\s*using\s+Microsoft\.Data\.Sqlite\s*;", RegexOptions.Multiline)]
    private static partial Regex SqliteUsing();

    private static IEnumerable<string> SqlLiterals(string text) =>
        StringLiteral().Matches(text).Select(m => m.Groups[1].Value).Where(s => Sql().IsMatch(s));

    [Fact]
    public void No_string_literal_outside_the_store_folder_holds_SQL()
    {
        var found = SourceTree.Sources()
            .Where(s => !s.File.StartsWith(StoreFolder, StringComparison.Ordinal))
            .SelectMany(s => SqlLiterals(s.Text).Select(sql => $"{s.File}: \"{sql}\""));

        Assert.Empty(found);
    }

    [Fact]
    public void No_code_outside_the_store_folder_uses_SQLite_types()
    {
        var found = SourceTree.Sources()
            .Where(s => !s.File.StartsWith(StoreFolder, StringComparison.Ordinal) && SqliteUsing().IsMatch(s.Text))
            .Select(s => s.File);

        Assert.Empty(found);
    }

    [Fact]
    public void The_scan_finds_the_SQL_that_the_store_folder_does_hold()
    {
        // Without this, a scan that matches nothing would pass the test above for the wrong reason.
        var inStore = SourceTree.Sources().Where(s => s.File.StartsWith(StoreFolder, StringComparison.Ordinal)).SelectMany(s => SqlLiterals(s.Text)).ToList();

        Assert.Contains(inStore, sql => sql.StartsWith("INSERT INTO permission(", StringComparison.Ordinal));
        Assert.Contains(inStore, sql => sql.StartsWith("DELETE FROM permission_grant", StringComparison.Ordinal));
        Assert.Contains(inStore, sql => sql.StartsWith("PRAGMA integrity_check", StringComparison.Ordinal));
        Assert.Contains(inStore, sql => sql.StartsWith("SELECT key, value FROM meta", StringComparison.Ordinal));
    }
}
