using System.Text;
using System.Text.Json;

namespace PermShell.Bench;

/// <summary>Writes bench/results/&lt;name&gt;.md (the tables a reader wants) and &lt;name&gt;.json (every value, for tools).</summary>
internal sealed class ResultsReport(Machine machine, string revision, string pwshVersion, DateTime startedUtc, TimeSpan duration, string loadAfter,
    IReadOnlyList<SizeFigures> sizes, IReadOnlyList<CoreFigure> core)
{
    private static readonly Dictionary<string, string> CoreNames = new()
    {
        ["Check"] = "PermissionSnapshot.Check",
        ["Explain"] = "PermissionSnapshot.Explain",
        ["Effective"] = "PermissionSnapshot.Effective",
        ["Holders"] = "PermissionAudit.Holders (enumerated)",
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

        md.AppendLine($"## Issue 11's table ({largest.Dataset.Size} dataset)").AppendLine();
        md.AppendLine("| Operation | PermShell median (min–max, n) | Floor, same run: median (min–max, n) | Ratio to the floor | Target | Met |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var row in TableRow.From(largest))
            md.AppendLine($"| {row.Operation} | {row.PermShell.Describe()} | {(row.Floor is null ? "—" : $"{row.FloorName}: {row.Floor.Describe()}")} | {row.JudgedText} | {row.TargetText} | {(row.Met ? "yes" : "**no**")} |");
        md.AppendLine();

        md.AppendLine("## Scaling, small → medium → large").AppendLine();
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
        md.AppendLine("- **Cmdlet rows**: `bench/Measure-Cmdlets.ps1` in one pwsh after `Connect-PermissionStore`: each figure is a loop timed with a Stopwatch, divided by its calls, in batches after a warm-up batch; the median is over batches. `Get-Random` and `Select-Object -Property Subject, Name` are timed the same way in the same process. The overview's first call is timed once per process (after the first check has read the store), in several processes. Grants and revokes alternate on the same user (a permission it is not granted directly), and each is followed by one new user added and removed again, so the store ends as it began.");
        md.AppendLine("- **Core**: BenchmarkDotNet in the benchmark process, see above.");
        return md.ToString();
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
            sizes = sizes.Select(s => new
            {
                size = s.Dataset.Size,
                dataset = s.Dataset.Describe(),
                subject = s.Subject,
                permission = s.Permission,
                write_permission = s.WritePermission,
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
            }),
            core = core.Select(c => new { method = c.Method, size = c.Size, ns = c.Nanoseconds.Values, median_ns = c.Nanoseconds.Median, allocated_bytes = c.AllocatedBytes }),
        };
        return JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });
    }

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
