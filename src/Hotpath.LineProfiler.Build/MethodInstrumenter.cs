using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace Hotpath.LineProfiler.Build;

/// <summary>
/// Inserts the probes into one method body: an entry counter, a probe before each sequence point (branches, exception
/// regions and the sequence point itself moved onto the probe, so stack traces keep their lines), and for timed methods a
/// line timer plus, for functions, enter/exit in a try/finally so they stay balanced when an exception passes.
/// </summary>
internal static class MethodInstrumenter
{
    public static void Apply(MethodPlan plan, ProbeMethods probes)
    {
        var method = plan.Method;
        var body = method.Body;
        body.SimplifyMacros();
        var il = body.GetILProcessor();

        // The line timer's state: locals, or fields of an async state machine so it survives MoveNext returning at an await.
        Func<Instruction[]>? timerArgs = null;
        VariableDefinition? tsLocal = null, idxLocal = null;
        if (plan.Timed && plan.AsyncStateMachine)
        {
            var ts = new FieldDefinition("<>hp__lastTimestamp", FieldAttributes.Public, method.Module.TypeSystem.Int64);
            var idx = new FieldDefinition("<>hp__lastSlot", FieldAttributes.Public, method.Module.TypeSystem.Int32);
            method.DeclaringType.Fields.Add(ts);
            method.DeclaringType.Fields.Add(idx);
            var tsRef = FieldOnSelf(ts, method.DeclaringType);
            var idxRef = FieldOnSelf(idx, method.DeclaringType);
            timerArgs = () => [il.Create(OpCodes.Ldarg_0), il.Create(OpCodes.Ldflda, tsRef), il.Create(OpCodes.Ldarg_0), il.Create(OpCodes.Ldflda, idxRef)];
        }
        else if (plan.Timed)
        {
            tsLocal = new VariableDefinition(method.Module.TypeSystem.Int64);
            idxLocal = new VariableDefinition(method.Module.TypeSystem.Int32);
            body.Variables.Add(tsLocal);
            body.Variables.Add(idxLocal);
            timerArgs = () => [il.Create(OpCodes.Ldloca, tsLocal), il.Create(OpCodes.Ldloca, idxLocal)];
        }

        // 1. A probe before every instrumented sequence point; whatever pointed at the instruction now points at the probe.
        var retarget = new Dictionary<Instruction, Instruction>();
        var points = method.DebugInformation.SequencePoints;
        var byInstruction = method.DebugInformation.GetSequencePointMapping();
        var wanted = new HashSet<SequencePoint>(plan.Points);
        var slot = plan.Start;
        foreach (var pair in byInstruction.OrderBy(p => p.Value.Offset))
        {
            if (!wanted.Contains(pair.Value))
            {
                continue;
            }

            slot++;
            var target = pair.Key;
            Instruction[] probe = timerArgs is null
                ? [il.Create(OpCodes.Ldsfld, probes.Hits), il.Create(OpCodes.Ldc_I4, slot), il.Create(OpCodes.Call, probes.Hit)]
                : [il.Create(OpCodes.Ldsfld, probes.Hits), il.Create(OpCodes.Ldsfld, probes.Times), il.Create(OpCodes.Ldc_I4, slot), .. timerArgs(), il.Create(OpCodes.Call, probes.Step)];
            foreach (var p in probe)
            {
                il.InsertBefore(target, p);
            }

            retarget[target] = probe[0];
            var old = pair.Value;
            var moved = new SequencePoint(probe[0], old.Document) { StartLine = old.StartLine, StartColumn = old.StartColumn, EndLine = old.EndLine, EndColumn = old.EndColumn };
            points[points.IndexOf(old)] = moved;
        }

        Retarget(body, retarget);

        // 2. The entry: count the call, start the timer, enter the function. Branches to the first instruction stay after it.
        var bodyStart = body.Instructions[0];
        var prologue = new List<Instruction>
        {
            il.Create(OpCodes.Ldsfld, probes.Hits), il.Create(OpCodes.Ldc_I4, plan.Start), il.Create(OpCodes.Call, probes.Hit),
        };
        if (idxLocal is not null)
        {
            prologue.Add(il.Create(OpCodes.Ldc_I4_0));
            prologue.Add(il.Create(OpCodes.Stloc, idxLocal));
        }

        VariableDefinition? startLocal = null;
        if (plan.TimedSlot >= 0)
        {
            startLocal = new VariableDefinition(method.Module.TypeSystem.Int64);
            body.Variables.Add(startLocal);
            prologue.Add(il.Create(OpCodes.Ldsfld, probes.Base));
            prologue.Add(il.Create(OpCodes.Ldc_I4, plan.TimedSlot));
            prologue.Add(il.Create(OpCodes.Add));
            prologue.Add(il.Create(OpCodes.Call, probes.Enter));
            prologue.Add(il.Create(OpCodes.Stloc, startLocal));
        }

        foreach (var p in prologue)
        {
            il.InsertBefore(bodyStart, p);
        }

        // 3. Timed frames with locals end in a finally: the last line gets its time, and enter/exit stay balanced.
        if (tsLocal is not null && idxLocal is not null && !method.IsConstructor)
        {
            WrapInFinally(method, il, bodyStart, probes, tsLocal, idxLocal, startLocal, plan.TimedSlot);
        }

        body.OptimizeMacros();
    }

