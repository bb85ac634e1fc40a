namespace PermShell.Core.Engine;

/// <summary>
/// A resource as Trac's AuthzPolicy names it: <c>realm:id@version</c>, parent to child joined by <c>/</c>
/// (<c>ticket:43@*/attachment:file.txt@*</c>), with <c>*</c> for a missing id or version.
/// </summary>
public static class ResourceDescriptor
{
    /// <summary>
    /// The descriptor of a resource as a user writes it: <c>wiki:PrivatePage</c> is <c>wiki:PrivatePage@*</c>, <c>ticket</c>
    /// is <c>ticket:*@*</c>. A component starts at a <c>/</c> followed by text with a <c>:</c>; a <c>/</c> segment without one
    /// belongs to the id before it, so wiki sub-pages stay whole (<c>wiki:Templates/Bug</c> is <c>wiki:Templates/Bug@*</c>;
    /// write <c>ticket:43/attachment:*</c> for a realm without id under a parent). Each component's version is what
    /// follows its last <c>@</c>; empty or missing is <c>*</c>.
    /// </summary>
    public static string Normalize(string resource)
    {
        var components = new List<string>();
        foreach (var segment in resource.Split('/'))
        {
            if (components.Count > 0 && !segment.Contains(':')) components[^1] += "/" + segment;
            else components.Add(segment);
        }
        return string.Join("/", components.Select(Component));
    }

    private static string Component(string text)
    {
        var colon = text.IndexOf(':');
        var realm = colon < 0 ? text : text[..colon];
        var rest = colon < 0 ? null : text[(colon + 1)..];
        string id, version = "";
        if (rest is null) id = "*";
        else
        {
            var at = rest.LastIndexOf('@');
            id = at < 0 ? rest : rest[..at];
            if (at >= 0) version = rest[(at + 1)..];
        }
        return $"{(realm.Length == 0 ? "*" : realm)}:{id}@{(version.Length == 0 ? "*" : version)}";
    }
}
