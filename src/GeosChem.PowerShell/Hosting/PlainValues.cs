using System.Collections;
using System.Management.Automation;

namespace GeosChem.PowerShell.Hosting;

/// <summary>PowerShell's wrappers (PSObject, SwitchParameter) taken off a value, nested values included, so the layers below see plain .NET.</summary>
internal static class PlainValues
{
    public static object? From(object? value)
    {
        value = value is PSObject ps ? ps.BaseObject : value;
        switch (value)
        {
            case SwitchParameter sw:
                return sw.IsPresent;
            case string:
                return value;
            case IDictionary d:
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (DictionaryEntry e in d) map[e.Key.ToString()!] = From(e.Value);
                return map;
            case IEnumerable e:
                return e.Cast<object?>().Select(From).ToList();
            default:
                return value;
        }
    }
}
