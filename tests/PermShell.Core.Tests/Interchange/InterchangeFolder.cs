using PermShell.Core.Interchange;
using PermShell.Core.Manifest;
using PermShell.Core.Store;
using PermShell.Core.Templates;
using PermShell.Core.Tests.Manifest;
using PermShell.Core.Tests.Store;

namespace PermShell.Core.Tests.Interchange;

/// <summary>Interchange files and stores in a temp folder: write a file, import it as one transaction, export the result.</summary>
internal sealed class InterchangeFolder : IDisposable
{
    private readonly TempStoreFolder _temp = new();
    private int _files;

    /// <summary>Writes the text exactly as given (no line-end conversion) and returns its path.</summary>
    public string Write(string text, string extension)
    {
        var path = Path.Combine(_temp.Path, $"f{++_files}.{extension}");
        File.WriteAllText(path, text);
        return path;
    }

    public PermissionStore Store(PermissionState? state = null, StoreTemplateKind template = StoreTemplateKind.Empty)
    {
        var store = PermissionStore.Create(_temp.File($"s{++_files}.db"), template, overwrite: false);
        if (state is null) return store;
        using var writer = store.BeginWrite();
        foreach (var change in StateAsChanges.Additions(state)) writer.Apply(change);
        writer.Commit();
        return store;
    }

    /// <summary>Reads <paramref name="path"/> against the store's state and applies the plan; returns the plan.</summary>
    public static IReadOnlyList<Change> Import(PermissionStore store, string path, ManifestFormat format, ManifestMode mode = ManifestMode.Merge)
    {
        var batch = store.BeginBatch();
        var document = ManifestSource.Load(path, format, batch.State, mode);
        var plan = ManifestImport.Apply(batch, document, mode);
        store.Commit(batch);
        return plan;
    }

    /// <summary>The problems of a refused import; asserts that the store did not change.</summary>
    public static IReadOnlyList<ManifestProblem> Refused(PermissionStore store, string path, ManifestFormat format, ManifestMode mode = ManifestMode.Merge)
    {
        var before = ManifestWriter.Write(store.Snapshot().State);
        var e = Assert.Throws<ManifestException>(() => Import(store, path, format, mode));
        Assert.Equal(before, ManifestWriter.Write(store.Snapshot().State));
        return e.Problems;
    }

    public static string Export(PermissionStore store, ManifestFormat format) => ManifestExport.Write(store.Snapshot().State, format).Text;

    public void Dispose() => _temp.Dispose();
}
