using System.Reflection;
using GeosChem.PowerShell.Hosting;
using Xunit.Abstractions;

namespace GeosChem.PowerShell.Tests.Structure;

/// <summary>
/// Cmdlets derive from one thin base and hold what they use. The bases declare parameters (which PowerShell needs on
/// the class) and the pipeline plumbing, nothing else; every cmdlet uses what it inherits. The table written to the
/// test output lists each cmdlet's base, its own and inherited parameters, and the services it composes.
/// </summary>
public sealed class CmdletCompositionTests(ITestOutputHelper output)
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Type[] Bases = [typeof(GcCmdlet), typeof(GcAwsCmdlet), typeof(GcPlanCmdlet)];

    /// <summary>What a base may declare besides parameters: the plumbing every cmdlet of that base uses.</summary>
    private static readonly Dictionary<Type, string[]> Plumbing = new()
    {
        [typeof(GcCmdlet)] = ["_stopping", "_owned", "_bridge", "StopToken", "Bridge", "Run", "Stream", "Own", "WriteItemError", "ThrowGcError",
            "StopProcessing", "Dispose"],
        [typeof(GcAwsCmdlet)] = ["_aws", "Aws", "Context", "StoredRegion", "BoundAwsParameters", "Unwrap"],
        [typeof(GcPlanCmdlet)] = ["PlanOption"],
    };

    private static IEnumerable<Type> Cmdlets() =>
        typeof(GcCmdlet).Assembly.GetExportedTypes().Where(t => CmdletAttribute(t) is not null).OrderBy(t => t.Name);

    // Read as metadata: the test project compiles without PowerShell's assembly.
    private static CustomAttributeData? CmdletAttribute(Type t) =>
        t.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == "System.Management.Automation.CmdletAttribute");

    private static bool IsParameter(MemberInfo m) =>
        m.GetCustomAttributesData().Any(a => a.AttributeType.FullName == "System.Management.Automation.ParameterAttribute");

    [Fact]
    public void EveryCmdletDerivesFromOneThinBase()
    {
        var cmdlets = Cmdlets().ToList();
        Assert.True(cmdlets.Count >= 29, $"only {cmdlets.Count} cmdlets found");
        Assert.All(cmdlets, c => Assert.Contains(c.BaseType, Bases));
    }

    [Fact]
    public void TheBasesDeclareOnlyParametersAndPlumbing()
    {
        foreach (var @base in Bases)
        {
            var extra = @base.GetMembers(Declared)
                .Where(m => m is not ConstructorInfo && !IsParameter(m) && !IsAccessorOrBackingField(m))
                .Select(m => m.Name).Distinct().Except(Plumbing[@base]).ToList();
            Assert.True(extra.Count == 0, $"{@base.Name} declares {string.Join(", ", extra)}: a service belongs in a helper the cmdlets that use it hold.");
        }
    }

    [Fact]
    public void EveryCmdletUsesWhatItInherits()
    {
        var awsEntry = new[] { Getter(typeof(GcAwsCmdlet), "Aws"), Getter(typeof(GcAwsCmdlet), "Context"), Getter(typeof(GcAwsCmdlet), "StoredRegion") };
        foreach (var cmdlet in Cmdlets())
        {
            var used = TypeReferences.MembersUsedBy(cmdlet);
            if (typeof(GcAwsCmdlet).IsAssignableFrom(cmdlet))
            {
                // The AWS parameters are read by the session; a cmdlet uses them by using the session, itself or through a helper it hands itself to.
                var reachesAws = used.Any(m => awsEntry.Contains(m)) || used.OfType<ConstructorInfo>().Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(GcAwsCmdlet)));
                Assert.True(reachesAws, $"{cmdlet.Name} derives from GcAwsCmdlet but never uses AWS: derive from GcCmdlet.");
            }
            if (typeof(GcPlanCmdlet).IsAssignableFrom(cmdlet))
            {
                var unused = typeof(GcPlanCmdlet).GetProperties(Declared).Where(IsParameter)
                    .Where(p => p.Name != "Option" && !used.Contains(p.GetMethod!)).Select(p => p.Name)
                    .Concat(used.Contains(Getter(typeof(GcPlanCmdlet), "PlanOption")) ? [] : ["Option"]).ToList();
                Assert.True(unused.Count == 0, $"{cmdlet.Name} inherits the plan parameters {string.Join(", ", unused)} without using them.");
            }
        }
    }

    [Fact]
    public void TheReviewTable()
    {
        var lines = new List<string> { "cmdlet | base | own parameters | inherited parameters | services it holds or makes" };
        foreach (var cmdlet in Cmdlets())
        {
            var own = cmdlet.GetProperties(Declared).Where(IsParameter).Select(p => p.Name).ToList();
            var inherited = cmdlet.GetProperties().Where(p => p.DeclaringType != cmdlet && IsParameter(p)).Select(p => p.Name).ToList();
            var services = TypeReferences.MembersUsedBy(cmdlet)
                .Select(m => m as Type ?? m.DeclaringType).OfType<Type>()
                .Where(t => t.Namespace == typeof(GcCmdlet).Namespace && !Bases.Contains(t) && !typeof(Attribute).IsAssignableFrom(t) && !t.Name.EndsWith("Completer", StringComparison.Ordinal))
                .Select(t => t.Name).Distinct().Order(StringComparer.Ordinal).ToList();
            services.Remove(nameof(AwsSession));
            if (cmdlet.BaseType != typeof(GcCmdlet)) services.Insert(0, "AwsSession (inherited: Aws)");
            lines.Add($"{Verb(cmdlet)} | {cmdlet.BaseType!.Name} | {string.Join(", ", own)} | {(inherited.Count == 0 ? "-" : Summarise(inherited))} | {string.Join(", ", services)}");
        }
        foreach (var line in lines) output.WriteLine(line);
        Assert.Equal(Cmdlets().Count() + 1, lines.Count);
    }

    private static string Verb(Type cmdlet)
    {
        var a = CmdletAttribute(cmdlet)!;
        return $"{a.ConstructorArguments[0].Value}-{a.ConstructorArguments[1].Value}";
    }

    private static string Summarise(List<string> inherited)
    {
        var aws = typeof(GcAwsCmdlet).GetProperties(Declared).Where(IsParameter).Select(p => p.Name).ToHashSet();
        var plan = typeof(GcPlanCmdlet).GetProperties(Declared).Where(IsParameter).Select(p => p.Name).ToHashSet();
        var parts = new List<string>();
        if (inherited.Any(aws.Contains)) parts.Add("AWS common (7)");
        if (inherited.Any(plan.Contains)) parts.Add("plan (Model, Simulation, Resolution, Option, SimulationDays)");
        return string.Join(" + ", parts);
    }

    private static MethodInfo Getter(Type type, string property) =>
        type.GetProperty(property, Declared)?.GetMethod ?? throw new InvalidOperationException($"{type.Name}.{property} is gone");

    private static bool IsAccessorOrBackingField(MemberInfo m) =>
        m is MethodInfo { IsSpecialName: true } || m.Name.Contains("k__BackingField", StringComparison.Ordinal) || m is PropertyInfo p && IsParameter(p);
}
