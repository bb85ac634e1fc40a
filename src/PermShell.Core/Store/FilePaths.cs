namespace PermShell.Core.Store;

/// <summary>
/// Whether two full paths name the same file. The default file systems of Windows (NTFS) and macOS (APFS) ignore case,
/// so there <c>C:\Stores\Acme.db</c> and <c>c:\stores\acme.db</c> are one file; Linux file systems compare names exactly.
/// On a case-sensitive volume of Windows or macOS this errs on the safe side: two names differing only by case are
/// taken for one file, and a backup or restore between them is refused rather than overwriting the store.
/// </summary>
internal static class FilePaths
{
    public static bool IgnoreCase { get; } = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS();

    public static bool Same(string fullPath, string otherFullPath) => Same(fullPath, otherFullPath, IgnoreCase);

    internal static bool Same(string fullPath, string otherFullPath, bool ignoreCase) =>
        string.Equals(Path.TrimEndingDirectorySeparator(fullPath), Path.TrimEndingDirectorySeparator(otherFullPath),
            ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}
