namespace PermShell;

/// <summary>Derives a permission's App and CodeName from its name, as Trac and Django name permissions.</summary>
public static class PermissionNaming
{
    /// <summary>
    /// Django style <c>auth.change_user</c> gives App <c>auth</c>, CodeName <c>change_user</c>;
    /// Trac style <c>TICKET_VIEW</c> gives App <c>ticket</c> (first word, lower case), CodeName <c>TICKET_VIEW</c>.
    /// </summary>
    public static (string App, string CodeName) Split(string name)
    {
        var dot = name.IndexOf('.');
        if (dot >= 0) return (name[..dot], name[(dot + 1)..]);

        var underscore = name.IndexOf('_');
        var firstWord = underscore >= 0 ? name[..underscore] : name;
        return (firstWord.ToLowerInvariant(), name);
    }
}
