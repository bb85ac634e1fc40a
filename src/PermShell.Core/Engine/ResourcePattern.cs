namespace PermShell.Core.Engine;

/// <summary>
/// A policy section's resource pattern, matched as Trac's AuthzPolicy matches it: Python's <c>fnmatchcase</c>
/// (case-sensitive; <c>*</c> any run, <c>/</c> included; <c>?</c> one character; <c>[abc]</c>, <c>[a-z]</c>,
/// <c>[!abc]</c> one character of a set; a <c>[</c> without its <c>]</c> is literal), against the whole descriptor,
/// after <c>@*</c> is appended to a pattern that has no <c>@</c>.
/// </summary>
public sealed class ResourcePattern
{
    private abstract record Token;
    private sealed record Star : Token;
    private sealed record AnyChar : Token;
    private sealed record Literal(char Value) : Token;
    private sealed record CharSet(bool Negated, (char Low, char High)[] Ranges) : Token
    {
        public bool Matches(char c) => Ranges.Any(r => r.Low <= c && c <= r.High) != Negated;
    }

    private readonly Token[] _tokens;

    public ResourcePattern(string pattern)
    {
        Pattern = pattern;
        Glob = pattern.Contains('@') ? pattern : pattern + "@*";
        _tokens = Parse(Glob);
    }

    /// <summary>The pattern as written in the section.</summary>
    public string Pattern { get; }

    /// <summary>The glob that is matched: the pattern, with <c>@*</c> appended when it has no <c>@</c>.</summary>
    public string Glob { get; }

    /// <summary>Whether the normalised descriptor (see <see cref="ResourceDescriptor"/>) matches, as fnmatchcase says.</summary>
    public bool Matches(string descriptor)
    {
        // The classic two-pointer wildcard match: each token but * takes one character; on a mismatch, the last * takes one more.
        int t = 0, d = 0, starToken = -1, starText = 0;
        while (d < descriptor.Length)
        {
            if (t < _tokens.Length && _tokens[t] is Star)
            {
                starToken = t++;
                starText = d;
            }
            else if (t < _tokens.Length && TakesOne(_tokens[t], descriptor[d]))
            {
                t++;
                d++;
            }
            else if (starToken >= 0)
            {
                t = starToken + 1;
                d = ++starText;
            }
            else return false;
        }
        while (t < _tokens.Length && _tokens[t] is Star) t++;
        return t == _tokens.Length;
    }

    public override string ToString() => Pattern;

    private static bool TakesOne(Token token, char c) => token switch
    {
        AnyChar => true,
        Literal l => l.Value == c,
        CharSet s => s.Matches(c),
        _ => false,
    };

    /// <summary>Python's fnmatch.translate, as tokens.</summary>
    private static Token[] Parse(string glob)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < glob.Length)
        {
            var c = glob[i++];
            switch (c)
            {
                case '*':
                    if (tokens.Count == 0 || tokens[^1] is not Star) tokens.Add(new Star());
                    break;
                case '?':
                    tokens.Add(new AnyChar());
                    break;
                case '[':
                    var j = i;
                    if (j < glob.Length && glob[j] == '!') j++;
                    if (j < glob.Length && glob[j] == ']') j++;
                    while (j < glob.Length && glob[j] != ']') j++;
                    if (j >= glob.Length)
                    {
                        tokens.Add(new Literal('['));
                        break;
                    }
                    var set = glob[i..j];
                    i = j + 1;
                    tokens.Add(ParseSet(set));
                    break;
                default:
                    tokens.Add(new Literal(c));
                    break;
            }
        }
        return tokens.ToArray();
    }

    /// <summary>A set's members: <c>a-z</c> a range (a reversed one matches nothing, as in Python), any other character itself.</summary>
    private static CharSet ParseSet(string set)
    {
        var negated = set.StartsWith('!');
        var body = negated ? set[1..] : set;
        var ranges = new List<(char, char)>();
        for (var k = 0; k < body.Length; k++)
        {
            if (k + 2 < body.Length && body[k + 1] == '-')
            {
                if (body[k] <= body[k + 2]) ranges.Add((body[k], body[k + 2]));
                k += 2;
            }
            else ranges.Add((body[k], body[k]));
        }
        return new CharSet(negated, ranges.ToArray());
    }
}
