using System.Management.Automation;

namespace PermShell;

/// <summary>
/// Lets a [bool] parameter take what CSV files and hashtables carry ('True', 'false', '1', '0', 'yes', 'no').
/// Without it PowerShell silently skips such a value when binding by property name, so an Import-Csv row with
/// IsActive=False would create an active user.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class BooleanTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject pso ? pso.BaseObject : inputData;
        switch (value)
        {
            case bool b:
                return b;
            case SwitchParameter s:
                return s.IsPresent;
            case int or long or short or byte:
                return Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) switch
                {
                    0 => false,
                    1 => true,
                    _ => throw Refuse(value),
                };
            case string text:
                return text.Trim().ToLowerInvariant() switch
                {
                    "true" or "1" or "yes" or "$true" => true,
                    "false" or "0" or "no" or "$false" => false,
                    _ => throw Refuse(text),
                };
            default:
                throw Refuse(value);
        }
    }

    private static ArgumentTransformationMetadataException Refuse(object? value) =>
        new($"'{value}' is not a boolean: use $true or $false (or the text True/False, 1/0, yes/no).");
}
