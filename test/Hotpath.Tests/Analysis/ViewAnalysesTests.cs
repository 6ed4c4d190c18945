using Hotpath.Analysis;
using Hotpath.Model;
using Hotpath.Tests.TestSupport;

namespace Hotpath.Tests.Analysis;

public class ViewAnalysesTests
{
    private static ProfileView View(ProfileBuilder builder, ProfileScope scope = ProfileScope.Process) =>
        ProfileView.Create(builder.Build(), new ProfileFilter { Scope = scope });

    private static int FrameIndex(ProfileView view, string name) =>
        Enumerable.Range(0, view.Frames.Count).Single(f => view.Frames[f].Name == name);

    private static List<string> Stacks(ProfileView view)
    {
        // "A;B;C 3" per node with weight, like the collapsed export, for readable assertions.
        var result = new List<string>();
        for (var n = 1; n < view.NodeCount; n++)
        {
            if (view.Weights[n] == 0)
            {
                continue;
            }

            var names = new List<string>();
            for (var m = n; m > 0; m = view.NodeParent[m])
            {
                names.Add(view.Frames[view.NodeFrame[m]].Name);
            }

            names.Reverse();
            result.Add(string.Join(';', names) + " " + view.Weights[n]);
        }

        result.Sort(StringComparer.Ordinal);
        return result;
    }

    [Fact]
    public void CallTree_ChildrenSortedByTotal_TotalsIncludeSubtrees()
    {
        var view = View(new ProfileBuilder().Add("Main;Small", 2).Add("Main;Big;Leaf", 5).Add("Main;Big", 1).Add("Main", 1));
        var tree = CallTree.Compute(view);

        Assert.Equal(9, tree.Total(0));
        var main = Assert.Single(tree.Children(0).ToArray(), n => tree.Total(n) > 0);
        Assert.Equal(9, tree.Total(main));
        Assert.Equal(1, tree.Self(main));
        var kids = tree.Children(main).ToArray();
        Assert.Equal(["Big", "Small"], kids.Select(k => view.Frames[tree.Frame(k)].Name));
        Assert.Equal(6, tree.Total(kids[0]));
        Assert.Equal(1, tree.Self(kids[0]));
    }

    [Fact]
    public void FlameGraph_DepthFirstArrays_ParentBeforeChildrenLargestFirst()
    {
        var view = View(new ProfileBuilder().Add("Main;Small", 2).Add("Main;Big;Leaf", 5));
        var flame = FlameGraph.Compute(CallTree.Compute(view));

        Assert.Equal([0, 1, 2, 3, 2], flame.Depth);
        Assert.Equal([7, 7, 5, 5, 2], flame.Total);
        Assert.Equal(["Main", "Big", "Leaf", "Small"], flame.Frame.Skip(1).Select(f => view.Frames[f].Name));
        Assert.Equal(-1, flame.Frame[0]);
    }

    [Fact]
    public void CallersCallees_MergedOverCallSites_RecursionCountedOnce()
    {
        // Work is called from A and from B, and recurses into itself under B.
        var view = View(new ProfileBuilder().Add("A;Work;Leaf", 3).Add("B;Work;Work;Leaf", 2).Add("B;Work", 1));
        var result = CallersCallees.Compute(view, FrameIndex(view, "Work"));

        Assert.Equal(6, result.Total);
        Assert.Equal(1, result.Self);
        var callers = result.Callers.ToDictionary(c => view.Frames[c.Frame].Name, c => c.Samples);
        Assert.Equal(new Dictionary<string, long> { ["A"] = 3, ["B"] = 3 }, callers);
        var callee = Assert.Single(result.Callees);
        Assert.Equal("Leaf", view.Frames[callee.Frame].Name);
        Assert.Equal(5, callee.Samples);
        Assert.All(result.Callers.Concat(result.Callees), e => Assert.True(e.Samples <= result.Total));
    }

