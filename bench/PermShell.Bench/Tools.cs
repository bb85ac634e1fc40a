namespace PermShell.Bench;

/// <summary>What the benchmark drives: the pwsh apphost, the built module (out/PermShell) and the scripts beside this project.</summary>
internal sealed record Tools(string Pwsh, string Module, string BenchFolder)
{
    public string Script(string name) => Path.Combine(BenchFolder, name);
}

internal static class Log
{
    private static readonly System.Diagnostics.Stopwatch Clock = System.Diagnostics.Stopwatch.StartNew();

    /// <summary>A progress line with the time since the benchmark started, so that a slow phase shows in CI logs.</summary>
    public static void Line(string text) => Console.WriteLine($"[bench {Clock.Elapsed:mm\\:ss}] {text}");
}
