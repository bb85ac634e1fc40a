using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PermShell.Core.Manifest;

/// <summary>
/// Builds a <see cref="YamlNode"/> tree from YamlDotNet's low-level parser events with an explicit stack, never
/// recursion, so no input can overflow the stack. Limits are enforced while reading: depth as nodes open (YamlDotNet
/// itself slows down quadratically with depth, so we stop early), and size as nodes close, where an alias adds the
/// full size of what it refers to without copying it, so an alias bomb is refused after a few hundred events.
/// </summary>
internal sealed class YamlNodeReader
{
    private readonly string _file;
    private readonly ManifestLimits _limits;
    private readonly List<ManifestProblem> _problems;
    private readonly Stack<OpenNode> _open = new();
    private readonly Dictionary<string, YamlNode> _anchors = new(StringComparer.Ordinal);
    private YamlNode? _root;

    private sealed class OpenNode(YamlNode node, string anchor)
    {
        public YamlNode Node { get; } = node;
        public string Anchor { get; } = anchor;
        public YamlNode? PendingKey { get; set; }
    }

    private YamlNodeReader(string file, ManifestLimits limits, List<ManifestProblem> problems)
    {
        _file = file;
        _limits = limits;
        _problems = problems;
    }

    /// <summary>
    /// The file's one document, or null when it has none. When reading has to stop (syntax error, a limit), the
    /// problem is added and null is returned; a second document is a problem but the first is still returned.
    /// </summary>
    public static YamlNode? Read(string text, string file, ManifestLimits limits, List<ManifestProblem> problems) =>
        new YamlNodeReader(file, limits, problems).Read(text);

    private YamlNode? Read(string text)
    {
        var parser = new Parser(new TabIndentScanner(text));
        var documents = 0;
        int lastLine = 1, lastColumn = 1;
        try
        {
            while (parser.MoveNext())
            {
                var ev = parser.Current!;
                var (line, column) = ((int)ev.Start.Line, (int)ev.Start.Column);
                switch (ev)
                {
                    case DocumentStart:
                        if (++documents > 1)
                        {
                            Problem(new SourceLocation(_file, line, column), "PermShell.Manifest.MultipleDocuments",
                                "A manifest file holds one YAML document; this file has another one here. Put each document in a file of its own (a folder is read as one manifest).");
                            return _root;
                        }
                        break;
                    case Scalar s:
                        if (!Close(new YamlScalar(_file, line, column, s.Value, s.Style) { Tag = TagOf(s) }, AnchorOf(s))) return null;
                        break;
                    case SequenceStart s:
                        if (!Open(new YamlSequence(_file, line, column) { Tag = TagOf(s) }, AnchorOf(s))) return null;
                        break;
                    case MappingStart m:
                        if (!Open(new YamlMapping(_file, line, column) { Tag = TagOf(m) }, AnchorOf(m))) return null;
                        break;
                    case SequenceEnd or MappingEnd:
                        var done = _open.Pop();
                        if (!Close(done.Node, done.Anchor)) return null;
                        break;
                    case AnchorAlias alias:
                        if (!Alias(alias.Value.Value, new SourceLocation(_file, line, column))) return null;
                        break;
                }
                (lastLine, lastColumn) = (line, column);
            }
        }
        catch (YamlException e)
        {
            var at = new SourceLocation(_file, (int)Math.Max(1, e.Start.Line), (int)Math.Max(1, e.Start.Column));
            Problem(at, "PermShell.Manifest.Syntax", $"YAML syntax error: {e.Message}");
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException or NullReferenceException)
        {
            // YamlDotNet 18 throws these on some malformed input (an unclosed flow list before a new key) instead of
            // a YamlException; it is still a syntax error in the file, not a failure of ours.
            Problem(new SourceLocation(_file, Math.Max(1, lastLine), Math.Max(1, lastColumn)), "PermShell.Manifest.Syntax", "YAML syntax error: the text after this point could not be read (an unclosed [ or { or quote?).");
            return null;
        }
        return _root;
    }

    private bool Open(YamlNode node, string anchor)
    {
        if (_open.Count >= _limits.MaxDepth)
        {
            Problem(node.Location, "PermShell.Manifest.TooDeep",
                $"Lists and mappings are nested more than {_limits.MaxDepth} levels deep here; a manifest needs four. Reading stopped.");
            return false;
        }
        _open.Push(new OpenNode(node, anchor));
        return true;
    }

    private bool Close(YamlNode node, string anchor)
    {
        if (anchor.Length > 0) _anchors[anchor] = node;
        return Attach(node, node.Location);
    }

    private bool Alias(string name, SourceLocation at)
    {
        if (_open.Any(o => o.Anchor == name))
        {
            Problem(at, "PermShell.Manifest.UnknownAlias", $"The alias *{name} refers to a node that contains it (&{name}); a manifest cannot be recursive.");
            return false;
        }
        if (!_anchors.TryGetValue(name, out var target))
        {
            Problem(at, "PermShell.Manifest.UnknownAlias", $"The alias *{name} refers to no anchor &{name} before it.");
            return false;
        }
        return Attach(target, at);
    }

    /// <summary>
    /// Hangs a finished node (or an alias's target, <paramref name="at"/> the alias) under the open one, adding its
    /// expanded size to the open node's; each ancestor gets the total when its child closes.
    /// </summary>
    private bool Attach(YamlNode node, SourceLocation at)
    {
        if (_open.Count == 0)
        {
            _root ??= node;
            return true;
        }
        var parent = _open.Peek();
        switch (parent.Node)
        {
            case YamlSequence sequence:
                sequence.Items.Add(node);
                break;
            case YamlMapping mapping when parent.PendingKey is null:
                parent.PendingKey = node;
                break;
            case YamlMapping mapping:
                mapping.Entries.Add(new(parent.PendingKey, node));
                parent.PendingKey = null;
                break;
        }
        var size = parent.Node.Size + node.Size;
        parent.Node.Size = size < 0 ? long.MaxValue : size;
        if (parent.Node.Size <= _limits.MaxNodes) return true;
        Problem(at, "PermShell.Manifest.TooManyNodes",
            FormattableString.Invariant($"The document grows past {_limits.MaxNodes:N0} nodes here once aliases are expanded (an alias bomb?). Reading stopped."));
        return false;
    }

    private static string AnchorOf(NodeEvent e) => e.Anchor.IsEmpty ? "" : e.Anchor.Value;

    private static string TagOf(NodeEvent e) => e.Tag.IsEmpty ? "" : e.Tag.Value;

    private void Problem(SourceLocation at, string id, string message) => _problems.Add(new ManifestProblem(at, id, message));
}
