using System.Security.Cryptography;
using System.Text;

namespace PermShell.Core.Manifest;

/// <summary>
/// Reads a manifest from a file, or from a folder whose *.yaml and *.yml files (not recursive, ordinal by name)
/// together make one manifest. The same object in two files is fine when both define it identically, and a problem
/// naming both places when they differ. Every problem in every file is collected before anything is refused.
/// A file holds one YAML document: a second one (after ---) is a problem, since splitting a manifest is what a
/// folder is for, and silently ignoring or merging documents would hide mistakes.
/// </summary>
public static class ManifestLoader
{
    /// <summary>
    /// Reads and merges the manifest at <paramref name="path"/>; throws <see cref="ManifestException"/> listing every
    /// problem. When reading finds problems but every file was read whole, <paramref name="validate"/> (the validator
    /// the caller would run next) checks what was read, so its problems are listed in the same round rather than the next.
    /// </summary>
    public static ManifestDocument Load(string path, ManifestLimits? limits = null, Func<ManifestDocument, IReadOnlyList<ManifestProblem>>? validate = null)
    {
        limits ??= ManifestLimits.Default;
        var problems = new List<ManifestProblem>();
        var files = FilesOf(path);
        var isFolder = !File.Exists(path);
        var documents = new List<ManifestDocument>();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long total = 0;
        var whole = true;
        foreach (var file in files)
        {
            var text = ReadText(file, limits, ref total, hash, isFolder, problems);
            if (text is null)
            {
                whole = false;
                continue;
            }
            var before = problems.Count;
            var root = YamlNodeReader.Read(text, file, limits, problems);
            // A null root after a reported problem means reading stopped; only a truly empty file is "no manifest".
            if (root is null && problems.Count > before)
            {
                whole = false;
                continue;
            }
            var document = ManifestDocumentReader.Read(root, file, problems);
            whole &= !document.Partial;
            documents.Add(document);
        }
        var merged = new ManifestDocument
        {
            Permissions = Merge(documents, d => d.Permissions, "permissions", problems),
            Users = Merge(documents, d => d.Users, "users", problems),
            Groups = Merge(documents, d => d.Groups, "groups", problems),
            // Protection adds up: a name protected in any file is protected.
            Protected = documents.Any(d => d.Protected is not null) ? documents.SelectMany(d => d.Protected ?? []).ToList() : null,
            // Sections of several files follow each other in file order (files are read in ordinal name order).
            Policies = Merge(documents, d => d.Policies, "policies", problems),
            Files = files,
            ContentHash = Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant(),
        };
        if (problems.Any(p => p.IsError))
        {
            if (whole && validate is not null) problems.AddRange(validate(merged));
            throw new ManifestException(ProblemOrder.Sort(problems));
        }
        return merged;
    }

    /// <summary>The files that make the manifest at <paramref name="path"/>, as paths relative to what the caller gave.</summary>
    public static IReadOnlyList<string> FilesOf(string path)
    {
        if (File.Exists(path)) return new[] { path };
        if (!Directory.Exists(path))
            throw new PermShellException("PermShell.Manifest.NotFound", ProblemKind.ObjectNotFound, $"There is no manifest file or folder at '{path}'.", path);
        var files = Directory.EnumerateFiles(path)
            .Where(f => Path.GetExtension(f).Equals(".yaml", StringComparison.OrdinalIgnoreCase) || Path.GetExtension(f).Equals(".yml", StringComparison.OrdinalIgnoreCase))
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .Select(name => Path.Combine(path, name!))
            .ToList();
        if (files.Count == 0)
            throw new PermShellException("PermShell.Manifest.NotFound", ProblemKind.ObjectNotFound, $"The folder '{path}' holds no *.yaml or *.yml files.", path);
        return files;
    }

