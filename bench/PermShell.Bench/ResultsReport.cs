using System.Text;
using System.Text.Json;

namespace PermShell.Bench;

/// <summary>Writes bench/results/&lt;name&gt;.md (the tables a reader wants) and &lt;name&gt;.json (every value, for tools).</summary>
internal sealed class ResultsReport(Machine machine, string revision, string pwshVersion, DateTime startedUtc, TimeSpan duration, string loadAfter,
    IReadOnlyList<SizeFigures> sizes, IReadOnlyList<SizeFigures> postgres, string postgresVersion, Sample? roundTrip, IReadOnlyList<CoreFigure> core)
{
    private static readonly Dictionary<string, string> CoreNames = new()
    {
        ["Check"] = "PermissionSnapshot.Check",
        ["Explain"] = "PermissionSnapshot.Explain",
        ["Effective"] = "PermissionSnapshot.Effective",
        ["Holders"] = "PermissionAudit.Holders (enumerated)",
        ["HoldersFirst"] = "PermissionAudit.Holders (first call on a new snapshot, enumerated)",
        ["Overview"] = "PermissionAudit.Overview (first call on a new snapshot)",
    };

    public void Write(string folder, string name)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, name + ".md"), Markdown(name + ".json"));
        File.WriteAllText(Path.Combine(folder, name + ".json"), Json() + "\n");
    }

    private string Markdown(string jsonName)
    {
        var md = new StringBuilder();
        var largest = sizes[^1];
        md.AppendLine("# PermShell benchmark (issue 11)").AppendLine();
        md.AppendLine($"Written by `dotnet pwsh ./build.ps1 -Task Bench` at commit {revision} on {startedUtc:yyyy-MM-dd HH:mm} UTC; the benchmark (after the module build) took {duration.TotalMinutes:F1} min. Every value, every batch: [{jsonName}]({jsonName}).").AppendLine();
        md.AppendLine("## Machine").AppendLine();
        md.AppendLine($"- {machine.Cores} cores ({machine.Cpu}), {machine.Memory} memory, {machine.Os}");
        md.AppendLine($"- {machine.Dotnet} (benchmark process), pwsh {pwshVersion}");
        md.AppendLine($"- Load average (1, 5, 15 min) at the start {machine.LoadAverage}, at the end {loadAfter}.");
        md.AppendLine("- **The machine was shared with other builds during this run: single figures are noisy. Read medians and ratios (PermShell and its floor measured in the same run, alternated where they are processes), and the min–max spread beside each median.**").AppendLine();

        md.AppendLine("## Datasets").AppendLine();
        md.AppendLine("`../shared/bench/gen_dataset.py --size <size> --seed 42`, written as a PermShell YAML manifest (permissions with implies, users with grants, groups with members and grants; a nested group is a member of its parent) and imported with `Import-PermissionManifest` into a new store.").AppendLine();
        md.AppendLine("| Size | Dataset | Subject / permission of the per-call rows | Manifest |").AppendLine("|---|---|---|---|");
        foreach (var s in sizes)
            md.AppendLine($"| {s.Dataset.Size} | {s.Dataset.Describe()} | `{s.Subject}` / `{s.Permission}` ({s.Cmdlets.EffectiveCount} effective permissions; {s.Cmdlets.AuditRows:N0} audit rows) | {new FileInfo(Path.ChangeExtension(s.Dataset.JsonPath, ".yaml")).Length / 1024.0 / 1024:F1} MiB |");
        md.AppendLine();

        md.AppendLine($"## Issue 11's table ({largest.Dataset.Size} dataset, SQLite)").AppendLine();
        Table(md, largest);
        OwnRowsNote(md, largest);
        md.AppendLine($"## Scaling, {sizes[0].Dataset.Size} → {sizes[^1].Dataset.Size} (SQLite)").AppendLine();
        Scaling(md, sizes);

        if (postgres.Count > 0)
        {
            md.AppendLine($"## Issue 11's table, PostgreSQL (loopback) ({postgres[^1].Dataset.Size} dataset)").AppendLine();
            md.AppendLine($"The same rows on a PostgreSQL {postgresVersion} store: a throwaway cluster on this machine (`tools/TestPostgres.ps1`: TCP on 127.0.0.1, started before this pass and stopped after it, **`fsync=off`**, so commits do not wait for the disk, for the floor as for PermShell), " +
                $"the store made with `New-PermissionStore -ConnectionString … -Force` and filled with `Import-PermissionManifest`, as on SQLite. To stay within issue 11's ten minutes, this pass runs {PostgresPass.Describe(postgres.Select(p => p.Dataset.Size))}. " +
                "The floors are PostgreSQL's own (COPY bulk load, one SQL statement, one committed INSERT on the same server), except the overview's: there is no PostgreSQL overview statement, so its floor is the SQLite statement of this run. Get-Random, Select-Object and the bare pwsh start are measured again in this pass. " +
                $"Every cmdlet call on a PostgreSQL store asks the server once for the store's revision (one query on a connection the process keeps open between calls, so that a change made elsewhere before the call is seen) before it answers from its snapshot, and answers the later objects of its pipeline from the same snapshot; one round trip (`SELECT 1` on an open connection, from the benchmark process) took {roundTrip?.Describe()}.").AppendLine();
            Table(md, postgres[^1]);
            if (postgres.Count > 1)
            {
                md.AppendLine($"### Scaling on PostgreSQL, {postgres[0].Dataset.Size} → {postgres[^1].Dataset.Size}").AppendLine();
                Scaling(md, postgres);
            }
        }

        md.AppendLine("## Core micro figures (BenchmarkDotNet 0.15.8)").AppendLine();
        md.AppendLine("In-process toolchain, a job shorter than ShortRun (2 warm-up and 3 measured iterations of about 100 ms, no overhead evaluation; the first-call overview: one invocation per iteration, each on a new snapshot of the same state); median (min–max) of the 3 iterations, on the snapshot read from the store the import built. Same subject and permission as the cmdlet rows.").AppendLine();
        md.Append("| Method |");
        foreach (var s in sizes) md.Append($" {s.Dataset.Size} |");
        md.AppendLine(" Allocated per call (largest) |");
        md.Append("|---|").Append(string.Concat(Enumerable.Repeat("---|", sizes.Count + 1))).AppendLine();
        foreach (var method in core.Select(c => c.Method).Distinct())
        {
            md.Append($"| {CoreNames.GetValueOrDefault(method, method)} |");
            foreach (var s in sizes)
            {
                var figure = core.FirstOrDefault(c => c.Method == method && c.Size == s.Dataset.Size);
                md.Append(figure is null || figure.Nanoseconds.Values.Length == 0 ? " failed |" : $" {Duration(figure.Nanoseconds)} |");
            }
            var allocated = core.FirstOrDefault(c => c.Method == method && c.Size == sizes[^1].Dataset.Size)?.AllocatedBytes;
            md.AppendLine($" {(allocated is null ? "n/a" : Bytes(allocated.Value))} |");
        }
        md.AppendLine();

        md.AppendLine("## How each figure is taken").AppendLine();
        md.AppendLine($"- **Import**: `bench/Import-Manifest.ps1` in its own `pwsh -NoProfile -NonInteractive` (import the built `out/PermShell`, `New-PermissionStore`, then `Import-PermissionManifest`), timed by the benchmark from process start to exit. Peak memory: the child's own {largest.Import.PeakSource}, read after the import just before it exits (the kernel's high-water mark of resident memory of the whole process). The import cmdlet alone took {largest.Import.CmdletSeconds.Describe()} on {largest.Dataset.Size}.");
        md.AppendLine($"- **SQLite floors**: {SqliteFloor.Describe} The bulk load is timed from an empty file to the committed, indexed store, with the dataset already in memory. The effective-permission statement returned {largest.FloorEffectiveCount} permissions and the holders statement {largest.FloorHolderRows:N0} rows (user, subject granted, permission granted) on {largest.Dataset.Size}; PermShell's rows also name the whole path.");
        md.AppendLine("- **One committed write**: one INSERT in its own transaction into a WAL-mode file in the same folder as the stores (SQLite's default synchronous setting).");
        md.AppendLine("- **pwsh start and first answer**: `pwsh -NoProfile -NonInteractive -Command $null` against `-Command \"Import-Module out/PermShell; Test-Permission -Store … -Subject … -Name …\"`, alternated, each timed as a whole process.");
        md.AppendLine("- **Cmdlet rows**: `bench/Measure-Cmdlets.ps1` in one pwsh after `Connect-PermissionStore`: each figure is a loop timed with a Stopwatch, divided by its calls, in batches after a warm-up batch; the median is over batches. `Get-Random` and `Select-Object -Property Subject, Name` are timed the same way in the same process, their batches taken in turn with those of `Test-Permission` (one call; the pipeline), so a busy moment of the shared machine falls on both. The overview's first call is timed once per process (after the first check has read the store), in several processes. Grants and revokes alternate on the same user (a permission it is not granted directly), and each is followed by one new user added and removed again, so the store ends as it began; one untimed round of the four writes comes first, as the read rows have their warm-up batch.");
        if (postgres.Count > 0)
            md.AppendLine($"- **PostgreSQL floors**: {PostgresFloor.Describe} The effective-permission statement returned {postgres[^1].FloorEffectiveCount} permissions and the holders statement {postgres[^1].FloorHolderRows:N0} rows on {postgres[^1].Dataset.Size}. One committed write: one prepared INSERT in its own transaction on the same server. The import cmdlet alone took {postgres[^1].Import.CmdletSeconds.Describe()} on {postgres[^1].Dataset.Size}.");
        md.AppendLine("- **Core**: BenchmarkDotNet in the benchmark process, see above.");
        return md.ToString();
    }

    // Issue 11's table for one size: every row beside its floor, the ratio and the target.
    private static void Table(StringBuilder md, SizeFigures figures)
    {
        md.AppendLine("| Operation | PermShell median (min–max, n) | Floor, same run: median (min–max, n) | Ratio to the floor | Target | Met |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var row in TableRow.From(figures))
            md.AppendLine($"| {row.Operation} | {row.PermShell.Describe()} | {(row.Floor is null ? "—" : $"{row.FloorName}: {row.Floor.Describe()}")} | {row.JudgedText} | {row.TargetText} | {(row.Met ? "yes" : "**no**")} |");
        md.AppendLine();
    }

    // Medians of every row on every size, and how much they grow from the first size to the last.
    private static void Scaling(StringBuilder md, IReadOnlyList<SizeFigures> sizes)
    {
        md.AppendLine($"Medians. The dataset grows {Figure.Format((double)sizes[^1].Dataset.Users.Length / sizes[0].Dataset.Users.Length)}× in users from {sizes[0].Dataset.Size} to {sizes[^1].Dataset.Size}; a per-call cost should not grow at all, nothing should grow faster than the store.").AppendLine();
        md.Append("| Operation |");
        foreach (var s in sizes) md.Append($" {s.Dataset.Size}: PermShell / floor (ratio) |");
        md.AppendLine($" Growth {sizes[0].Dataset.Size} → {sizes[^1].Dataset.Size}: PermShell / floor |");
        md.Append("|---|").Append(string.Concat(Enumerable.Repeat("---|", sizes.Count + 1))).AppendLine();
        var rowsBySize = sizes.Select(TableRow.From).ToArray();
        for (var r = 0; r < rowsBySize[0].Count; r++)
        {
            md.Append($"| {rowsBySize[0][r].Operation} |");
            foreach (var rows in rowsBySize)
            {
                var row = rows[r];
                md.Append(row.Floor is null
                    ? $" {Figure.Format(row.PermShell.Median)} {row.PermShell.Unit} |"
                    : $" {Figure.Format(row.PermShell.Median)} / {Figure.Format(row.Floor.Median)} {row.Floor.Unit} ({row.JudgedText}) |");
            }
            var first = rowsBySize[0][r];
            var last = rowsBySize[^1][r];
            md.AppendLine($" {Figure.Format(last.PermShell.Median / first.PermShell.Median)}× / {(first.Floor is null ? "—" : Figure.Format(last.Floor!.Median / first.Floor.Median) + "×")} |");
        }
        md.AppendLine();
    }

    /// <summary>The import beside what SQLite needs to write the very rows it writes (the raw floor loads a leaner schema and no log).</summary>
    private static void OwnRowsNote(StringBuilder md, SizeFigures f)
    {
        if (f.OwnRows is not { Count: > 0 } own) return;
        var seconds = Sample.Of("s", own.Select(o => o.Seconds));
        md.AppendLine($"What the import writes is more than the raw floor loads: PermShell's schema (names as keys, with their indexes) and the change log SPEC §4 requires, one hash-chained entry per change ({own[0].LogEntries:N0} entries; the store file is {own[0].Bytes / 1048576.0:F0} MiB against the floor's lean file). " +
            $"The same rows, read from the store the import built and inserted raw into an empty file of the same schema (one prepared statement per table, one transaction, as the raw floor loads): {seconds.Describe()}, {Figure.Format(seconds.Median / f.FloorLoadSeconds.Median)}× the raw floor. " +
            $"The whole import process took {Figure.Format(f.Import.ProcessSeconds.Median / seconds.Median)}× that.").AppendLine();
    }

    private string Json()
    {
        var document = new
        {
            started_utc = startedUtc.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            revision,
            duration_s = Math.Round(duration.TotalSeconds, 1),
            machine,
            pwsh = pwshVersion,
            load_average_end = loadAfter,
            sizes = sizes.Select(SizeJson),
            postgres = postgres.Count == 0 ? null : new { server_version = postgresVersion, round_trip_ms = roundTrip?.Values, sizes = postgres.Select(SizeJson) },
            core = core.Select(c => new { method = c.Method, size = c.Size, ns = c.Nanoseconds.Values, median_ns = c.Nanoseconds.Median, allocated_bytes = c.AllocatedBytes }),
        };
        return JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });
    }

    private static object SizeJson(SizeFigures s) => new
    {
        size = s.Dataset.Size,
        backend = s.Backend,
        dataset = s.Dataset.Describe(),
        subject = s.Subject,
        permission = s.Permission,
        write_permission = s.WritePermission,
        own_rows_load_s = s.OwnRows?.Select(o => o.Seconds),
        rows = TableRow.From(s).Select(r => new
        {
            operation = r.Operation,
            unit = r.PermShell.Unit,
            permshell = r.PermShell.Values,
            permshell_median = r.PermShell.Median,
            floor = r.FloorName,
            floor_values = r.Floor?.Values,
            floor_median = r.Floor?.Median,
            judged = r.Judged,
            target = r.TargetText,
            met = r.Met,
        }),
        import_cmdlet_s = s.Import.CmdletSeconds.Values,
        import_peak_source = s.Import.PeakSource,
        first_check_ms = s.Cmdlets.FirstCheckMs.Values,
        overview_again_us = s.Cmdlets.OverviewAgainUs.Values,
    };

    private static string Duration(Sample ns)
    {
        var (scale, unit) = ns.Median switch { >= 1e6 => (1e6, "ms"), >= 1e3 => (1e3, "µs"), _ => (1.0, "ns") };
        return $"{Figure.Format(ns.Median / scale)} {unit} ({Figure.Format(ns.Min / scale)}–{Figure.Format(ns.Max / scale)})";
    }

    private static string Bytes(long bytes) => bytes switch
    {
        >= 1 << 20 => $"{bytes / 1024.0 / 1024:F1} MiB",
        >= 1 << 10 => $"{bytes / 1024.0:F1} KiB",
        _ => $"{bytes} B",
    };
}
