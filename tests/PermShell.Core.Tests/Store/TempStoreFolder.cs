namespace PermShell.Core.Tests.Store;

/// <summary>A fresh temporary folder for real store files, removed after the test.</summary>
public sealed class TempStoreFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("permshell-test-").FullName;

    public string File(string name = "store.db") => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { /* best effort */ }
    }
}
