using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace PermShell.LoadContext;

/// <summary>
/// The private AssemblyLoadContext that holds PermShell.dll and everything it ships (PermShell.Core,
/// Microsoft.Data.Sqlite, SQLitePCLRaw, YamlDotNet, the native SQLite library). PowerShell loads every
/// module into one process; keeping our dependencies here means another module's YamlDotNet or SQLite
/// cannot break us, and ours cannot break it.
/// </summary>
/// <remarks>
/// This assembly is the only one PermShell puts into the default context. PermShell.psm1 loads it with
/// Add-Type, calls <see cref="Initialize"/>, and imports the returned assembly with Import-Module -Assembly.
/// Anything not shipped in the private folder (System.*, System.Management.Automation) resolves to null
/// here, so the runtime falls back to the default context and PowerShell's own copies are shared.
/// </remarks>
public sealed class ModuleLoadContext : AssemblyLoadContext
{
    /// <summary>The context's name, visible in AssemblyLoadContext.All and in tests.</summary>
    public const string ContextName = "PermShell";

    /// <summary>The cmdlet assembly, the one PowerShell imports.</summary>
    public const string ModuleAssemblyName = "PermShell";

    /// <summary>The private folder beside this assembly that holds the module and its dependencies.</summary>
    public const string PrivateFolderName = "lib";

    private static readonly object Gate = new();
    private static ModuleLoadContext? _instance;

    private readonly string _privateDir;
    private readonly Assembly _moduleAssembly;

    private ModuleLoadContext(string privateDir)
        : base(ContextName, isCollectible: false)
    {
        _privateDir = privateDir;
        _moduleAssembly = LoadFromAssemblyPath(Path.Combine(privateDir, ModuleAssemblyName + ".dll"));
    }

    /// <summary>The folder this context loads from.</summary>
    public string PrivateDirectory => _privateDir;

    /// <summary>
    /// Creates the context on first call and returns the cmdlet assembly loaded in it. Later calls
    /// (Import-Module -Force, a second runspace) return the same assembly: a type can only be loaded once
    /// per context, and a non-collectible context lives as long as the process.
    /// </summary>
    public static Assembly Initialize()
    {
        lock (Gate)
        {
            if (_instance is null)
            {
                string loaderDir = Path.GetDirectoryName(typeof(ModuleLoadContext).Assembly.Location)
                    ?? throw new InvalidOperationException("PermShell.LoadContext.dll has no location on disk.");
                string privateDir = Path.Combine(loaderDir, PrivateFolderName);
                if (!File.Exists(Path.Combine(privateDir, ModuleAssemblyName + ".dll")))
                {
                    throw new FileNotFoundException(
                        $"PermShell is incomplete: {ModuleAssemblyName}.dll was not found in '{privateDir}'.",
                        Path.Combine(privateDir, ModuleAssemblyName + ".dll"));
                }
                _instance = new ModuleLoadContext(privateDir);
            }
            return _instance._moduleAssembly;
        }
    }

    /// <summary>The context once <see cref="Initialize"/> has run, else null.</summary>
    public static ModuleLoadContext? Instance
    {
        get { lock (Gate) { return _instance; } }
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // The loader itself stays in the default context: one copy of these types for everyone.
        if (assemblyName.Name == typeof(ModuleLoadContext).Assembly.GetName().Name)
        {
            return null;
        }
        // A framework assembly that Npgsql wants newer than an older runtime has (System.Diagnostics.DiagnosticSource
        // 9 on .NET 8) ships with us; where the runtime's own copy is new enough, that one is used, so the process
        // keeps one copy of its types.
        if (FrameworkHasAtLeast(assemblyName))
        {
            return null;
        }

        string candidate = Path.Combine(_privateDir, assemblyName.Name + ".dll");
        return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
    }

    /// <summary>Whether the runtime's trusted platform assemblies hold <paramref name="name"/> at its version or later.</summary>
    private static bool FrameworkHasAtLeast(AssemblyName name)
    {
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is not string tpa || name.Name is null)
        {
            return false;
        }
        foreach (string path in tpa.Split(Path.PathSeparator))
        {
            if (!string.Equals(Path.GetFileNameWithoutExtension(path), name.Name, StringComparison.OrdinalIgnoreCase)
                || !path.StartsWith(Path.GetDirectoryName(typeof(object).Assembly.Location) ?? "\0", StringComparison.Ordinal))
            {
                continue;
            }
            try
            {
                return AssemblyName.GetAssemblyName(path).Version >= (name.Version ?? new Version(0, 0));
            }
            catch (Exception e) when (e is IOException or BadImageFormatException)
            {
                return false;
            }
        }
        return false;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        foreach (string path in NativeCandidates(unmanagedDllName))
        {
            if (File.Exists(path))
            {
                return LoadUnmanagedDllFromPath(path);
            }
        }
        // Zero lets the runtime try its default probing (system library paths).
        return IntPtr.Zero;
    }

    /// <summary>
    /// Where a native library may sit: flat in the private folder (a RID-specific publish puts
    /// libe_sqlite3.so there), else under runtimes/&lt;rid&gt;/native/ (a RID-less publish).
    /// </summary>
    internal IEnumerable<string> NativeCandidates(string name)
    {
        string[] fileNames = FileNamesFor(name);
        foreach (string file in fileNames)
        {
            yield return Path.Combine(_privateDir, file);
        }
        foreach (string rid in RuntimeIds())
        {
            foreach (string file in fileNames)
            {
                yield return Path.Combine(_privateDir, "runtimes", rid, "native", file);
            }
        }
    }

    private static string[] FileNamesFor(string name)
    {
        // DllImport("e_sqlite3") asks for the bare name; the file carries the platform's prefix and suffix.
        if (name.EndsWith(".so", StringComparison.Ordinal) || name.EndsWith(".dylib", StringComparison.Ordinal)
            || name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            return new[] { name };
        }
        if (OperatingSystem.IsWindows())
        {
            return new[] { name + ".dll" };
        }
        string ext = OperatingSystem.IsMacOS() ? ".dylib" : ".so";
        return name.StartsWith("lib", StringComparison.Ordinal)
            ? new[] { name + ext }
            : new[] { "lib" + name + ext, name + ext };
    }

    private static IEnumerable<string> RuntimeIds()
    {
        // RuntimeIdentifier is the portable RID on .NET 8+ (linux-x64); a distro-specific one would not
        // match the NuGet folder names, so the portable RID built from OS and architecture follows it.
        string arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        string os = OperatingSystem.IsWindows() ? "win"
            : OperatingSystem.IsMacOS() ? "osx"
            : IsMusl() ? "linux-musl"
            : "linux";
        string portable = os + "-" + arch;
        yield return RuntimeInformation.RuntimeIdentifier;
        if (!string.Equals(portable, RuntimeInformation.RuntimeIdentifier, StringComparison.Ordinal))
        {
            yield return portable;
        }
    }

    private static bool IsMusl() =>
        OperatingSystem.IsLinux() && RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.Ordinal);
}
