using PermShell.Core.Store;

namespace PermShell.Core.Tests.Store;

/// <summary>Backup and Restore refuse to copy a store onto itself; on Windows and macOS a name differing only by case is itself.</summary>
public class FilePathsTests
{
    [Fact]
    public void Names_differing_by_case_are_one_file_where_the_file_system_ignores_case()
    {
        Assert.True(FilePaths.Same("/srv/Stores/Acme.db", "/srv/stores/acme.db", ignoreCase: true));
        Assert.False(FilePaths.Same("/srv/Stores/Acme.db", "/srv/stores/acme.db", ignoreCase: false));
        Assert.True(FilePaths.Same("/srv/stores/acme.db", "/srv/stores/acme.db", ignoreCase: false));
        Assert.False(FilePaths.Same("/srv/stores/acme.db", "/srv/stores/acme2.db", ignoreCase: true));
    }
}
