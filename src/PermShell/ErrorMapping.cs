using System.Management.Automation;

namespace PermShell;

/// <summary>The one place that turns core failures into PowerShell error records.</summary>
internal static class ErrorMapping
{
    /// <summary>The record of a core error, with the category the error catalogue gives its id.</summary>
    public static ErrorRecord ToRecord(PermShellException e) => new(e, e.ErrorId, Category(ErrorCatalogue.Find(e.ErrorId)?.Category ?? e.Kind), e.Target);

    /// <summary>Whether the error stops the whole call, as the error catalogue says of its id; otherwise it concerns one item.</summary>
    public static bool IsTerminating(PermShellException e) => ErrorCatalogue.Find(e.ErrorId)?.Terminates ?? false;

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
