using System.Diagnostics;
using PermShell.Bench;

// build.ps1 -Task Bench: issue 11's rows beside their floors, in one run, on gen_dataset.py's small, medium and large
// datasets; writes bench/results/<name>.md and .json. See bench/README.md for what each figure is.
var options = Options.Parse(args);
var started = DateTime.UtcNow;
var clock = Stopwatch.StartNew();
var machine = Machine.Now();
var tools = new Tools(options.Pwsh, options.Module, options.BenchFolder);
Directory.CreateDirectory(options.Work);
Log.Line($"{machine.Cores} cores, load average {machine.LoadAverage}; work folder {options.Work}");

var sizes = new List<SizeFigures>();
var manifests = new Dictionary<string, string>(StringComparer.Ordinal);
foreach (var size in options.Sizes)
{
    Log.Line($"{size}: generating the dataset");
    var dataset = GeneratedDataset.Generate(options.Generator, size, seed: 42, options.Work);
    Log.Line($"{size}: {dataset.Describe()}");
    var manifest = manifests[size] = DatasetManifest.Write(dataset, options.Work);
    var store = Path.Combine(options.Work, $"{size}.db");
    var import = ManifestImportFigures.Measure(tools, manifest, store, options.ImportRuns);

    // The per-call rows ask about the first user and its first direct grant; the writes use a permission it lacks.
    var subject = dataset.Users[0];
    var direct = dataset.UserGrants.Where(g => g.Subject == subject).Select(g => g.Permission).ToHashSet(StringComparer.Ordinal);
    var permission = dataset.UserGrants.First(g => g.Subject == subject).Permission;
    var writePermission = dataset.Permissions.Select(p => p.Name).First(p => !direct.Contains(p));

    // The rows the import wrote, loaded raw into an empty file of PermShell's schema: what SQLite itself needs for them.
    var ownRows = Enumerable.Range(0, options.FloorRuns).Select(_ => OwnRowsLoad.Measure(store, Path.Combine(options.Work, $"{size}-own-rows.db"))).ToList();
    Log.Line($"{size}: PermShell's own rows loaded raw: {Sample.Of("s", ownRows.Select(o => o.Seconds)).Describe()} ({ownRows[0].LogEntries:N0} log entries, {ownRows[0].Bytes / 1048576.0:F0} MiB)");

    Log.Line($"{size}: SQLite floors");
    var loads = new List<double>();
    SqliteFloor? floor = null;
    for (var i = 0; i < options.FloorRuns; i++)
    {
        floor?.Dispose();
        (floor, var seconds) = SqliteFloor.Load(dataset, Path.Combine(options.Work, $"{size}-floor.db"));
        loads.Add(seconds);
    }
    using (floor)
    {
        var effectiveCount = floor!.Effective(subject);
        var holderRows = floor.Holders(permission);
        var effective = Timed(20, () => floor.Effective(subject));
        var holders = Timed(10, () => floor.Holders(permission));
        var overview = Timed(options.FloorRuns, () => floor.Overview(), warmUp: false);
        var commits = SqliteFloor.CommittedWrites(Path.Combine(options.Work, "commit-floor.db"), 50);
        Log.Line($"{size}: floors: load {Sample.Of("s", loads).Describe()}, effective {effective.Describe()}, holders {holders.Describe()}, overview {overview.Describe()}, commit {Sample.Of("ms", commits).Describe()}");

        Log.Line($"{size}: pwsh start and first answer");
        var start = PwshStartFigures.Measure(tools, store, subject, permission, options.StartRuns);
        Log.Line($"{size}: bare {start.BareMs.Describe()}, first answer {start.FirstAnswerMs.Describe()}");

        Log.Line($"{size}: cmdlets in pwsh");
        var subjectList = Path.Combine(options.Work, $"{size}-subjects.txt");
        File.WriteAllLines(subjectList, dataset.Users.Take(options.PipelineObjects));
        var cmdlets = CmdletFigures.Measure(tools, store, subject, permission, writePermission, subjectList,
            options.Batches, options.Writes, options.OverviewProcesses);
        Log.Line($"{size}: Test-Permission {cmdlets.TestPermissionUs.Describe()} vs Get-Random {cmdlets.GetRandomUs.Describe()}; " +
            $"effective {cmdlets.EffectiveMs.Describe()}; audit {cmdlets.AuditMs.Describe()}; overview first {cmdlets.OverviewFirstMs.Describe()}; grant {cmdlets.GrantMs.Describe()}");

        sizes.Add(new SizeFigures(dataset, subject, permission, writePermission, import, Sample.Of("s", loads), effective, holders, overview,
            Sample.Of("ms", commits), effectiveCount, holderRows, start, cmdlets, OwnRows: ownRows));
        CoreBenchmarkRun.Inputs[size] = new CoreInput(store, subject, permission);
    }
}

