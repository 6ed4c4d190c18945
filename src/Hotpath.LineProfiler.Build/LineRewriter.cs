using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Hotpath.LineProfiler.Build;

/// <summary>
/// Rewrites a compiled assembly and its portable PDB: every method of the assembly with sequence points gets hit
/// counters; methods whose source name matches the timing pattern, or that carry <c>[ProfileLines]</c>, also get line
/// times. The result is written into a folder (same file names, so the debug directory keeps naming the right PDB).
/// </summary>
internal static class LineRewriter
{
    private const int HiddenLine = 0xFEEFEE;
    private const string AttributeName = "Hotpath.LineProfiler.ProfileLinesAttribute";

    /// <summary>Rewrites <paramref name="assemblyPath"/> into <paramref name="outputDirectory"/>.</summary>
    /// <returns>The outcome, with counts for the build log.</returns>
    public static RewriteResult Rewrite(string assemblyPath, string outputDirectory, string runtimeAssemblyPath, Regex? timing, IEnumerable<string> searchDirectories)
    {
        using var resolver = new DefaultAssemblyResolver();
        foreach (var dir in searchDirectories.Distinct(StringComparer.Ordinal))
        {
            resolver.AddSearchDirectory(dir);
        }

        var reader = new ReaderParameters { ReadSymbols = true, InMemory = true, ReadingMode = ReadingMode.Immediate, AssemblyResolver = resolver };
        ModuleDefinition module;
        try
        {
            module = ModuleDefinition.ReadModule(assemblyPath, reader);
        }
        catch (SymbolsNotFoundException)
        {
            return RewriteResult.NoSymbols;
        }

        using (module)
        {
            if (module.GetType(ProbeMethods.HelperTypeName) is not null)
            {
                return RewriteResult.AlreadyInstrumented;
            }

            if (!module.HasSymbols || module.SymbolReader is not PortablePdbReader and not EmbeddedPortablePdbReader)
            {
                return RewriteResult.NoSymbols;
            }

            var embedded = module.SymbolReader is EmbeddedPortablePdbReader;
            var runtimeName = AssemblyNameReader(runtimeAssemblyPath);
            var runtime = module.AssemblyReferences.FirstOrDefault(r => r.Name == runtimeName.Name);
            if (runtime is null)
            {
                runtime = new AssemblyNameReference(runtimeName.Name, runtimeName.Version) { PublicKeyToken = runtimeName.PublicKeyToken, Culture = runtimeName.Culture };
                module.AssemblyReferences.Add(runtime);
            }

            var probes = new ProbeMethods(module, runtime);
            var plans = Plan(module, timing);
            foreach (var plan in plans)
            {
                MethodInstrumenter.Apply(plan, probes);
            }

            var slots = plans.Count == 0 ? 0 : plans.Max(p => p.Start + 1 + p.Points.Count);
            var timedCount = plans.Count(p => p.TimedSlot >= 0);
            module.Types.Add(probes.Helper);
            AddInitializer(module, probes, Metadata(plans, slots, timedCount));

            Directory.CreateDirectory(outputDirectory);
            var output = Path.Combine(outputDirectory, Path.GetFileName(assemblyPath));
            var writer = new WriterParameters
            {
                WriteSymbols = true,
                DeterministicMvid = true,
                SymbolWriterProvider = embedded ? new EmbeddedPortablePdbWriterProvider() : new PortablePdbWriterProvider(),
            };
            module.Write(output, writer);
            return new RewriteResult(RewriteOutcome.Rewritten, plans.Count, plans.Sum(p => p.Points.Count), timedCount + plans.Count(p => p.Timed && p.TimedSlot < 0), embedded);
        }
    }

