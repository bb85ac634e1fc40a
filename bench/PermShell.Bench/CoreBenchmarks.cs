using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using PermShell.Core.Engine;
using PermShell.Core.Store;

namespace PermShell.Bench;

/// <summary>What the core benchmarks ask, per dataset size: the store the import built, and the subject and permission of the cmdlet rows.</summary>
internal sealed record CoreInput(string Store, string Subject, string Permission);

/// <summary>One core figure from BenchmarkDotNet: nanoseconds per operation (median, min–max of its iterations) and bytes allocated.</summary>
internal sealed record CoreFigure(string Method, string Size, Sample Nanoseconds, long? AllocatedBytes);

/// <summary>
/// Micro figures of the engine with BenchmarkDotNet 0.15.8, in this process (InProcess emit toolchain: no generated
/// project to build) and with a short job (2 warm-up and 3 measured iterations of about 100 ms), so that the whole
/// Bench task keeps within its 10 minutes. Each snapshot is read once from the store the import built.
/// </summary>
internal static class CoreBenchmarkRun
{
    public static Dictionary<string, CoreInput> Inputs { get; } = new(StringComparer.Ordinal);

    private static readonly Dictionary<string, PermissionSnapshot> Snapshots = new(StringComparer.Ordinal);

    public static PermissionSnapshot Snapshot(string size)
    {
        lock (Snapshots)
        {
            if (!Snapshots.TryGetValue(size, out var snapshot))
                Snapshots[size] = snapshot = PermissionStore.Open(Inputs[size].Store).Snapshot();
            return snapshot;
        }
    }

    public static IReadOnlyList<CoreFigure> Run(string artifacts)
    {
        Directory.CreateDirectory(artifacts);
        // Shorter than BenchmarkDotNet's ShortRun (3 + 3 iterations of 500 ms, overhead evaluated): 2 warm-up and 3 measured
        // iterations of about 100 ms, no overhead evaluation (a Check's figure includes the loop's nanosecond or so).
        var shortJob = Job.ShortRun
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(2)
            .WithIterationCount(3)
            .WithEvaluateOverhead(false)
            .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(100));
        var config = ManualConfig.CreateEmpty()
            .AddJob(shortJob)
            .AddLogger(new StreamLogger(Path.Combine(artifacts, "benchmarkdotnet.log")))
            .AddColumnProvider(BenchmarkDotNet.Columns.DefaultColumnProviders.Instance)
            .AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default)
            .WithArtifactsPath(artifacts)
            .WithOptions(ConfigOptions.DisableLogFile);
        var figures = new List<CoreFigure>();
        foreach (var type in new[] { typeof(SnapshotQueries), typeof(ColdOverview) })
        {
            var summary = BenchmarkRunner.Run(type, config);
            figures.AddRange(Figures(summary));
        }
        return figures;
    }

    private static IEnumerable<CoreFigure> Figures(Summary summary)
    {
        foreach (var report in summary.Reports)
        {
            var method = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
            var size = (string)report.BenchmarkCase.Parameters["Size"];
            var stats = report.ResultStatistics;
            var values = stats is null ? [] : report.GetResultRuns().Select(r => r.GetAverageTime().Nanoseconds).ToArray();
            long? allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
            yield return new CoreFigure(method, size, Sample.Of("ns", values), allocated);
        }
    }
}

/// <summary>The snapshot's per-question paths, on a snapshot that is already built (what every cmdlet call after the first uses).</summary>
public class SnapshotQueries
{
    private PermissionSnapshot _snapshot = null!;
    private CoreInput _input = null!;

    public static IEnumerable<string> Sizes => CoreBenchmarkRun.Inputs.Keys;

    [ParamsSource(nameof(Sizes))]
    public string Size { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _input = CoreBenchmarkRun.Inputs[Size];
        _snapshot = CoreBenchmarkRun.Snapshot(Size);
        _ = _snapshot.Audit.Overview();
    }

    [Benchmark(Description = "PermissionSnapshot.Check")]
    public bool Check() => _snapshot.Check(_input.Subject, _input.Permission);

    [Benchmark(Description = "PermissionSnapshot.Explain")]
    public int Explain() => _snapshot.Explain(_input.Subject, _input.Permission).Count;

    [Benchmark(Description = "PermissionSnapshot.Effective")]
    public int Effective() => _snapshot.Effective(_input.Subject).Count;

    [Benchmark(Description = "PermissionAudit.Holders")]
    public int Holders() => _snapshot.Audit.Holders(_input.Permission).Count();
}

/// <summary>The audit as a cmdlet's first call gets it: on a snapshot whose audit has not been computed yet.</summary>
public class ColdOverview
{
    private PermissionSnapshot _fresh = null!;

    public static IEnumerable<string> Sizes => CoreBenchmarkRun.Inputs.Keys;

    [ParamsSource(nameof(Sizes))]
    public string Size { get; set; } = "";

    // A new snapshot of the same state each iteration: the audit is computed on first use and then kept.
    [IterationSetup]
    public void NewSnapshot() => _fresh = new PermissionSnapshot(CoreBenchmarkRun.Snapshot(Size).State);

    [Benchmark(Description = "PermissionAudit.Overview (first call)")]
    [InvocationCount(1)]
    public int Overview() => _fresh.Audit.Overview().Count;

    // What the audit of one permission builds once per snapshot (the subjects by permission granted, the users and
    // superusers, the walk's scratch) is included here.
    [Benchmark(Description = "PermissionAudit.Holders (first call)")]
    [InvocationCount(1)]
    public int HoldersFirst() => _fresh.Audit.Holders(CoreBenchmarkRun.Inputs[Size].Permission).Count();
}
