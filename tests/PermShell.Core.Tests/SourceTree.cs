namespace PermShell.Core.Tests;

/// <summary>The repository's C# sources, for tests that read the code itself (error ids, where SQL lives).</summary>
internal static class SourceTree
{
    public static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PermShell.sln"))) return dir.FullName;
        throw new InvalidOperationException("PermShell.sln not found above the test's folder");
    }

    /// <summary>Every .cs file under src/ (build output left out), by its path relative to the root, with '/' separators.</summary>
    public static IEnumerable<(string File, string Text)> Sources() =>
        Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") &&
                        !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Select(f => (Path.GetRelativePath(Root, f).Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllText(f)));
}