    private static List<MethodPlan> Plan(ModuleDefinition module, Regex? timing)
    {
        var plans = new List<MethodPlan>();
        var kickoffs = new HashSet<MethodDefinition>();
        var all = module.GetTypes().SelectMany(t => t.Methods).Where(MethodInstrumenter.CanInstrument).ToList();
        foreach (var m in all)
        {
            if (m.DebugInformation?.StateMachineKickOffMethod is { } k)
            {
                kickoffs.Add(k);
            }
        }

        var slot = 0;
        var timedSlot = 0;
        foreach (var method in all)
        {
            var isKickoff = kickoffs.Contains(method);
            var visible = isKickoff || !method.DebugInformation.HasSequencePoints
                ? []
                : method.DebugInformation.SequencePoints.Where(p => p.StartLine != HiddenLine).ToList();
            if (visible.Count == 0 && !isKickoff)
            {
                continue;
            }

            var name = SourceNames.Of(method, out var source);
            var file = visible.Count > 0 ? visible[0].Document.Url : FileOfStateMachine(method, all) ?? string.Empty;
            var points = visible.Where(p => p.Document.Url == file).ToList();
            var stateMachine = method.DebugInformation.StateMachineKickOffMethod is not null;
            var isAsync = stateMachine && method.DeclaringType.Interfaces.Any(i => i.InterfaceType.FullName == "System.Runtime.CompilerServices.IAsyncStateMachine");
            var timed = !isKickoff && points.Count > 0 && (IsMatch(timing, name) || HasAttribute(source));
            var withEnterExit = timed && !stateMachine && !method.IsConstructor;
            plans.Add(new MethodPlan
            {
                Method = method,
                Name = name,
                File = file,
                Start = slot,
                Points = points,
                Timed = timed,
                StateMachine = stateMachine,
                AsyncStateMachine = isAsync,
                TimedSlot = withEnterExit ? timedSlot++ : -1,
            });
            slot += 1 + points.Count;
        }

        return plans;
    }

    private static string? FileOfStateMachine(MethodDefinition kickoff, List<MethodDefinition> all) =>
        all.FirstOrDefault(m => m.DebugInformation?.StateMachineKickOffMethod == kickoff)?.DebugInformation.SequencePoints
            .FirstOrDefault(p => p.StartLine != HiddenLine)?.Document.Url;

    private static bool IsMatch(Regex? timing, string name)
    {
        try
        {
            return timing?.IsMatch(name) == true;
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static bool HasAttribute(MethodDefinition source)
    {
        if (source.CustomAttributes.Any(a => a.AttributeType.FullName == AttributeName))
        {
            return true;
        }

        // A lambda or local function inherits it from the method it is declared in.
        if (SourceNames.OuterMethod(source.Name) is { } outer)
        {
            var type = source.DeclaringType;
            while (type.Name.StartsWith('<') && type.DeclaringType is not null)
            {
                type = type.DeclaringType;
            }

            if (type.Methods.Any(m => m.Name == outer && m.CustomAttributes.Any(a => a.AttributeType.FullName == AttributeName)))
            {
                return true;
            }
        }

        for (var t = source.DeclaringType; t is not null; t = t.DeclaringType)
        {
            if (t.CustomAttributes.Any(a => a.AttributeType.FullName == AttributeName))
            {
                return true;
            }
        }

        return false;
    }

    private static string Metadata(List<MethodPlan> plans, int slots, int timed)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"hotpath-lines 1\t{slots}\t{timed}\n");
        foreach (var p in plans)
        {
            var flags = (p.Timed ? 1 : 0) | (p.StateMachine ? 2 : 0);
            text.Append(CultureInfo.InvariantCulture, $"{flags}\t{p.Start}\t{p.TimedSlot}\t{Clean(p.Name)}\t{Clean(p.File)}\t");
            text.AppendJoin(',', p.Points.Select(s => s.StartLine.ToString(CultureInfo.InvariantCulture)));
            text.Append('\n');
        }

        return text.ToString();
    }

    private static string Clean(string s) => s.Replace('\t', ' ').Replace('\n', ' ');

    private static void AddInitializer(ModuleDefinition module, ProbeMethods probes, string metadata)
    {
        var cctor = new MethodDefinition(".cctor", MethodAttributes.Private | MethodAttributes.Static | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName | MethodAttributes.HideBySig, module.TypeSystem.Void);
        var il = cctor.Body.GetILProcessor();
        il.Emit(OpCodes.Ldtoken, probes.Helper);
        il.Emit(OpCodes.Ldstr, metadata);
        il.Emit(OpCodes.Ldsflda, probes.Hits);
        il.Emit(OpCodes.Ldsflda, probes.Times);
        il.Emit(OpCodes.Ldsflda, probes.Functions);
        il.Emit(OpCodes.Call, probes.Register);
        il.Emit(OpCodes.Stsfld, probes.Base);
        il.Emit(OpCodes.Ret);
        probes.Helper.Methods.Add(cctor);
    }

    private static AssemblyNameDefinition AssemblyNameReader(string path)
    {
        using var runtime = AssemblyDefinition.ReadAssembly(path);
        return runtime.Name;
    }
}
