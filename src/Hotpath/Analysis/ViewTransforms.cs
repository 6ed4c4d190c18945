using Hotpath.Model;

namespace Hotpath.Analysis;

/// <summary>
/// Rewrites a view's tree into a new view over the same samples: Hotpath's own frames folded out, framework frames
/// folded into the user code that called them, stacks re-rooted as the request ran. Totals never change; each pass is
/// one forward walk over the nodes (parents come before children).
/// </summary>
public static class ViewTransforms
{
    /// <summary>
    /// Drops Hotpath's own frames from the middle of stacks (the middleware the request passed through), so the app's
    /// frames sit directly under the framework frame that called the middleware. Samples that ended in Hotpath's own
    /// code keep that frame: the profiler's cost stays visible.
    /// </summary>
    public static ProfileView FoldOwnFrames(ProfileView view) => Fold(view, FrameKinds.IsOwn, keepLeaves: true, frameworkRoot: false);

    /// <summary>
    /// "Just my code": keeps only user-code frames (see <see cref="FrameKinds.IsUserCode"/>); a framework or runtime
    /// frame's samples go to the user frame that called it. Stacks with no user frame at all sit under one
    /// <c>[framework]</c> root, so the total is unchanged.
    /// </summary>
    public static ProfileView JustMyCode(ProfileView view) => Fold(view, f => !FrameKinds.IsUserCode(f), keepLeaves: false, frameworkRoot: true);

    /// <summary>
    /// Stacks as a request ran: the thread-pool, timer, continuation and Kestrel plumbing at the bottom of each stack is
    /// dropped and what is left hangs under one root named <paramref name="rootName"/> (the endpoint or the request), so
    /// an async continuation's samples sit beside the code that awaited it instead of under separate thread-pool roots.
    /// </summary>
    public static ProfileView AsRequestRan(ProfileView view, string rootName)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(rootName);
        var builder = new TreeBuilder(view.Frames);
        var root = builder.Child(0, builder.AddFrame(new FrameInfo("[" + rootName + "]", string.Empty)));
        var count = view.NodeCount;
        var mapped = new int[count];
        var leading = new bool[count]; // still inside the leading run of plumbing frames
        mapped[0] = root;
        leading[0] = true;
        for (var n = 1; n < count; n++)
        {
            var parent = view.NodeParent[n];
            var frame = view.NodeFrame[n];
            if (leading[parent] && FrameKinds.IsDispatchPlumbing(view.Frames[frame]))
            {
                mapped[n] = mapped[parent];
                leading[n] = true;
            }
            else
            {
                mapped[n] = builder.Child(mapped[parent], frame);
            }

            builder.AddWeight(mapped[n], view.Weights[n]);
        }

        return builder.Build(view);
    }

    private static ProfileView Fold(ProfileView view, Func<FrameInfo, bool> drop, bool keepLeaves, bool frameworkRoot)
    {
        ArgumentNullException.ThrowIfNull(view);
        var builder = new TreeBuilder(view.Frames);
        var count = view.NodeCount;
        var dropFrame = new bool[view.Frames.Count];
        for (var f = 0; f < dropFrame.Length; f++)
        {
            dropFrame[f] = drop(view.Frames[f]);
        }

        if (!dropFrame.Contains(true))
        {
            // Nothing to fold (no Hotpath frames, or only user code): the view is already what was asked for.
            return view;
        }

        var mapped = new int[count];
        var framework = -1;
        for (var n = 1; n < count; n++)
        {
            var parent = mapped[view.NodeParent[n]];
            var frame = view.NodeFrame[n];
            var weight = view.Weights[n];
            if (!dropFrame[frame])
            {
                // A kept frame under the [framework] placeholder belongs at the root: the placeholder only holds
                // samples that never reached user code.
                mapped[n] = builder.Child(parent == framework && framework >= 0 ? 0 : parent, frame);
                builder.AddWeight(mapped[n], weight);
                continue;
            }

            if (frameworkRoot && parent == 0)
            {
                if (framework < 0)
                {
                    framework = builder.Child(0, builder.AddFrame(new FrameInfo(FrameKinds.FrameworkName, string.Empty)));
                }

                parent = framework;
            }

            mapped[n] = parent;
            if (weight != 0)
            {
                builder.AddWeight(keepLeaves ? builder.Child(parent, frame) : parent, weight);
            }
        }

        return builder.Build(view);
    }
}