// The PostgreSQL pass: the same rows on a store on the server build.ps1 started (loopback), on fewer sizes and with
// fewer repetitions than the SQLite pass, to stay within issue 11's ten minutes. Overview: no PostgreSQL statement;
// its floor is the SQLite statement of the same run.
var postgres = new List<SizeFigures>();
var postgresVersion = "";
Sample? roundTrip = null;
if (options.Postgres is { } server)
{
    postgresVersion = PostgresFloor.ServerVersion(server);
    roundTrip = Sample.Of("ms", PostgresFloor.RoundTrips(server, 200));
    Log.Line($"PostgreSQL {postgresVersion}: one round trip {roundTrip.Describe()}");
    foreach (var sqlite in sizes.Where(s => options.PostgresSizes.Contains(s.Dataset.Size)))
    {
        var size = sqlite.Dataset.Size;
        var dataset = sqlite.Dataset;
        var store = $"{server};Search Path=permshell_bench_{size}";
        Log.Line($"{size} on PostgreSQL: import");
        var import = ManifestImportFigures.Measure(tools, manifests[size], store, PostgresPass.ImportRuns);

        Log.Line($"{size} on PostgreSQL: floors");
        var loads = new List<double>();
        PostgresFloor? floor = null;
        for (var i = 0; i < PostgresPass.FloorRuns; i++)
        {
            floor?.Dispose();
            (floor, var seconds) = PostgresFloor.Load(dataset, server, "bench_floor");
            loads.Add(seconds);
        }
        using (floor)
        {
            var effectiveCount = floor!.Effective(sqlite.Subject);
            var holderRows = floor.Holders(sqlite.Permission);
            var effective = Timed(20, () => floor.Effective(sqlite.Subject));
            var holders = Timed(10, () => floor.Holders(sqlite.Permission));
            var commits = PostgresFloor.CommittedWrites(server, "bench_commit_floor", 50);
            Log.Line($"{size} on PostgreSQL: floors: load {Sample.Of("s", loads).Describe()}, effective {effective.Describe()}, holders {holders.Describe()}, commit {Sample.Of("ms", commits).Describe()}");

            Log.Line($"{size} on PostgreSQL: pwsh start and first answer");
            var start = PwshStartFigures.Measure(tools, store, sqlite.Subject, sqlite.Permission, PostgresPass.StartRuns);
            Log.Line($"{size} on PostgreSQL: bare {start.BareMs.Describe()}, first answer {start.FirstAnswerMs.Describe()}");

            Log.Line($"{size} on PostgreSQL: cmdlets in pwsh");
            var cmdlets = CmdletFigures.Measure(tools, store, sqlite.Subject, sqlite.Permission, sqlite.WritePermission,
                Path.Combine(options.Work, $"{size}-subjects.txt"), PostgresPass.Batches, PostgresPass.Writes, PostgresPass.OverviewProcesses);
            Log.Line($"{size} on PostgreSQL: Test-Permission {cmdlets.TestPermissionUs.Describe()} vs Get-Random {cmdlets.GetRandomUs.Describe()}; " +
                $"effective {cmdlets.EffectiveMs.Describe()}; audit {cmdlets.AuditMs.Describe()}; overview first {cmdlets.OverviewFirstMs.Describe()}; grant {cmdlets.GrantMs.Describe()}");

            postgres.Add(sqlite with
            {
                Import = import, FloorLoadSeconds = Sample.Of("s", loads), FloorEffectiveMs = effective, FloorHoldersMs = holders,
                FloorCommitMs = Sample.Of("ms", commits), FloorEffectiveCount = effectiveCount, FloorHolderRows = holderRows,
                Start = start, Cmdlets = cmdlets, Backend = "PostgreSQL", OwnRows = null,
            });
        }
    }
}

IReadOnlyList<CoreFigure> core = [];
if (options.Micro)
{
    Log.Line("core micro benchmarks (BenchmarkDotNet)");
    core = CoreBenchmarkRun.Run(Path.Combine(options.Work, "benchmarkdotnet"));
}

var report = new ResultsReport(machine, options.Revision, sizes[0].Cmdlets.PwshVersion, started, clock.Elapsed, Machine.LoadAverageNow(), sizes, postgres, postgresVersion, roundTrip, core);
report.Write(options.Results, options.Name);
Log.Line($"results written to {Path.Combine(options.Results, options.Name)}.md and .json ({clock.Elapsed.TotalMinutes:F1} min)");
return 0;

// Runs a query `count` times (after one untimed run, unless the query is long enough to need none) and returns the milliseconds of each.
static Sample Timed(int count, Func<int> query, bool warmUp = true)
{
    if (warmUp) query();
    var values = new double[count];
    for (var i = 0; i < count; i++)
    {
        var clock = Stopwatch.StartNew();
        query();
        values[i] = clock.Elapsed.TotalMilliseconds;
    }
    return Sample.Of("ms", values);
}
