using System.Diagnostics;
using System.Text.Json;
using PermShell;
using PermShell.Bench;
using PermShell.Core.Engine;
using PermShell.Core.Store;

// Times Get-PermissionAudit's overview on a large store, against the time to build the snapshot it reads, in one run.
//   dotnet run -c Release --project bench/PermShell.Bench -- [--dataset gen.json] [--users N --groups N --perms N --seed N]
//                                                          [--runs N] [--store [--keep-store path.db]] [--output bench/results/audit-overview.json]
var options = Options.Parse(args);
var figures = new Dictionary<string, object>();
var clock = Stopwatch.StartNew();

var state = options.Dataset is { } path ? Dataset.Read(path) : Dataset.Generate(options.Users, options.Groups, options.Permissions, options.Seed);
figures["dataset"] = options.Dataset ?? $"generated in process (seed {options.Seed})";
figures["users"] = state.Users.Count;
figures["groups"] = state.Groups.Count;
figures["permissions"] = state.Permissions.Count;
figures["memberships"] = state.Members.Values.Sum(m => m.Count);
figures["grants"] = state.Grants.Values.Sum(g => g.Count);
Report($"dataset: {figures["users"]} users, {figures["groups"]} groups, {figures["permissions"]} permissions, {figures["memberships"]} memberships, {figures["grants"]} grants ({Ms(clock)} ms to load)");

// Each run: a fresh snapshot (what a cmdlet gets after the store changed), then the overview on it, cold.
// Wall-clock time is what a user waits; CPU time (this process, all threads) is the work, and stays meaningful when
// other jobs share the machine's cores.
var snapshotMs = new List<double>();
var overviewMs = new List<double>();
var snapshotCpuMs = new List<double>();
var overviewCpuMs = new List<double>();
var cachedMs = new List<double>();
IReadOnlyList<PermissionSummary> overview = [];
PermissionSnapshot? snapshot = null;
for (var run = 0; run < options.Runs; run++)
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    var copy = state.Clone();
    var cpu = Cpu();
    clock.Restart();
    snapshot = new PermissionSnapshot(copy);
    snapshotMs.Add(Ms(clock));
    snapshotCpuMs.Add(Math.Round(Cpu() - cpu, 1));
    cpu = Cpu();
    clock.Restart();
    overview = snapshot.Audit.Overview();
    overviewMs.Add(Ms(clock));
    overviewCpuMs.Add(Math.Round(Cpu() - cpu, 1));
    clock.Restart();
    _ = snapshot.Audit.Overview();
    cachedMs.Add(Ms(clock));
    Report($"run {run + 1}: snapshot {snapshotMs[^1]:F0} ms (cpu {snapshotCpuMs[^1]:F0}), overview {overviewMs[^1]:F0} ms (cpu {overviewCpuMs[^1]:F0}), again on the same snapshot {cachedMs[^1]:F3} ms");
}
figures["snapshot_build_ms"] = snapshotMs;
figures["overview_ms"] = overviewMs;
figures["overview_again_ms"] = cachedMs;
figures["snapshot_build_cpu_ms"] = snapshotCpuMs;
figures["overview_cpu_ms"] = overviewCpuMs;
figures["median_snapshot_build_cpu_ms"] = Median(snapshotCpuMs);
figures["median_overview_cpu_ms"] = Median(overviewCpuMs);
figures["load_average"] = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "";
figures["overview_rows"] = overview.Count;
var medianSnapshot = Median(snapshotMs);
var medianOverview = Median(overviewMs);
figures["median_snapshot_build_ms"] = medianSnapshot;
figures["median_overview_ms"] = medianOverview;
figures["overview_to_snapshot_ratio"] = Math.Round(medianOverview / medianSnapshot, 3);
Report($"median: snapshot {medianSnapshot:F0} ms, overview {medianOverview:F0} ms, ratio {medianOverview / medianSnapshot:F2}; cpu: snapshot {Median(snapshotCpuMs):F0} ms, overview {Median(overviewCpuMs):F0} ms; load average {figures["load_average"]}");

