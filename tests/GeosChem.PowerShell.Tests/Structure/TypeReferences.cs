using System.Reflection;
using System.Reflection.Emit;

namespace GeosChem.PowerShell.Tests.Structure;

/// <summary>
/// The types a type uses: its base, interfaces, fields, properties, signatures, attributes and every type or member its
/// method bodies name (read from the IL), so a reference hidden in a lambda or an async state machine is seen too.
/// </summary>
internal static class TypeReferences
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance |
                                          BindingFlags.Static | BindingFlags.DeclaredOnly;

    public static IEnumerable<Type> Of(Type type)
    {
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null) return;
            if (t.HasElementType) { Add(t.GetElementType()); return; }
            if (t.IsGenericParameter) return;
            if (t.IsGenericType && !t.IsGenericTypeDefinition)
            {
                foreach (var a in t.GetGenericArguments()) Add(a);
                t = t.GetGenericTypeDefinition();
            }
            found.Add(t);
        }

        Add(type.BaseType);
        foreach (var i in type.GetInterfaces()) Add(i);
        foreach (var a in type.GetCustomAttributesData()) AddAttribute(a, Add);
        foreach (var member in type.GetMembers(Declared))
        {
            foreach (var a in member.GetCustomAttributesData()) AddAttribute(a, Add);
            switch (member)
            {
                case FieldInfo f: Add(f.FieldType); break;
                case PropertyInfo p: Add(p.PropertyType); break;
                case EventInfo e: Add(e.EventHandlerType); break;
                case MethodBase m:
                    if (m is MethodInfo mi) Add(mi.ReturnType);
                    foreach (var p in m.GetParameters()) Add(p.ParameterType);
                    foreach (var t in BodyReferences(m)) Add(t);
                    break;
            }
        }
        return found;
    }

    private static void AddAttribute(CustomAttributeData attribute, Action<Type?> add)
    {
        add(attribute.AttributeType);
        foreach (var arg in attribute.ConstructorArguments.Concat(attribute.NamedArguments.Select(n => n.TypedValue)))
        {
            if (arg.Value is Type t) add(t);
        }
    }

    /// <summary>The types named by the operands of a method body's instructions (calls, news, casts, fields, tokens).</summary>
    private static IEnumerable<Type> BodyReferences(MethodBase method)
    {
        foreach (var member in BodyMembers(method))
        {
            switch (member)
            {
                case Type t: yield return t; break;
                case MethodBase m:
                    if (m.DeclaringType is { } d) yield return d;
                    if (m is MethodInfo mi) yield return mi.ReturnType;
                    foreach (var p in m.GetParameters()) yield return p.ParameterType;
                    if (m.IsGenericMethod) foreach (var g in m.GetGenericArguments()) yield return g;
                    break;
                case FieldInfo f:
                    if (f.DeclaringType is { } fd) yield return fd;
                    yield return f.FieldType;
                    break;
            }
        }
    }

    /// <summary>Every method, constructor, field and type the bodies of a type (and of its nested lambdas and state machines) name.</summary>
    public static HashSet<MemberInfo> MembersUsedBy(Type type)
    {
        var used = new HashSet<MemberInfo>();
        foreach (var t in WithNested(type))
        {
            foreach (var method in t.GetMethods(Declared).Cast<MethodBase>().Concat(t.GetConstructors(Declared)))
            {
                foreach (var m in BodyMembers(method)) used.Add(m);
            }
        }
        return used;
    }

    private static IEnumerable<Type> WithNested(Type type) =>
        new[] { type }.Concat(type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).SelectMany(WithNested));

    private static IEnumerable<MemberInfo> BodyMembers(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        var module = method.Module;
        var typeArgs = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var at = 0;
        while (at < il.Length)
        {
            short value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            at += il[at] == 0xFE ? 2 : 1;
            var op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    MemberInfo? member = null;
                    try { member = module.ResolveMember(BitConverter.ToInt32(il, at), typeArgs, methodArgs); }
                    catch (ArgumentException) { }
                    if (member is not null) yield return member;
                    at += 4;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + 4 * BitConverter.ToInt32(il, at);
                    break;
                default:
                    at += OperandSize(op.OperandType);
                    break;
            }
        }
    }

    private static int OperandSize(OperandType type) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };
}
