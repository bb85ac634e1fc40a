using System.Text.RegularExpressions;

namespace PermShell.Core.Tests;

/// <summary>
/// The error catalogue, the ids the code raises and the ids about_PermShell documents are the same set, and each raise
/// site gives its id the catalogue's category (read from the sources, so a new id cannot slip past).
/// </summary>
public sealed partial class ErrorCatalogueTests
{
    private static readonly string Root = SourceTree.Root;

    private static IEnumerable<(string File, string Text)> Sources() => SourceTree.Sources();

    // "PermShell.Area.What" as a string literal; assembly and namespace names (PermShell.Core.*) are not error ids.
    [GeneratedRegex("\"(PermShell\\.(?!Core\\.)[A-Z][A-Za-z]*\\.[A-Z][A-Za-z]*)\"")]
    private static partial Regex IdLiteral();

    [GeneratedRegex("new PermShellException\\(\"(PermShell\\.[A-Za-z]+\\.[A-Za-z]+)\",\\s*ProblemKind\\.(\\w+)")]
    private static partial Regex RaiseSite();

    private static IReadOnlySet<string> RaisedIds() =>
        Sources().SelectMany(s => IdLiteral().Matches(s.Text).Select(m => m.Groups[1].Value))
            .Where(id => id != "PermShell.Core.Tests")
            .ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void Ids_are_unique()
    {
        var duplicates = ErrorCatalogue.All.GroupBy(e => e.Id).Where(g => g.Count() > 1).Select(g => g.Key);
        Assert.Empty(duplicates);
    }

    [Fact]
    public void Every_id_raised_in_the_code_is_in_the_catalogue()
    {
        var missing = RaisedIds().Where(id => ErrorCatalogue.Find(id) is null).Order(StringComparer.Ordinal);
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_id_in_the_catalogue_is_raised_somewhere()
    {
        var raised = RaisedIds();
        var stale = ErrorCatalogue.All.Select(e => e.Id).Where(id => !raised.Contains(id));
        Assert.Empty(stale);
    }

    [Fact]
    public void No_id_is_built_at_run_time()
    {
        // An id made by interpolation cannot be checked against the catalogue.
        var built = Sources().Where(s => s.Text.Contains("$\"PermShell.{", StringComparison.Ordinal)).Select(s => s.File);
        Assert.Empty(built);
    }

    [Fact]
    public void Each_raise_site_gives_its_id_the_catalogue_category()
    {
        var wrong = Sources()
            .SelectMany(s => RaiseSite().Matches(s.Text).Select(m => (s.File, Id: m.Groups[1].Value, Kind: m.Groups[2].Value)))
            .Where(r => ErrorCatalogue.Find(r.Id) is { } entry && entry.Category.ToString() != r.Kind)
            .Select(r => $"{r.File}: {r.Id} raised as {r.Kind}, catalogued as {ErrorCatalogue.Find(r.Id)!.Category}");
        Assert.Empty(wrong);
    }

    [Fact]
    public void About_PermShell_documents_every_id_with_its_category()
    {
        var about = File.ReadAllText(Path.Combine(Root, "module", "en-US", "about_PermShell.help.txt"));
        var undocumented = ErrorCatalogue.All
            .Where(e => !about.Contains($"{e.Id} ({e.Category}{(e.Terminates ? ", stops" : "")})", StringComparison.Ordinal))
            .Select(e => e.Id);
        Assert.Empty(undocumented);
    }
}
