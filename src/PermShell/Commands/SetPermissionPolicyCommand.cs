using System.Management.Automation;
using PermShell.Completers;
using PermShell.Core.Administration;

namespace PermShell.Commands;

/// <summary>
/// Creates the policy section for a resource pattern or replaces its entries, written as in Trac's file
/// ('john = WIKI_VIEW, !WIKI_MODIFY'; 'john =' denies everything). A new section goes last unless -Position says
/// where (1 = checked first); -Position on an existing section moves it.
/// </summary>
[Cmdlet(VerbsCommon.Set, "PermissionPolicy", SupportsShouldProcess = true)]
[OutputType(typeof(ResourcePolicy))]
public sealed class SetPermissionPolicyCommand : StoreCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(PolicyResourceCompleter))]
    [ValidateNotNullOrEmpty]
    public string Resource { get; set; } = "";

    /// <summary>The section's entries in order, each 'subject = PERMISSION, !PERMISSION'; none leaves an empty section.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Rules")]
    [AllowEmptyCollection]
    public string[] Rule { get; set; } = [];

    /// <summary>Where the section goes in the order, 1 being checked first.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, int.MaxValue)]
    public int? Position { get; set; }

    /// <summary>Write the section as it is afterwards.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => Run(() =>
    {
        var set = new PolicyAdministration(Changes, Context).Set(Resource, Rule, Position);
        if (set is not null && PassThru) WriteObject(set);
    });
}
