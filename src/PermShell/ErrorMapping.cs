using System.Management.Automation;

namespace PermShell;

/// <summary>The one place that turns core failures into PowerShell error records.</summary>
internal static class ErrorMapping
{
    public static ErrorRecord ToRecord(PermShellException e) => new(e, e.ErrorId, Category(e.Kind), e.Target);

    /// <summary>Store-level failures stop the whole call; everything else concerns one item.</summary>
    public static bool IsTerminating(PermShellException e) => e.ErrorId.StartsWith("PermShell.Store.", StringComparison.Ordinal);

    private static ErrorCategory Category(ProblemKind kind) => kind switch
    {
        ProblemKind.InvalidArgument => ErrorCategory.InvalidArgument,
        ProblemKind.ObjectNotFound => ErrorCategory.ObjectNotFound,
        ProblemKind.ResourceExists => ErrorCategory.ResourceExists,
        ProblemKind.InvalidOperation => ErrorCategory.InvalidOperation,
        ProblemKind.InvalidData => ErrorCategory.InvalidData,
        ProblemKind.PermissionDenied => ErrorCategory.PermissionDenied,
        ProblemKind.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
        _ => ErrorCategory.NotSpecified,
    };
}
