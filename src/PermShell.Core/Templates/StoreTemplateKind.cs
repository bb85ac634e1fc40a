namespace PermShell;

/// <summary>What a new store starts with: nothing, a new Trac 1.6 environment, or Django's auth app.</summary>
public enum StoreTemplateKind
{
    Empty,
    Trac,
    Django,
}