    /// <summary>Whether a body can take the probes (no tail calls or jmp, which a try/finally or a moved call would break).</summary>
    public static bool CanInstrument(MethodDefinition method) =>
        method.HasBody && method.Body.Instructions.Count > 0
        && !method.Body.Instructions.Any(i => i.OpCode.Code is Code.Tail or Code.Jmp);

    private static void WrapInFinally(MethodDefinition method, ILProcessor il, Instruction tryStart, ProbeMethods probes, VariableDefinition ts, VariableDefinition idx, VariableDefinition? start, int timedSlot)
    {
        var body = method.Body;
        var returnsValue = method.ReturnType.MetadataType != MetadataType.Void;
        var result = returnsValue ? new VariableDefinition(method.ReturnType) : null;
        if (result is not null)
        {
            body.Variables.Add(result);
        }

        var end = returnsValue ? il.Create(OpCodes.Ldloc, result) : il.Create(OpCodes.Ret);
        foreach (var ret in body.Instructions.Where(i => i.OpCode == OpCodes.Ret).ToList())
        {
            if (result is null)
            {
                ret.OpCode = OpCodes.Leave;
                ret.Operand = end;
            }
            else
            {
                ret.OpCode = OpCodes.Stloc;
                ret.Operand = result;
                il.InsertAfter(ret, il.Create(OpCodes.Leave, end));
            }
        }

        var handler = new List<Instruction>
        {
            il.Create(OpCodes.Ldsfld, probes.Times), il.Create(OpCodes.Ldloca, ts), il.Create(OpCodes.Ldloca, idx), il.Create(OpCodes.Call, probes.Flush),
        };
        if (start is not null)
        {
            handler.AddRange([
                il.Create(OpCodes.Ldsfld, probes.Functions), il.Create(OpCodes.Ldc_I4, timedSlot),
                il.Create(OpCodes.Ldsfld, probes.Base), il.Create(OpCodes.Ldc_I4, timedSlot), il.Create(OpCodes.Add),
                il.Create(OpCodes.Ldloc, start), il.Create(OpCodes.Call, probes.Exit),
            ]);
        }

        handler.Add(il.Create(OpCodes.Endfinally));
        foreach (var h in handler)
        {
            il.Append(h);
        }

        il.Append(end);
        if (returnsValue)
        {
            il.Append(il.Create(OpCodes.Ret));
        }

        // Appended last: the outermost region must follow every region nested in it.
        body.ExceptionHandlers.Add(new ExceptionHandler(ExceptionHandlerType.Finally)
        {
            TryStart = tryStart,
            TryEnd = handler[0],
            HandlerStart = handler[0],
            HandlerEnd = end,
        });
    }

    private static void Retarget(MethodBody body, Dictionary<Instruction, Instruction> map)
    {
        if (map.Count == 0)
        {
            return;
        }

        Instruction Map(Instruction i) => i is not null && map.TryGetValue(i, out var n) ? n : i!;
        foreach (var ins in body.Instructions)
        {
            if (ins.Operand is Instruction target)
            {
                ins.Operand = Map(target);
            }
            else if (ins.Operand is Instruction[] targets)
            {
                for (var i = 0; i < targets.Length; i++)
                {
                    targets[i] = Map(targets[i]);
                }
            }
        }

        foreach (var eh in body.ExceptionHandlers)
        {
            eh.TryStart = Map(eh.TryStart);
            eh.TryEnd = Map(eh.TryEnd);
            eh.HandlerStart = Map(eh.HandlerStart);
            eh.HandlerEnd = Map(eh.HandlerEnd);
            eh.FilterStart = Map(eh.FilterStart);
        }
    }

    private static FieldReference FieldOnSelf(FieldDefinition field, TypeDefinition type)
    {
        if (!type.HasGenericParameters)
        {
            return field;
        }

        var self = new GenericInstanceType(type);
        foreach (var p in type.GenericParameters)
        {
            self.GenericArguments.Add(p);
        }

        return new FieldReference(field.Name, field.FieldType, self);
    }
}
