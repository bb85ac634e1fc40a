using System.Text.RegularExpressions;

namespace PermShell.Core.Manifest;

internal enum CoreType
{
    Null,
    Bool,
    Int,
    Float,
    String,
    /// <summary>An explicit tag outside the core schema (!foo): manifests have no use for one.</summary>
    Unsupported,
}

/// <summary>
/// YAML 1.2's core schema: what a plain scalar means (null, true/false, numbers, else text), and what explicit
/// core tags force. Manifests read text only where text belongs, so `name: 123` is refused like a schema-aware
/// editor would refuse it, and booleans are true/false only (not yes/no/on/off).
/// </summary>
internal static partial class CoreSchema
{
    private const string TagPrefix = "tag:yaml.org,2002:";

    public static CoreType Resolve(YamlScalar scalar)
    {
        if (scalar.Tag.Length > 0)
        {
            return scalar.Tag switch
            {
                "!" => CoreType.String,
                TagPrefix + "str" => CoreType.String,
                TagPrefix + "null" => CoreType.Null,
                TagPrefix + "bool" => CoreType.Bool,
                TagPrefix + "int" => CoreType.Int,
                TagPrefix + "float" => CoreType.Float,
                _ => CoreType.Unsupported,
            };
        }
        return scalar.IsPlain ? ResolvePlain(scalar.Value) : CoreType.String;
    }

    public static CoreType ResolvePlain(string text)
    {
        if (text is "" or "~" or "null" or "Null" or "NULL") return CoreType.Null;
        if (IsBool(text)) return CoreType.Bool;
        if (IntPattern().IsMatch(text)) return CoreType.Int;
        if (FloatPattern().IsMatch(text)) return CoreType.Float;
        return CoreType.String;
    }

    public static bool IsBool(string text) => text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE";

    public static bool IsTrue(string text) => text is "true" or "True" or "TRUE";

    public static bool IsCoreTag(string tag) => tag.Length == 0 || tag == "!" || tag.StartsWith(TagPrefix, StringComparison.Ordinal);

    [GeneratedRegex(@"^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();
}