    /// <summary>The file as text, or null with a problem. The size is checked from the length before a byte is read.</summary>
    internal static string? ReadText(string file, ManifestLimits limits, ref long total, IncrementalHash hash, bool isFolder, List<ManifestProblem> problems)
    {
        var bytes = ReadBytes(file, limits, ref total, hash, isFolder, problems);
        if (bytes is null) return null;
        try
        {
            using var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
        catch (DecoderFallbackException)
        {
            problems.Add(new ManifestProblem(SourceLocation.StartOf(file), "PermShell.Manifest.Encoding", "The file is not valid UTF-8 text."));
            return null;
        }
    }

    /// <summary>The file's bytes, or null with a problem. The size is checked from the length before a byte is read.</summary>
    internal static byte[]? ReadBytes(string file, ManifestLimits limits, ref long total, IncrementalHash hash, bool isFolder, List<ManifestProblem> problems)
    {
        var at = SourceLocation.StartOf(file);
        try
        {
            var length = new FileInfo(file).Length;
            if (length > limits.MaxBytes || total + length > limits.MaxBytes)
            {
                var whose = length > limits.MaxBytes
                    ? FormattableString.Invariant($"The file is {length:N0} bytes")
                    : FormattableString.Invariant($"With this file the manifest is {total + length:N0} bytes");
                problems.Add(new ManifestProblem(at, "PermShell.Manifest.TooLarge",
                    FormattableString.Invariant($"{whose}; the limit is {limits.MaxBytes:N0} bytes (-MaximumSize sets it). Nothing of it was read.")));
                return null;
            }
            var bytes = ReadAtMost(file, limits.MaxBytes - total);
            if (bytes is null)
            {
                problems.Add(new ManifestProblem(at, "PermShell.Manifest.TooLarge", FormattableString.Invariant($"The file grew past the limit of {limits.MaxBytes:N0} bytes while it was read.")));
                return null;
            }
            total += bytes.Length;
            // A file's hash is that of its bytes (sha256sum gives the same); a folder's also covers each file's name
            // and length, so renaming or splitting files changes it.
            if (isFolder) hash.AppendData(Encoding.UTF8.GetBytes($"{Path.GetFileName(file)}\0{bytes.Length}\0"));
            hash.AppendData(bytes);
            return bytes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(new ManifestProblem(at, "PermShell.Manifest.Unreadable", $"The file cannot be read: {e.Message}"));
        }
        return null;
    }

    // The length was checked, but a file can grow between the check and the read; never read past the limit.
    private static byte[]? ReadAtMost(string file, long limit)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + n > limit) return null;
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// One section from all files. Within one file a name may appear once; across files, identical definitions
    /// merge and differing ones are a problem naming both places.
    /// </summary>
    private static List<T>? Merge<T>(List<ManifestDocument> documents, Func<ManifestDocument, IReadOnlyList<T>?> section, string sectionName,
        List<ManifestProblem> problems) where T : ManifestEntry
    {
        List<T>? merged = null;
        var kept = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            var entries = section(document);
            if (entries is null) continue;
            merged ??= new List<T>();
            var inThisFile = new Dictionary<string, T>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                if (inThisFile.TryGetValue(entry.Name, out var twin))
                {
                    problems.Add(new ManifestProblem(entry.Location, "PermShell.Manifest.DuplicateName",
                        $"'{NameRules.Printable(entry.Name)}' is listed twice under {sectionName} (also at {twin.Location.Line}:{twin.Location.Column}); list it once."));
                    continue;
                }
                inThisFile[entry.Name] = entry;
                if (!kept.TryGetValue(entry.Name, out var first))
                {
                    kept[entry.Name] = entry;
                    merged.Add(entry);
                }
                else if (!first.SameDefinition(entry))
                {
                    problems.Add(new ManifestProblem(entry.Location, "PermShell.Manifest.ConflictingDefinition",
                        $"'{NameRules.Printable(entry.Name)}' under {sectionName} is defined differently here and at {first.Location}; define it once, or identically in both files."));
                }
            }
        }
        return merged;
    }
}