    [Fact]
    public void FoldOwnFrames_MiddlewareInTheMiddle_AppUnderFrameworkAndOwnLeafKept()
    {
        var builder = new ProfileBuilder()
            .Add([F("Kestrel.Run", "Microsoft.AspNetCore.Server.Kestrel.Core"), F("Hotpath.AspNetCore.HotpathMiddleware.InvokeAsync", "Hotpath.AspNetCore"), F("App.Work", "App")], 4)
            .Add([F("Kestrel.Run", "Microsoft.AspNetCore.Server.Kestrel.Core"), F("Hotpath.AspNetCore.HotpathMiddleware.InvokeAsync", "Hotpath.AspNetCore")], 1);
        var folded = ViewTransforms.FoldOwnFrames(View(builder));

        Assert.Equal(["Kestrel.Run;App.Work 4", "Kestrel.Run;Hotpath.AspNetCore.HotpathMiddleware.InvokeAsync 1"], Stacks(folded));
        Assert.Equal(5, folded.Total);
    }

    [Fact]
    public void JustMyCode_FrameworkFramesFoldIntoUserCaller_FrameworkOnlyStacksUnderOneRoot()
    {
        var builder = new ProfileBuilder()
            .Add([F("Thread.Start", "System.Private.CoreLib"), F("App.Handler", "App"), F("List.Sort", "System.Private.CoreLib"), F("App.Compare", "App")], 3)
            .Add([F("Thread.Start", "System.Private.CoreLib"), F("App.Handler", "App"), F("Json.Write", "System.Text.Json")], 2)
            .Add([F("Thread.Start", "System.Private.CoreLib"), F("Gc.Run", "System.Private.CoreLib")], 4);
        var jmc = ViewTransforms.JustMyCode(View(builder));

        Assert.Equal(["App.Handler 2", "App.Handler;App.Compare 3", FrameKinds.FrameworkName + " 4"], Stacks(jmc));
        Assert.Equal(9, jmc.Total);
    }

    [Fact]
    public void AsRequestRan_ContinuationOnThreadPool_SitsUnderTheEndpointRoot()
    {
        var builder = new ProfileBuilder()
            .Add([F("System.Threading.Thread.StartCallback()", "System.Private.CoreLib"), F("System.Threading.ThreadPoolWorkQueue.Dispatch()", "System.Private.CoreLib"),
                F("Microsoft.AspNetCore.Server.Kestrel.Core.Internal.Http.HttpProtocol+<ProcessRequests>d__237`1[System.__Canon].MoveNext()", "Microsoft.AspNetCore.Server.Kestrel.Core"),
                F("Microsoft.AspNetCore.Routing.EndpointMiddleware.Invoke(class Microsoft.AspNetCore.Http.HttpContext)", "Microsoft.AspNetCore.Routing"), F("App.Report.Build()", "App")], 2)
            .Add([F("System.Threading.Thread.StartCallback()", "System.Private.CoreLib"), F("System.Threading.TimerQueueTimer.Fire(bool)", "System.Private.CoreLib"),
                F("System.Runtime.CompilerServices.AsyncTaskMethodBuilder`1+AsyncStateMachineBox`1[System.__Canon,App.Report+<Build>d__6].MoveNext()", "System.Private.CoreLib"),
                F("App.Report+<Build>d__6.MoveNext()", "App")], 3);
        var ran = ViewTransforms.AsRequestRan(View(builder), "GET /report");

        Assert.Equal(
            ["[GET /report];App.Report+<Build>d__6.MoveNext() 3", "[GET /report];Microsoft.AspNetCore.Routing.EndpointMiddleware.Invoke(class Microsoft.AspNetCore.Http.HttpContext);App.Report.Build() 2"],
            Stacks(ran));
        var tree = CallTree.Compute(ran);
        Assert.Single(tree.Children(0).ToArray(), n => tree.Total(n) > 0);
    }

    [Fact]
    public void FromTree_ParentAfterChild_Throws()
    {
        var view = View(new ProfileBuilder().Add("A;B"));
        Assert.Throws<ArgumentException>(() => ProfileView.FromTree(view, view.Frames, [-1, 2, 0], [-1, 0, 1], [0, 0, 1]));
    }

    [Fact]
    public void FunctionTable_OverTransformedView_CountsTheTransformedTree()
    {
        var builder = new ProfileBuilder()
            .Add([F("Thread.Start", "System.Private.CoreLib"), F("App.Handler", "App"), F("Json.Write", "System.Text.Json")], 2);
        var rows = FunctionTable.Compute(ViewTransforms.JustMyCode(View(builder)));

        var row = Assert.Single(rows);
        Assert.Equal("App.Handler", row.Frame.Name);
        Assert.Equal(2, row.Self);
    }

    private static FrameInfo F(string name, string module) => new(name, module);
}
