namespace PermShell.Core.Tests.Store;

/// <summary>A fresh temporary folder for real store files, removed after the test.</summary>
public sealed class TempStoreFolder : IDisposable
{
    /// <param name="preferMemory">On /dev/shm when there is one: for tests whose point is size, not the disk's fsyncs.</param>
    public TempStoreFolder(bool preferMemory = false)
    {
        Path = preferMemory && Directory.Exists("/dev/shm")
            ? Directory.CreateDirectory(System.IO.Path.Combine("/dev/shm", $"permshell-test-{Guid.NewGuid():N}")).FullName
            : Directory.CreateTempSubdirectory("permshell-test-").FullName;
    }

    public string Path { get; }

    public string File(string name = "store.db") => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { /* best effort */ }
    }
}
