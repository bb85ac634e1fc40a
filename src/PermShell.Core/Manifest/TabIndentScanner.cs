using YamlDotNet.Core;
using YamlDotNet.Core.Tokens;

namespace PermShell.Core.Manifest;

/// <summary>
/// YamlDotNet's scanner, refusing a tab in the indentation of a line with the tab's own line and column. YamlDotNet
/// refuses most such tabs without a position (its exception carries an empty mark, so the problem read as 1:1), and
/// lets one through when it comes after the current indentation ("\tversion: 1", "     \t- x"), which then reads
/// the line at a depth other than the one an editor shows. Tabs inside scalars, after a '#' and inside flow
/// collections (<c>[a,\n\tb]</c>) indent nothing and are left to YAML's own rules.
/// </summary>
internal sealed class TabIndentScanner(string text) : IScanner
{
    private const string Message = "this line is indented with a tab: tabs cannot indent YAML; use spaces.";

    private readonly Scanner _scanner = new(new StringReader(text));
    private int _flowLevel;

    public Mark CurrentPosition => _scanner.CurrentPosition;

    public Token? Current => _scanner.Current;

    // As YamlDotNet's Scanner.MoveNext does, so every token passes through MoveNextWithoutConsuming below.
    public bool MoveNext()
    {
        if (Current is not null) ConsumeCurrent();
        return MoveNextWithoutConsuming();
    }

    public void ConsumeCurrent() => _scanner.ConsumeCurrent();

    public bool MoveNextWithoutConsuming()
    {
        bool moved;
        try
        {
            moved = _scanner.MoveNextWithoutConsuming();
        }
        catch (SyntaxErrorException) when (TabAt(_scanner.CurrentPosition) is { } tab)
        {
            // YamlDotNet stops with its cursor on the tab it refuses; say so, there.
            throw new SyntaxErrorException(tab, tab, Message);
        }
        if (moved && _scanner.Current is { } token and not StreamEnd)
        {
            if (_flowLevel == 0 && IndentingTab(token.Start, (int)token.Start.Index) is { } tab)
                throw new SyntaxErrorException(tab, tab, Message);
            if (token is FlowSequenceStart or FlowMappingStart) _flowLevel++;
            else if (token is FlowSequenceEnd or FlowMappingEnd) _flowLevel--;
        }
        return moved;
    }

    /// <summary>The first tab of the line's indentation when the scanner stopped on a tab inside that indentation.</summary>
    private Mark? TabAt(Mark cursor) =>
        cursor.Index < text.Length && text[(int)cursor.Index] == '\t' ? IndentingTab(cursor, (int)cursor.Index + 1) : null;

    /// <summary>
    /// Where the first tab is when the text of <paramref name="at"/>'s line before index <paramref name="end"/> is
    /// white space with a tab in it (so what starts at <paramref name="end"/> is indented by a tab); null otherwise.
    /// </summary>
    private Mark? IndentingTab(Mark at, int end)
    {
        var lineStart = end;
        while (lineStart > 0 && text[lineStart - 1] is ' ' or '\t') lineStart--;
        if (lineStart > 0 && !IsLineBreak(text[lineStart - 1])) return null;
        var tab = text.IndexOf('\t', lineStart, end - lineStart);
        if (tab < 0) return null;
        // One column per character, as YamlDotNet counts them; the tab is on at's line, before it or at it.
        return new Mark(tab, at.Line, at.Column - (at.Index - tab));
    }

    // The line breaks YamlDotNet counts lines by.
    private static bool IsLineBreak(char c) => c is '\n' or '\r' or '\u0085' or '\u2028' or '\u2029';
}
