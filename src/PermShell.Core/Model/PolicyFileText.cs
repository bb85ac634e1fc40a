namespace PermShell;

/// <summary>
/// What Trac's authz_policy file (Python's configparser, as Trac 1.6 reads it) can hold as a key: its first '=' or ':'
/// ends the key, a line starting with '#', ';' or '[' is a comment or a section, and white space around is dropped.
/// </summary>
public static class PolicyFileText
{
    public static bool CanBeKey(string key) =>
        key.Length > 0 && key.Trim().Length == key.Length && !key.Any(c => char.IsControl(c) || c is '=' or ':' or ',')
        && key[0] is not ('#' or ';' or '[');
}
