using System.Diagnostics;
using System.Text;
using CsCheck;
using PermShell.Core.Interchange;
using PermShell.Core.Manifest;
using PermShell.Core.Templates;
using PermShell.Core.Store;
using PermShell.Core.Tests.Manifest;

namespace PermShell.Core.Tests.Hostile;

/// <summary>
/// Mutates valid input files (bit flips, hostile tokens, truncation, duplicated, deleted and swapped lines, repeated
/// lines, hostile scalars) and imports each into a real store. Every case must either import or be refused with a
/// PermShellException; a refused case must leave the store's revision and log exactly as they were; no case may throw
/// anything else or take more than a few seconds. PERMSHELL_FUZZ_CASES sets the number of cases per format.
/// </summary>
public sealed class InputFuzzTests : IDisposable
{
    /// <summary>
    /// An input format: valid seed files, how a file is read (and refused, before any store is touched), and how what
    /// was read is staged in a change batch that the store commits.
    /// </summary>
    public sealed record InputFormat(string Name, string Extension, IReadOnlyList<string> Seeds, Func<string, object> Read, Action<ChangeBatch, object, int> Apply);

    private static readonly string[] HostileTokens =
    [
        ":", ": ", "- ", "-", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ", "!!binary ", "!<tag:x> ", "'", "\"", "\n", "\r\n",
        "  ", "\t", "#", "\0", "<<: *a\n", "---\n", "...\n", "%YAML 1.1\n", "? ", "|\n", ">-\n", "\"\\uD800\"", "\"\\0\"",
        "\"\\x1b[31m\"", "'; DROP TABLE subject; --", "\" OR 1=1 --", "\u202E", "\u200F", "ｂｏｂ", "😀", "\uFEFF", new string('x', 151),
        "~", "null", "true", "0x1F", ".inf", "1e400", "-9999999999999999999999", "version: 2\n", "version: 1\n", "users:\n", "groups:\n",
        "permissions:\n", "  - name: TRAC_ADMIN\n    implies: ['*']\n", "  - name: anonymous\n", "members: [", "grants: [TRAC_ADMIN]\n",
        "a: &x [*x]\n", "- &b [*b, *b, *b, *b]\n",
    ];

    private static readonly string[] HostileScalars =
    [
        "\"O'Brien\"", "'Robert''); DROP TABLE subject;--'", "\"\\u202Eevil\"", "\"名前\"", "\"\\u0000\"", "\"\\uD800x\"", "\"a\\tb\"",
        "\"" + new string('n', 150) + "\"", "\"" + new string('n', 151) + "\"", "\"  padded  \"", "\"*\"", "\"BOB\"", "\"wiki_view\"",
        "\"anonymous\"", "\"authenticated\"", "[]", "{}", "[[[[[[[[[[]]]]]]]]]]", "!!int 3", "&y 1", "*y", "''", "\"\"",
    ];

    private readonly string _folder;

    public InputFuzzTests()
    {
        var root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        _folder = Directory.CreateDirectory(Path.Combine(root, $"permshell-fuzz-{Guid.NewGuid():N}")).FullName;
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { /* best effort */ }
    }

    private static int CasesPerFormat =>
        int.TryParse(Environment.GetEnvironmentVariable("PERMSHELL_FUZZ_CASES"), out var n) && n > 0 ? n : 2000;

    /// <summary>The formats whose files are fuzzed: YAML manifests, Trac permission CSV and Django auth fixtures.</summary>
    public static IReadOnlyList<InputFormat> Formats() =>
    [
        new InputFormat("YAML manifest", ".yaml", ManifestSeeds(), file => ManifestLoader.Load(file), ApplyDocument),
        new InputFormat("Trac CSV", ".csv", InterchangeSeeds(TracCsvWriter.Write),
            file => ManifestSource.Load(file, ManifestFormat.TracCsv), ApplyDocument),
        new InputFormat("Django fixture", ".json", InterchangeSeeds(DjangoFixtureWriter.Write),
            file => ManifestSource.Load(file, ManifestFormat.DjangoFixture), ApplyDocument),
    ];

    private static void ApplyDocument(ChangeBatch batch, object read, int caseNumber)
    {
        var document = (ManifestDocument)read;
        batch.Source = ChangeSource.Manifest("fuzz", document.ContentHash);
        // Alternate modes: Sync also removes, which keeps the store from growing without bound.
        ManifestImport.Apply(batch, document, caseNumber % 3 == 0 ? ManifestMode.Sync : ManifestMode.Merge);
    }

