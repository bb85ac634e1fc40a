using System.Text;
using System.Text.Json;
using PermShell.Core.Manifest;

namespace PermShell.Core.Interchange;

public enum JsonKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

/// <summary>
/// A JSON value with where it is written. System.Text.Json's JsonDocument keeps no positions, so the tree is built
/// from Utf8JsonReader's token offsets: problems in a fixture can then point at the line and column of the element.
/// </summary>
public sealed class JsonNode
{
    public required JsonKind Kind { get; init; }
    public required SourceLocation Location { get; init; }
    /// <summary>A string's value, or a number's text as written.</summary>
    public string Text { get; init; } = "";
    public List<JsonNode> Items { get; } = new();
    public List<(string Key, SourceLocation KeyLocation, JsonNode Value)> Properties { get; } = new();
    private Dictionary<string, int>? _keys;

    /// <summary>The value of a property, or null when the object has none of that name.</summary>
    public JsonNode? this[string key] => _keys is not null && _keys.TryGetValue(key, out var i) ? Properties[i].Value : null;

    /// <summary>Adds a property; false (and nothing added) when the key is there already.</summary>
    internal bool TryAdd(string key, SourceLocation keyLocation, JsonNode value, out SourceLocation first)
    {
        _keys ??= new Dictionary<string, int>(StringComparer.Ordinal);
        if (_keys.TryGetValue(key, out var i))
        {
            first = Properties[i].KeyLocation;
            return false;
        }
        _keys[key] = Properties.Count;
        Properties.Add((key, keyLocation, value));
        first = keyLocation;
        return true;
    }

    public string Describe() => Kind switch
    {
        JsonKind.Object => "an object",
        JsonKind.Array => "an array",
        JsonKind.String => $"the text \"{NameRules.Printable(Text)}\"",
        JsonKind.Number => $"the number {Text}",
        JsonKind.True => "true",
        JsonKind.False => "false",
        _ => "null",
    };
}

/// <summary>Reads JSON into a <see cref="JsonNode"/> tree within <see cref="ManifestLimits"/>; a syntax error is one problem with its position.</summary>
public static class JsonTree
{
    public static JsonNode? Read(byte[] utf8, string file, ManifestLimits limits, List<ManifestProblem> problems)
    {
        var offset = utf8.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? 3 : 0;
        var json = utf8.AsSpan(offset);
        var lines = new LineMap(utf8, offset, file);
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = limits.MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
        var stack = new Stack<JsonNode>();
        JsonNode? root = null;
        string? key = null;
        SourceLocation? keyAt = null;
        long nodes = 0;
        try
        {
            while (reader.Read())
            {
                var at = lines.At(reader.TokenStartIndex);
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    key = reader.GetString();
                    keyAt = at;
                    continue;
                }
                if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    stack.Pop();
                    continue;
                }
                if (++nodes > limits.MaxNodes)
                {
                    problems.Add(new ManifestProblem(at, "PermShell.Manifest.TooManyNodes",
                        $"The file has more than {limits.MaxNodes:N0} JSON values (ManifestLimits.MaxNodes); nothing of it was used."));
                    return null;
                }
                var node = reader.TokenType switch
                {
                    JsonTokenType.StartObject => new JsonNode { Kind = JsonKind.Object, Location = at },
                    JsonTokenType.StartArray => new JsonNode { Kind = JsonKind.Array, Location = at },
                    JsonTokenType.String => new JsonNode { Kind = JsonKind.String, Location = at, Text = reader.GetString()! },
                    JsonTokenType.Number => new JsonNode { Kind = JsonKind.Number, Location = at, Text = Encoding.UTF8.GetString(reader.ValueSpan) },
                    JsonTokenType.True => new JsonNode { Kind = JsonKind.True, Location = at },
                    JsonTokenType.False => new JsonNode { Kind = JsonKind.False, Location = at },
                    _ => new JsonNode { Kind = JsonKind.Null, Location = at },
                };
                if (stack.Count == 0) root = node;
                else if (stack.Peek().Kind == JsonKind.Array) stack.Peek().Items.Add(node);
                else
                {
                    if (!stack.Peek().TryAdd(key!, keyAt!, node, out var first))
                        problems.Add(new ManifestProblem(keyAt!, "PermShell.Manifest.DuplicateKey",
                            $"\"{NameRules.Printable(key!)}\" is given twice in this object (first at {first.Line}:{first.Column})."));
                }
                if (node.Kind is JsonKind.Object or JsonKind.Array) stack.Push(node);
            }
        }
        catch (JsonException e)
        {
            var at = e.LineNumber is { } line && e.BytePositionInLine is { } column
                ? lines.AtLineByte((int)line, (int)column)
                : SourceLocation.StartOf(file);
            var message = e.Message.Split(" LineNumber:")[0].Split(" Path:")[0].TrimEnd();
            problems.Add(new ManifestProblem(at, "PermShell.Manifest.Syntax", $"The file is not valid JSON: {message}"));
            return null;
        }
        catch (InvalidOperationException e)
        {
            // GetString on text that cannot be a .NET string (an escaped lone surrogate).
            problems.Add(new ManifestProblem(lines.At(reader.TokenStartIndex), "PermShell.Manifest.Syntax", $"The file is not valid JSON text here: {e.Message}"));
            return null;
        }
        if (root is null)
            problems.Add(new ManifestProblem(SourceLocation.StartOf(file), "PermShell.Manifest.Syntax", "The file holds no JSON value."));
        return root;
    }

    /// <summary>Byte offsets to 1-based lines and UTF-16 columns.</summary>
    private sealed class LineMap
    {
        private readonly byte[] _bytes;
        private readonly int _offset;
        private readonly string _file;
        private readonly List<int> _starts = new();

        public LineMap(byte[] bytes, int offset, string file)
        {
            _bytes = bytes;
            _offset = offset;
            _file = file;
            _starts.Add(offset);
            for (var i = offset; i < bytes.Length; i++)
                if (bytes[i] == '\n') _starts.Add(i + 1);
        }

        /// <summary>The position of a byte offset into the JSON (after any BOM).</summary>
        public SourceLocation At(long tokenStart)
        {
            var absolute = (int)tokenStart + _offset;
            var index = _starts.BinarySearch(absolute);
            var line = index >= 0 ? index : ~index - 1;
            return Position(line, absolute);
        }

        /// <summary>The position Utf8JsonReader gives in an exception: 0-based line, byte in line.</summary>
        public SourceLocation AtLineByte(int line, int byteInLine)
        {
            line = Math.Clamp(line, 0, _starts.Count - 1);
            return Position(line, Math.Min(_starts[line] + byteInLine, _bytes.Length));
        }

        private SourceLocation Position(int line, int absolute)
        {
            var start = _starts[line];
            var column = Encoding.UTF8.GetCharCount(_bytes, start, absolute - start) + 1;
            return new SourceLocation(_file, line + 1, column);
        }
    }
}
