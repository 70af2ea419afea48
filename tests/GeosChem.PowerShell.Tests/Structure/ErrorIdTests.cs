using System.Reflection;
using System.Text.RegularExpressions;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Tests.Structure;

/// <summary>
/// Every error id lives in <see cref="ErrorIds"/>; none is spelled inline; each is made in one place (or, for a declared
/// family, in the places that each name their situation); errors raised from several places are made by
/// <see cref="GcErrors"/>. Read from the source, since an inline literal and a constant compile to the same thing.
/// </summary>
public sealed partial class ErrorIdTests
{
    private static readonly FieldInfo[] Ids = typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static);

    private static readonly Lazy<Dictionary<string, string>> Sources = new(() =>
        new[] { "GeosChem.PowerShell", "GeosChem.PowerShell.Engine", "GeosChem.PowerShell.Models" }
            .SelectMany(project => Directory.GetFiles(Path.Combine(LayerTests.RepoRoot(), "src", project), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(LayerTests.RepoRoot(), f), File.ReadAllText));

    [Fact]
    public void EachIdIsItsNameWithTheGcPrefixAndUnique()
    {
        Assert.True(Ids.Length >= 100, $"{Ids.Length} ids");
        Assert.All(Ids, f => Assert.Equal("Gc" + f.Name, (string)f.GetRawConstantValue()!));
        Assert.Equal(Ids.Length, Ids.Select(f => f.GetRawConstantValue()).Distinct().Count());
    }

    [Fact]
    public void NoIdIsSpelledInline()
    {
        var values = Ids.Select(f => (string)f.GetRawConstantValue()!).ToHashSet(StringComparer.Ordinal);
        var inline = (from source in Sources.Value
                      where !source.Key.EndsWith("ErrorIds.cs", StringComparison.Ordinal)
                      from Match m in Literal().Matches(source.Value)
                      where values.Contains(m.Groups[1].Value)
                      select $"{source.Key}: \"{m.Groups[1].Value}\"").ToList();
        Assert.True(inline.Count == 0, "Use ErrorIds instead of:\n" + string.Join("\n", inline));
    }

    [Fact]
    public void EveryIdIsRaisedSomewhere()
    {
        var all = string.Join("\n", Sources.Value.Where(s => !s.Key.EndsWith("ErrorIds.cs", StringComparison.Ordinal)).Select(s => s.Value));
        var unused = Ids.Where(f => !Regex.IsMatch(all, $@"ErrorIds\.{f.Name}\b")).Select(f => f.Name).ToList();
        Assert.True(unused.Count == 0, "Ids nothing raises: " + string.Join(", ", unused));
    }

    [Fact]
    public void EachIdIsMadeInOnePlaceUnlessItIsADeclaredFamily()
    {
        // A place that makes an error passes the id as the first argument: new GcException(ErrorIds.X, ...), Plan(ErrorIds.X, ...).
        var sites = (from source in Sources.Value
                     from Match m in MadeWith().Matches(source.Value)
                     group source.Key by m.Groups[1].Value).ToDictionary(g => g.Key, g => g.Count());
        var families = Ids.Where(f => f.GetCustomAttribute<ErrorFamilyAttribute>() is not null).Select(f => f.Name).ToHashSet();
        var repeated = sites.Where(s => s.Value > 1 && !families.Contains(s.Key)).Select(s => $"{s.Key} ({s.Value} places)").ToList();
        Assert.True(repeated.Count == 0, "Make these once, in GcErrors: " + string.Join(", ", repeated));
        var notFamilies = families.Where(f => sites.GetValueOrDefault(f) < 2).ToList();
        Assert.True(notFamilies.Count == 0, "Declared families raised from one place only (drop the attribute): " + string.Join(", ", notFamilies));
        Assert.All(Ids.Select(f => f.GetCustomAttribute<ErrorFamilyAttribute>()).OfType<ErrorFamilyAttribute>(), a => Assert.True(a.Why.Length > 20));
    }

    [Fact]
    public void TheSharedErrorsSayOneThingWhereverTheyAreRaised()
    {
        var a = GcErrors.ImageBuildNotFound("gcb-1", "us-east-1");
        var b = GcErrors.ImageBuildNotFound("gcb-2", "eu-west-1");
        Assert.Equal(ErrorIds.ImageBuildNotFound, a.ErrorId);
        Assert.Equal(a.Fix, b.Fix);
        Assert.Equal(GcErrorKind.ObjectNotFound, a.Kind);
        Assert.Equal("There is no build 'gcb-2' in eu-west-1.", b.Problem);
        Assert.Equal(GcErrors.ConfigurationExists("/a").Fix, GcErrors.ConfigurationExists("/b").Fix);
        Assert.Equal("'us-eats-1' (from -Region) is not an AWS region.", GcErrors.AwsRegionUnknown("us-eats-1", "-Region", "us-east-1").Problem);
        Assert.StartsWith("Did you mean 'us-east-1'? ", GcErrors.AwsRegionUnknown("us-eats-1", null, "us-east-1").Fix);
    }

    [GeneratedRegex(@"""(Gc[A-Z][A-Za-z0-9]+)""")]
    private static partial Regex Literal();

    [GeneratedRegex(@"\(\s*ErrorIds\.([A-Za-z0-9]+)\s*,")]
    private static partial Regex MadeWith();
}
