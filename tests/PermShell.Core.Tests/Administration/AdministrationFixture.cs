using PermShell.Core.Administration;
using PermShell.Core.Store;
using PermShell.Core.Tests.Store;

namespace PermShell.Core.Tests.Administration;

/// <summary>A real store in a temp folder with a small Trac-like catalog, and one-call helpers that commit.</summary>
public sealed class AdministrationFixture : IDisposable
{
    private readonly TempStoreFolder _folder = new();

    public PermissionStore Store { get; }

    public AdministrationFixture()
    {
        Store = PermissionStore.Create(_folder.File(), StoreTemplateKind.Empty, overwrite: false);
        Call((w, h) =>
        {
            var catalog = new CatalogAdministration(w, h);
            catalog.Add("WIKI_VIEW", null, null, null, null);
            catalog.Add("WIKI_MODIFY", null, null, null, null);
            catalog.Add("WIKI_ADMIN", null, null, null, new[] { "WIKI_*" });
            catalog.Add("TICKET_VIEW", null, null, null, null);
            catalog.Add("auth.view_user", null, "user", "Can view user", null);
            var subjects = new SubjectAdministration(w, h);
            foreach (var name in new[] { "bob", "alice", "carol" }) subjects.AddUser(new User { Name = name });
            foreach (var name in new[] { "developer", "staff" }) subjects.AddGroup(new Group { Name = name });
        });
    }

    /// <summary>Runs one "cmdlet call": changes staged in a batch, written at the end like EndProcessing does.</summary>
    public RecordingHost Call(Action<ChangeBatch, RecordingHost> work, bool decline = false)
    {
        var host = new RecordingHost { Decline = decline };
        var batch = Store.BeginBatch();
        work(batch, host);
        Store.Commit(batch);
        return host;
    }

    public PermissionState State => Store.Snapshot().State;

    public void Dispose() => _folder.Dispose();
}
