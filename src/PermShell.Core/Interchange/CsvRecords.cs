using System.Text;
using PermShell.Core.Manifest;

namespace PermShell.Core.Interchange;

/// <summary>One field of a CSV record and where it starts (the opening quote, for a quoted field).</summary>
public sealed record CsvField(string Value, SourceLocation Location);

/// <summary>One record: its fields, and the line it starts on. A blank line is a record with no fields, as in Python.</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<CsvField> Fields);

/// <summary>
/// Reads CSV as Python's <c>csv.reader</c> reads the excel dialect, which is what trac-admin uses: ',' between fields,
/// '"' quotes a field and '""' is a quote inside one, a quote inside an unquoted field is an ordinary character, text
/// after a closing quote joins the field, '\n', '\r\n' and '\r' end a record, nothing is trimmed. One difference:
/// a quoted field still open at the end of the file is a problem here, where Python's non-strict reader takes it as is.
/// Lines and columns are 1-based, columns in UTF-16 characters as editors count them.
/// </summary>
public static class CsvRecords
{
    public static IReadOnlyList<CsvRecord> Read(string text, string file, List<ManifestProblem> problems)
    {
        var records = new List<CsvRecord>();
        var field = new StringBuilder();
        var i = 0;
        var line = 1;
        var lineStart = 0;
        var n = text.Length;

        // Steps over the line end at i ("\r\n" is one) and starts the next line.
        void NewLine()
        {
            i += text[i] == '\r' && i + 1 < n && text[i + 1] == '\n' ? 2 : 1;
            line++;
            lineStart = i;
        }

        while (i < n)
        {
            var recordLine = line;
            if (IsLineEnd(text[i]))
            {
                records.Add(new CsvRecord(recordLine, Array.Empty<CsvField>()));
                NewLine();
                continue;
            }
            var fields = new List<CsvField>();
            while (true)
            {
                var at = new SourceLocation(file, line, i - lineStart + 1);
                field.Clear();
                if (i < n && text[i] == '"')
                {
                    i++;
                    var closed = false;
                    while (i < n)
                    {
                        var c = text[i];
                        if (c == '"')
                        {
                            if (i + 1 < n && text[i + 1] == '"')
                            {
                                field.Append('"');
                                i += 2;
                                continue;
                            }
                            i++;
                            closed = true;
                            break;
                        }
                        if (IsLineEnd(c))
                        {
                            var start = i;
                            NewLine();
                            field.Append(text, start, i - start);
                            continue;
                        }
                        field.Append(c);
                        i++;
                    }
                    if (!closed)
                        problems.Add(new ManifestProblem(at, "PermShell.Manifest.Syntax",
                            "This quoted field is not closed: the file ends inside it. Close it with '\"' (write a quote inside a field as '\"\"')."));
                }
                // Unquoted text, or what follows a closing quote, runs to the next ',' or line end.
                while (i < n && text[i] != ',' && !IsLineEnd(text[i]))
                    field.Append(text[i++]);
                fields.Add(new CsvField(field.ToString(), at));
                if (i < n && text[i] == ',')
                {
                    i++;
                    continue;
                }
                break;
            }
            records.Add(new CsvRecord(recordLine, fields));
            if (i < n) NewLine();
        }
        return records;
    }

    private static bool IsLineEnd(char c) => c is '\n' or '\r';

    /// <summary>A field as Python's csv writer writes it with QUOTE_MINIMAL: quoted only when it holds ',', '"' or a line end.</summary>
    public static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
}