    /// <summary>Seeds for an interchange format: the templates and random states, written by the format's own writer.</summary>
    private static List<string> InterchangeSeeds(Func<PermissionState, string> write)
    {
        var seeds = new List<string>
        {
            write(StoreTemplate.Create(StoreTemplateKind.Trac)),
            write(StoreTemplate.Create(StoreTemplateKind.Django)),
        };
        RandomStates.State.Sample(state => seeds.Add(write(state)), iter: 8, threads: 1);
        return seeds;
    }

    private static List<string> ManifestSeeds()
    {
        var seeds = new List<string>
        {
            """
            version: 1
            permissions:
              - name: TICKET_ADMIN
                description: All TICKET_* permissions
                implies: ["TICKET_*"]
              - name: TICKET_VIEW
              - name: WIKI_VIEW
              - name: auth.change_user
                model: user
                description: Can change user
            users:
              - name: bob
                email: bob@example.org
                displayName: Bob
                grants: [TICKET_VIEW]
              - name: alice
                superuser: true
              - name: mallory
                active: false
            groups:
              - name: developer
                description: Developers
                members: [bob, alice]
                grants: [TICKET_ADMIN, WIKI_VIEW]
              - name: staff
                members: [developer]
              - name: anonymous
                grants: [WIKI_VIEW]
            """,
            "version: 1\nusers:\n  - name: \"O'Brien\"\n    grants: [WIKI_VIEW]\n  - name: \"\\u202Eevil\"\ngroups:\n  - name: 名前\n    members: [\"O'Brien\"]\n",
        };
        RandomStates.State.Sample(state => seeds.Add(ManifestWriter.Write(state)), iter: 12, threads: 1);
        return seeds;
    }

    /// <summary>One fuzz case: which seed, and a list of (mutation, random seed) applied in turn.</summary>
    private static Gen<(int Seed, (int Kind, int Random)[] Mutations)> Cases(int seeds) =>
        Gen.Select(Gen.Int[0, seeds - 1], Gen.Select(Gen.Int[0, 9], Gen.Int).Array[1, 3]);