// The per-permission audit of the most held permission, and one user's routes, on the last snapshot.
var busiest = overview.MaxBy(s => s.EffectiveUsers)!;
clock.Restart();
var rows = snapshot!.Audit.Holders(busiest.Permission).Count();
figures["holders_permission"] = busiest.Permission;
figures["holders_rows"] = rows;
figures["holders_ms"] = Ms(clock);
Report($"Get-PermissionAudit -Name {busiest.Permission}: {rows} rows in {figures["holders_ms"]:F0} ms");
var someone = state.Users.Keys.Min(StringComparer.Ordinal)!;
clock.Restart();
var routes = snapshot.Audit.RoutesOf(someone).Count();
figures["subject_rows"] = routes;
figures["subject_ms"] = Ms(clock);
Report($"Get-PermissionAudit -Subject {someone}: {routes} rows in {figures["subject_ms"]:F2} ms");

if (options.Store)
{
    // The cmdlet's whole path: the state written to a SQLite store, read back into a snapshot, then the overview.
    var folder = Directory.CreateTempSubdirectory("permshell-bench-");
    try
    {
        var file = Path.Combine(folder.FullName, "bench.db");
        clock.Restart();
        var store = PermissionStore.Open(file, createIfMissing: true);
        using (var writer = store.BeginWrite())
        {
            foreach (var change in StateAsChanges.Additions(state)) writer.Apply(change);
            writer.Commit();
        }
        figures["store_write_ms"] = Ms(clock);
        // A copy under another name: the store caches snapshots per path, and the read must be a cold one.
        var copy = Path.Combine(folder.FullName, "copy.db");
        foreach (var suffix in new[] { "", "-wal" })
            if (File.Exists(file + suffix)) File.Copy(file + suffix, copy + suffix);
        clock.Restart();
        var loaded = PermissionStore.Open(copy).Snapshot();
        figures["store_snapshot_ms"] = Ms(clock);
        clock.Restart();
        var fromStore = loaded.Audit.Overview();
        figures["store_overview_ms"] = Ms(clock);
        Report($"SQLite store: written in {figures["store_write_ms"]:F0} ms; snapshot read in {figures["store_snapshot_ms"]:F0} ms; overview {figures["store_overview_ms"]:F0} ms ({fromStore.Count} rows)");
    }
    finally
    {
        // --keep-store keeps the written store, to time the cmdlets on it (Measure-Command { Get-PermissionAudit -Store ... }).
        if (options.KeepStore is { } keep)
            foreach (var suffix in new[] { "", "-wal" })
                if (File.Exists(Path.Combine(folder.FullName, "copy.db") + suffix)) File.Copy(Path.Combine(folder.FullName, "copy.db") + suffix, keep + suffix, overwrite: true);
        folder.Delete(recursive: true);
    }
}

figures["machine"] = $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
figures["measured_utc"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");
if (options.Output is { } output)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
    File.WriteAllText(output, JsonSerializer.Serialize(figures, new JsonSerializerOptions { WriteIndented = true }) + Environment.NewLine);
    Report($"figures written to {output}");
}
return 0;

static double Ms(Stopwatch clock) => Math.Round(clock.Elapsed.TotalMilliseconds, 3);

static double Cpu() => Math.Round(Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds, 1);

static double Median(List<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

static void Report(string line) => Console.WriteLine("[bench] " + line);

internal sealed record Options(string? Dataset, int Users, int Groups, int Permissions, int Seed, int Runs, bool Store, string? KeepStore, string? Output)
{
    public static Options Parse(string[] args)
    {
        var o = new Options(null, 100_000, 5_000, 500, 42, 5, false, null, null);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            o = args[i] switch
            {
                "--dataset" => o with { Dataset = Next() },
                "--users" => o with { Users = int.Parse(Next()) },
                "--groups" => o with { Groups = int.Parse(Next()) },
                "--perms" => o with { Permissions = int.Parse(Next()) },
                "--seed" => o with { Seed = int.Parse(Next()) },
                "--runs" => o with { Runs = int.Parse(Next()) },
                "--store" => o with { Store = true },
                "--keep-store" => o with { Store = true, KeepStore = Path.GetFullPath(Next()) },
                "--output" => o with { Output = Next() },
                _ => throw new ArgumentException($"unknown argument {args[i]}"),
            };
        }
        return o;
    }
}
