namespace PermShell;

/// <summary>What went wrong, in terms the cmdlet layer maps onto PowerShell's ErrorCategory.</summary>
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))] // ConvertTo-Json writes the name, not the number (pwsh serialises with Newtonsoft.Json)
public enum ProblemKind
{
    InvalidArgument,
    ObjectNotFound,
    ResourceExists,
    InvalidOperation,
    InvalidData,
    PermissionDenied,
    ResourceUnavailable,
}

/// <summary>
/// A failure the user can act on. <see cref="ErrorId"/> is stable and dotted (PermShell.Grant.UnknownPermission):
/// scripts and tests match on it, so never change one once shipped.
/// </summary>
public class PermShellException : Exception
{
    public string ErrorId { get; }
    public ProblemKind Kind { get; }
    public object? Target { get; }

    public PermShellException(string errorId, ProblemKind kind, string message, object? target = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Kind = kind;
        Target = target;
    }
}