    private static byte[] Mutate(string seed, (int Kind, int Random)[] mutations)
    {
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(seed));
        foreach (var (kind, r) in mutations)
        {
            var random = new Random(r);
            var lines = LineStarts(bytes);
            int At() => bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (kind)
            {
                case 0 when bytes.Count > 0: { var i = At(); bytes[i] ^= (byte)(1 << random.Next(8)); break; }
                case 1: bytes.InsertRange(At(), Encoding.UTF8.GetBytes(HostileTokens[random.Next(HostileTokens.Length)])); break;
                case 2: bytes = bytes.Take(At()).ToList(); break;
                case 3 when lines.Count > 1:
                {
                    var (from, to) = Range(lines, bytes.Count, random);
                    bytes.InsertRange(to, bytes.GetRange(from, to - from));
                    break;
                }
                case 4 when lines.Count > 1: { var (from, to) = Range(lines, bytes.Count, random); bytes.RemoveRange(from, to - from); break; }
                case 5 when lines.Count > 2:
                {
                    var all = SplitLines(bytes);
                    int a = random.Next(all.Count), b = random.Next(all.Count);
                    (all[a], all[b]) = (all[b], all[a]);
                    bytes = all.SelectMany(l => l).ToList();
                    break;
                }
                case 6 when bytes.Count > 0: bytes[At()] = (byte)random.Next(256); break;
                case 7 when lines.Count > 1:
                {
                    var (from, to) = Range(lines, bytes.Count, random);
                    var line = bytes.GetRange(from, Math.Min(to - from, 200));
                    for (var i = 0; i < 50; i++) bytes.InsertRange(from, line);
                    break;
                }
                case 8 when lines.Count > 1:
                {
                    var start = lines[random.Next(lines.Count)];
                    if (random.Next(2) == 0) bytes.InsertRange(start, "  "u8.ToArray());
                    else if (start < bytes.Count && bytes[start] == (byte)' ') bytes.RemoveAt(start);
                    break;
                }
                case 9:
                {
                    // Replace the value after a random ": " or "- " with a hostile scalar.
                    var text = Encoding.UTF8.GetString(bytes.ToArray());
                    var marks = new List<int>();
                    for (var i = text.IndexOf(": ", StringComparison.Ordinal); i >= 0; i = text.IndexOf(": ", i + 1, StringComparison.Ordinal)) marks.Add(i + 2);
                    for (var i = text.IndexOf("- ", StringComparison.Ordinal); i >= 0; i = text.IndexOf("- ", i + 1, StringComparison.Ordinal)) marks.Add(i + 2);
                    if (marks.Count == 0) break;
                    var at = marks[random.Next(marks.Count)];
                    var end = text.IndexOfAny(['\n', ',', ']'], at);
                    if (end < 0) end = text.Length;
                    text = text[..at] + HostileScalars[random.Next(HostileScalars.Length)] + text[end..];
                    bytes = Encoding.UTF8.GetBytes(text).ToList();
                    break;
                }
            }
        }
        return bytes.ToArray();
    }

    private static List<int> LineStarts(List<byte> bytes)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < bytes.Count; i++) if (bytes[i] == (byte)'\n' && i + 1 < bytes.Count) starts.Add(i + 1);
        return starts;
    }

    private static List<List<byte>> SplitLines(List<byte> bytes)
    {
        var lines = new List<List<byte>> { new() };
        foreach (var b in bytes)
        {
            lines[^1].Add(b);
            if (b == (byte)'\n') lines.Add(new List<byte>());
        }
        return lines;
    }

    private static (int From, int To) Range(List<int> lines, int length, Random random)
    {
        var a = random.Next(lines.Count);
        var b = Math.Min(lines.Count, a + 1 + random.Next(3));
        return (lines[a], b < lines.Count ? lines[b] : length);
    }

    private static string Show(byte[] bytes) =>
        Encoding.UTF8.GetString(bytes).Replace("\0", "\\0", StringComparison.Ordinal) + $"\n(base64: {Convert.ToBase64String(bytes)})";

    [Fact]
    public void Mutated_inputs_import_or_are_refused_with_a_PermShell_error_and_never_half_written()
    {
        var report = new StringBuilder();
        foreach (var format in Formats())
        {
            var store = PermissionStore.Create(Path.Combine(_folder, $"fuzz-{format.Extension.TrimStart('.')}.db"), StoreTemplateKind.Trac, overwrite: false);
            var file = Path.Combine(_folder, "input" + format.Extension);
            int imported = 0, refused = 0, refusedInTransaction = 0, caseNumber = 0;
            var slowest = TimeSpan.Zero;
            var clock = Stopwatch.StartNew();
            Cases(format.Seeds.Count).Sample(c =>
            {
                var bytes = Mutate(format.Seeds[c.Seed], c.Mutations);
                File.WriteAllBytes(file, bytes);
                var number = caseNumber++;
                var watch = Stopwatch.StartNew();
                // A hang fails the case: the work runs on its own task and must finish in time. Outcomes: read and
                // refused (nothing was opened for writing), applied and committed, or refused inside the transaction.
                var work = Task.Run(() =>
                {
                    object read;
                    try
                    {
                        read = format.Read(file);
                    }
                    catch (PermShellException)
                    {
                        return "refused";
                    }
                    var revisionBefore = store.Info(false).Revision;
                    var logBefore = store.ReadLog(last: 1).Single().Id;
                    try
                    {
                        var batch = store.BeginBatch();
                        format.Apply(batch, read, number);
                        store.Commit(batch);
                        // What was committed is what SQLite gives back: no value was silently changed on the way.
                        using var c = PermissionStore.ConnectTo(store.Path);
                        using var tx = c.BeginTransaction(deferred: true);
                        Assert.Equal(ManifestWriter.Write(batch.State), ManifestWriter.Write(StateLoader.Load(c, tx)));
                        return "imported";
                    }
                    catch (PermShellException)
                    {
                        var fresh = PermissionStore.Open(store.Path);
                        Assert.Equal(revisionBefore, fresh.Info(false).Revision);
                        Assert.Equal(logBefore, fresh.ReadLog(last: 1).Single().Id);
                        return "refused in the transaction";
                    }
                });
                if (!work.Wait(TimeSpan.FromSeconds(20)))
                    Assert.Fail($"{format.Name}: a case did not finish within 20 s:\n{Show(bytes)}");
                if (watch.Elapsed > slowest) slowest = watch.Elapsed;
                switch (work.Result)
                {
                    case "imported": imported++; break;
                    case "refused": refused++; break;
                    default: refused++; refusedInTransaction++; break;
                }
            }, iter: CasesPerFormat, threads: 1, print: c => Show(Mutate(format.Seeds[c.Seed], c.Mutations)));

            Assert.True(store.VerifyLog().IsIntact);
            Assert.Equal(["ok"], store.CheckIntegrity());
            Assert.True(imported > 0 && refused > 0, $"{format.Name}: {imported} imported, {refused} refused: the mutations should produce both");
            report.AppendLine($"{format.Name}: {imported + refused} cases ({imported} imported, {refused} refused, {refusedInTransaction} of them inside the transaction) in {clock.Elapsed.TotalSeconds:n1} s, slowest {slowest.TotalMilliseconds:n0} ms");
        }
        // Shown by the test runner with detailed verbosity; the figures of the last run are in the README.
        Console.WriteLine(report.ToString());
    }
}
