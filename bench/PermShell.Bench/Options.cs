namespace PermShell.Bench;

/// <summary>
/// The command line (build.ps1's Invoke-Bench passes the paths): --generator gen_dataset.py --pwsh path --module PermShell.psd1
/// --bench-folder bench/ --work folder --results bench/results [--name latest] [--revision commit] [--sizes small,medium,large] [--no-micro]
/// [--import-runs N] [--floor-runs N] [--start-runs N] [--batches N] [--writes N] [--overview-processes N]
/// [--postgres connection-string] [--postgres-sizes medium,large]. With --postgres, the PostgreSQL pass measures the
/// same rows on a store on that server, on --postgres-sizes only and with fewer repetitions (see Program.cs).
/// </summary>
internal sealed record Options(
    string Generator, string Pwsh, string Module, string BenchFolder, string Work, string Results, string Name, string Revision, string[] Sizes,
    bool Micro, int ImportRuns, int FloorRuns, int StartRuns, int Batches, int Writes, int OverviewProcesses, int PipelineObjects,
    string? Postgres, string[] PostgresSizes)
{
    public static Options Parse(string[] args)
    {
        var o = new Options("", "", "", "", "", "", "latest", "unknown", ["small", "medium", "large"], true, 3, 3, 5, 5, 5, 3, 1000, null, ["medium", "large"]);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            o = args[i] switch
            {
                "--generator" => o with { Generator = Path.GetFullPath(Next()) },
                "--pwsh" => o with { Pwsh = Next() },
                "--module" => o with { Module = Path.GetFullPath(Next()) },
                "--bench-folder" => o with { BenchFolder = Path.GetFullPath(Next()) },
                "--work" => o with { Work = Path.GetFullPath(Next()) },
                "--results" => o with { Results = Path.GetFullPath(Next()) },
                "--name" => o with { Name = Next() },
                "--revision" => o with { Revision = Next() },
                "--sizes" => o with { Sizes = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--no-micro" => o with { Micro = false },
                "--import-runs" => o with { ImportRuns = int.Parse(Next()) },
                "--floor-runs" => o with { FloorRuns = int.Parse(Next()) },
                "--start-runs" => o with { StartRuns = int.Parse(Next()) },
                "--batches" => o with { Batches = int.Parse(Next()) },
                "--writes" => o with { Writes = int.Parse(Next()) },
                "--overview-processes" => o with { OverviewProcesses = int.Parse(Next()) },
                "--pipeline-objects" => o with { PipelineObjects = int.Parse(Next()) },
                "--postgres" => o with { Postgres = Next() },
                "--postgres-sizes" => o with { PostgresSizes = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                _ => throw new ArgumentException($"unknown argument {args[i]}"),
            };
        }
        foreach (var (name, value) in new[] { ("--generator", o.Generator), ("--pwsh", o.Pwsh), ("--module", o.Module), ("--bench-folder", o.BenchFolder), ("--work", o.Work), ("--results", o.Results) })
            if (value.Length == 0) throw new ArgumentException($"{name} is required");
        return o;
    }
}
