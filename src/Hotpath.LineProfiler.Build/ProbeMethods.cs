using Mono.Cecil;

namespace Hotpath.LineProfiler.Build;

/// <summary>References to the runtime's <c>Hotpath.LineProfiler.LineCounters</c> and the generated per-module fields.</summary>
internal sealed class ProbeMethods
{
    public const string HelperTypeName = "<HotpathLineProfile>";

    public ProbeMethods(ModuleDefinition module, AssemblyNameReference runtime)
    {
        var ts = module.TypeSystem;
        var counters = new TypeReference("Hotpath.LineProfiler", "LineCounters", module, runtime);
        var longs = new ArrayType(ts.Int64);
        var refLong = new ByReferenceType(ts.Int64);
        var refInt = new ByReferenceType(ts.Int32);
        var handle = new TypeReference("System", "RuntimeTypeHandle", module, ts.CoreLibrary, valueType: true);

        Register = Method(counters, "RegisterModule", ts.Int32, handle, ts.String, new ByReferenceType(longs), new ByReferenceType(longs), new ByReferenceType(longs));
        Hit = Method(counters, "Hit", ts.Void, longs, ts.Int32);
        Step = Method(counters, "Step", ts.Void, longs, longs, ts.Int32, refLong, refInt);
        Flush = Method(counters, "Flush", ts.Void, longs, refLong, refInt);
        Enter = Method(counters, "Enter", ts.Int64, ts.Int32);
        Exit = Method(counters, "Exit", ts.Void, longs, ts.Int32, ts.Int32, ts.Int64);

        Helper = new TypeDefinition(string.Empty, HelperTypeName, TypeAttributes.NotPublic | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.BeforeFieldInit | TypeAttributes.Class, ts.Object);
        const FieldAttributes attrs = FieldAttributes.Assembly | FieldAttributes.Static;
        Hits = new FieldDefinition("Hits", attrs, longs);
        Times = new FieldDefinition("Times", attrs, longs);
        Functions = new FieldDefinition("Functions", attrs, longs);
        Base = new FieldDefinition("Base", attrs, ts.Int32);
        Helper.Fields.Add(Hits);
        Helper.Fields.Add(Times);
        Helper.Fields.Add(Functions);
        Helper.Fields.Add(Base);
    }

    public MethodReference Register { get; }

    public MethodReference Hit { get; }

    public MethodReference Step { get; }

    public MethodReference Flush { get; }

    public MethodReference Enter { get; }

    public MethodReference Exit { get; }

    public TypeDefinition Helper { get; }

    public FieldDefinition Hits { get; }

    public FieldDefinition Times { get; }

    public FieldDefinition Functions { get; }

    public FieldDefinition Base { get; }

    private static MethodReference Method(TypeReference owner, string name, TypeReference returns, params TypeReference[] parameters)
    {
        var method = new MethodReference(name, returns, owner) { HasThis = false };
        foreach (var p in parameters)
        {
            method.Parameters.Add(new ParameterDefinition(p));
        }

        return method;
    }
}
