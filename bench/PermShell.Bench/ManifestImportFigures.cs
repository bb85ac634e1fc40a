using System.Text.Json;

namespace PermShell.Bench;

/// <summary>What building a store through the public path costs: whole-process time and peak memory of each import.</summary>
internal sealed record ManifestImportFigures(Sample ProcessSeconds, Sample CmdletSeconds, Sample PeakMiB, string PeakSource, string StorePath)
{
    /// <summary>
    /// Imports the manifest <paramref name="runs"/> times, each into a new store in its own pwsh (bench/Import-Manifest.ps1),
    /// and keeps the last store for the other measurements.
    /// </summary>
    public static ManifestImportFigures Measure(Tools tools, string manifest, string store, int runs)
    {
        var process = new List<double>();
        var cmdlet = new List<double>();
        var peak = new List<double>();
        var source = "";
        for (var i = 0; i < runs; i++)
        {
            var run = ChildProcess.Pwsh(tools.Pwsh, tools.Script("Import-Manifest.ps1"), "-Module", tools.Module, "-Manifest", manifest, "-Store", store);
            using var figures = JsonDocument.Parse(ChildProcess.LastJsonLine(run));
            process.Add(run.WallMs / 1000);
            cmdlet.Add(figures.RootElement.GetProperty("import_ms").GetDouble() / 1000);
            peak.Add(figures.RootElement.GetProperty("peak_bytes").GetDouble() / (1024 * 1024));
            source = figures.RootElement.GetProperty("peak_source").GetString()!;
            Log.Line($"  import {i + 1}/{runs}: {process[^1]:F2} s whole process ({cmdlet[^1]:F2} s in Import-PermissionManifest), peak {peak[^1]:F0} MiB");
        }
        return new ManifestImportFigures(Sample.Of("s", process), Sample.Of("s", cmdlet), Sample.Of("MiB", peak), source, store);
    }
}
