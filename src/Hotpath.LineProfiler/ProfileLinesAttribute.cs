namespace Hotpath.LineProfiler;

/// <summary>
/// Asks the line profiler to time every line of the marked method (or of every method of the marked type), in addition
/// to counting hits. Timing costs more than counting (a clock read per line), so it is opt-in: this attribute or the
/// MSBuild property <c>HotpathLineTiming</c> (a regular expression over <c>Namespace.Type.Method</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor | AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class ProfileLinesAttribute : Attribute
{
}
