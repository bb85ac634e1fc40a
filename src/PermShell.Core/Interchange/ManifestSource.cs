using System.Security.Cryptography;
using System.Text;
using PermShell.Core.Manifest;

namespace PermShell.Core.Interchange;

/// <summary>
/// Reads a manifest in any <see cref="ManifestFormat"/> as the one <see cref="ManifestDocument"/> model, so YAML,
/// Trac CSV, Trac's policy file and Django fixtures all go through the same validate → plan → apply path with
/// file:line:column problems.
/// </summary>
public static class ManifestSource
{
    /// <summary>
    /// Reads <paramref name="path"/>. A Trac CSV means different things against different stores (is a value a catalog
    /// permission, is a subject a group already), so it is read against <paramref name="store"/>, the state the plan
    /// will be made against (null: on its own terms, as Test-PermissionManifest reads it), and for
    /// <paramref name="mode"/>. Throws <see cref="ManifestException"/> listing every problem.
    /// </summary>
    public static ManifestDocument Load(string path, ManifestFormat format, PermissionState? store = null,
        ManifestMode mode = ManifestMode.Merge, ManifestLimits? limits = null,
        Func<ManifestDocument, IReadOnlyList<ManifestProblem>>? validate = null)
    {
        if (format == ManifestFormat.Yaml) return ManifestLoader.Load(path, limits, validate);
        limits ??= ManifestLimits.Default;
        if (Directory.Exists(path))
            throw new PermShellException("PermShell.Manifest.NotAFile", ProblemKind.InvalidArgument,
                $"'{path}' is a folder; a {format} manifest is one file (only YAML manifests can be a folder).", path);
        if (!File.Exists(path))
            throw new PermShellException("PermShell.Manifest.NotFound", ProblemKind.ObjectNotFound, $"There is no manifest file at '{path}'.", path);

        var problems = new List<ManifestProblem>();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long total = 0;
        var document = new ManifestDocument();
        if (format == ManifestFormat.TracCsv)
        {
            var text = ManifestLoader.ReadText(path, limits, ref total, hash, isFolder: false, problems);
            if (text is not null) document = TracCsvReader.Read(text.TrimStart('\uFEFF'), path, store, mode, problems);
        }
        else if (format == ManifestFormat.TracAuthzPolicy)
        {
            var text = ManifestLoader.ReadText(path, limits, ref total, hash, isFolder: false, problems);
            if (text is not null) document = TracAuthzPolicyReader.Read(text.TrimStart('\uFEFF'), path, problems);
        }
        else
        {
            var bytes = ManifestLoader.ReadBytes(path, limits, ref total, hash, isFolder: false, problems);
            if (bytes is not null && IsUtf8(bytes, path, problems))
                document = DjangoFixtureReader.Read(JsonTree.Read(bytes, path, limits, problems), path, problems);
        }
        var sorted = ProblemOrder.Sort(problems);
        if (sorted.Any(p => p.IsError)) throw new ManifestException(sorted);
        return new ManifestDocument
        {
            Permissions = document.Permissions,
            Users = document.Users,
            Groups = document.Groups,
            Policies = document.Policies,
            Files = [path],
            ContentHash = Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant(),
            Warnings = sorted,
        };
    }

    private static bool IsUtf8(byte[] bytes, string path, List<ManifestProblem> problems)
    {
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            problems.Add(new ManifestProblem(SourceLocation.StartOf(path), "PermShell.Manifest.Encoding", "The file is not valid UTF-8 text."));
            return false;
        }
    }
}
