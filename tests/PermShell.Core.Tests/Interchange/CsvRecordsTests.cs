using PermShell.Core.Interchange;
using PermShell.Core.Manifest;

namespace PermShell.Core.Tests.Interchange;

/// <summary>The reader follows Python's csv.reader with the excel dialect, as trac-admin permission import uses it.</summary>
public sealed class CsvRecordsTests
{
    private static List<string[]> Rows(string text)
    {
        var problems = new List<ManifestProblem>();
        var records = CsvRecords.Read(text, "f.csv", problems);
        Assert.Empty(problems);
        return records.Select(r => r.Fields.Select(f => f.Value).ToArray()).ToList();
    }

    [Theory]
    [InlineData("a,b\n", new[] { "a|b" })]
    [InlineData("a,b", new[] { "a|b" })]
    [InlineData("a,b\r\nc,d\r\n", new[] { "a|b", "c|d" })]
    [InlineData("a,b\rc,d", new[] { "a|b", "c|d" })]
    [InlineData(" a , b \n", new[] { " a | b " })]
    [InlineData("\"a,b\",\"say \"\"hi\"\"\"\n", new[] { "a,b|say \"hi\"" })]
    [InlineData("a\"b,c\n", new[] { "a\"b|c" })]
    [InlineData("\"ab\"cd,e\n", new[] { "abcd|e" })]
    [InlineData("a,,b,\n", new[] { "a||b|" })]
    [InlineData("\"\",x\n", new[] { "|x" })]
    [InlineData("a,b\n\nc,d\n", new[] { "a|b", "", "c|d" })]
    [InlineData("josé,😀\n", new[] { "josé|😀" })]
    public void Reads_fields_as_Python_does(string text, string[] expected)
    {
        Assert.Equal(expected, Rows(text).Select(r => string.Join("|", r)));
    }

    [Fact]
    public void A_quoted_field_may_span_lines_and_later_records_keep_their_line()
    {
        var problems = new List<ManifestProblem>();
        var records = CsvRecords.Read("a,\"x\r\ny\"\nb,c\n", "f.csv", problems);

        Assert.Equal("x\r\ny", records[0].Fields[1].Value);
        Assert.Equal(3, records[1].Line);
        Assert.Equal(new SourceLocation("f.csv", 3, 3), records[1].Fields[1].Location);
    }

    [Fact]
    public void Fields_know_their_line_and_column()
    {
        var records = CsvRecords.Read("bob,WIKI_VIEW\nalice,\"dev, ops\",X\n", "f.csv", new List<ManifestProblem>());

        Assert.Equal(new[] { (1, 1), (1, 5), (2, 1), (2, 7), (2, 18) },
            records.SelectMany(r => r.Fields).Select(f => (f.Location.Line, f.Location.Column)));
    }

    [Fact]
    public void An_unclosed_quote_is_a_problem_where_the_field_starts()
    {
        var problems = new List<ManifestProblem>();
        CsvRecords.Read("a,b\nbob,\"WIKI_VIEW\n", "f.csv", problems);

        var problem = Assert.Single(problems);
        Assert.Equal("PermShell.Manifest.Syntax", problem.ErrorId);
        Assert.Equal(new SourceLocation("f.csv", 2, 5), problem.Location);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a b", "a b")]
    [InlineData(" lead", " lead")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("x'y", "x'y")]
    [InlineData("line\u2028sep", "line\u2028sep")]
    public void Quotes_only_what_Pythons_minimal_quoting_quotes(string value, string written)
    {
        Assert.Equal(written, CsvRecords.Quote(value));
    }
}
