using PermShell.Core.Manifest;
using PermShell.Core.Tests.Store;

namespace PermShell.Core.Tests.Manifest;

/// <summary>Real manifest files in a temp folder, and assertions on the problems a load reports.</summary>
internal sealed class ManifestFolder : IDisposable
{
    private readonly TempStoreFolder _temp = new();

    public string Path => _temp.Path;

    /// <summary>Writes <paramref name="yaml"/> (LF line endings) as <paramref name="name"/> and returns its path.</summary>
    public string Write(string name, string yaml)
    {
        var path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml.ReplaceLineEndings("\n"));
        return path;
    }

    public string StoreFile() => _temp.File();

    /// <summary>Loads the manifest at <paramref name="path"/> expecting it to be refused; returns the problems.</summary>
    public static IReadOnlyList<ManifestProblem> Refused(string path, ManifestLimits? limits = null)
    {
        var e = Assert.Throws<ManifestException>(() => ManifestLoader.Load(path, limits));
        Assert.Equal("PermShell.Manifest.Invalid", e.ErrorId);
        return e.Problems;
    }

    public static void AssertProblem(ManifestProblem problem, string file, int line, int column, string errorId)
    {
        Assert.Equal(errorId, problem.ErrorId);
        Assert.Equal(new SourceLocation(file, line, column), problem.Location);
    }

    public void Dispose() => _temp.Dispose();
}
