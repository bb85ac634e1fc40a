namespace PermShell.Bench;

/// <summary>
/// The repetitions of the PostgreSQL pass: fewer than the SQLite pass's (see <see cref="Options"/>), so that both
/// passes fit in issue 11's ten minutes; the report states them.
/// </summary>
internal static class PostgresPass
{
    public const int ImportRuns = 2;
    public const int FloorRuns = 2;
    public const int StartRuns = 3;
    public const int Batches = 3;
    public const int Writes = 3;
    public const int OverviewProcesses = 2;

    public static string Describe(IEnumerable<string> sizes) =>
        $"on the {string.Join(" and ", sizes)} dataset{(sizes.Count() > 1 ? "s" : "")} only, {ImportRuns} imports, {FloorRuns} floor loads, {StartRuns} first-answer processes, " +
        $"{Batches} batches per cmdlet row, {Writes} of each write and {OverviewProcesses} overview processes";
}
