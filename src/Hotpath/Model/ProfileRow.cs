namespace Hotpath.Model;

/// <summary>
/// One row of a profile, as pprof stores a sample: a stack (a call-tree node), a label set, and one value per measure.
/// Several rows may share a node (one per label set): the whole-process view sums them all.
/// </summary>
/// <param name="Node">The call-tree node the samples' stacks ended at.</param>
/// <param name="LabelSet">Index into <see cref="ProfileSnapshot.LabelSets"/>.</param>
/// <param name="Cpu">On-CPU samples.</param>
/// <param name="Wait">Wait samples (blocked or waiting threads of a request).</param>
public readonly record struct ProfileRow(int Node, int LabelSet, long Cpu, long Wait)
{
    /// <summary>The value of one measure.</summary>
    public long Value(ProfileMeasure measure) => measure == ProfileMeasure.Wait ? Wait : Cpu;
}
