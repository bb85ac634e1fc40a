using YamlDotNet.Core;

namespace PermShell.Core.Manifest;

/// <summary>
/// Our own small YAML tree: just what a manifest needs (values, styles, tags, where each node starts), built by
/// <see cref="YamlNodeReader"/> from parser events. An alias is the node it refers to, shared, never copied.
/// </summary>
internal abstract class YamlNode(string file, int line, int column)
{
    // Line and column rather than a SourceLocation per node: a large manifest has millions of nodes, few problems.
    private readonly string _file = file;
    private readonly int _line = line;
    private readonly int _column = column;

    public SourceLocation Location => new(_file, _line, _column);

    /// <summary>Explicit tag in full form (tag:yaml.org,2002:str), or "" when the node has none.</summary>
    public string Tag { get; init; } = "";

    /// <summary>Nodes in this subtree with aliases expanded; saturates instead of overflowing.</summary>
    public long Size { get; set; } = 1;

    /// <summary>What the node is, in words for messages ("a list", "the number 12").</summary>
    public abstract string Describe();
}

internal sealed class YamlScalar(string file, int line, int column, string value, ScalarStyle style) : YamlNode(file, line, column)
{
    public string Value { get; } = value;
    public ScalarStyle Style { get; } = style;
    public bool IsPlain => Style is ScalarStyle.Plain or ScalarStyle.Any;

    public override string Describe() => CoreSchema.Resolve(this) switch
    {
        CoreType.Null => "an empty value",
        CoreType.Bool => $"the boolean {Value}",
        CoreType.Int or CoreType.Float => $"the number {Value}",
        _ => $"the text '{NameRules.Printable(Value)}'",
    };
}

internal sealed class YamlSequence(string file, int line, int column) : YamlNode(file, line, column)
{
    public List<YamlNode> Items { get; } = new();

    public override string Describe() => "a list";
}

internal sealed class YamlMapping(string file, int line, int column) : YamlNode(file, line, column)
{
    public List<KeyValuePair<YamlNode, YamlNode>> Entries { get; } = new();

    public override string Describe() => "a mapping (key: value)";
}
