using Hotpath.Model;
using Hotpath.Symbols;

namespace Hotpath.Tests.Symbols;

public class DisplayNamesTests
{
    // Runtime names exactly as the engine produced them for a profile of samples/Hotpath.Demo under load.
    public static TheoryData<string, string> RealNames => new()
    {
        { "Hotpath.Demo.Services.PrimeSieve.CountPrimes(int32)", "PrimeSieve.CountPrimes(int)" },
        { "Hotpath.Demo.Services.TextSearch.Search(class System.String,int32)", "TextSearch.Search(string, int)" },
        { "Hotpath.Demo.Services.TextSearch.ScoreDocument(class System.String,int32,class System.String[],float64[],int32[])", "TextSearch.ScoreDocument(string, int, string[], double[], int[])" },
        { "Hotpath.Demo.Endpoints.DemoEndpoints.Compute(class Hotpath.Demo.Services.PrimeSieve,value class System.Nullable`1<int32>)", "DemoEndpoints.Compute(PrimeSieve, int?)" },
        { "Hotpath.Demo.Services.OrderPricing.Cents(value class System.Decimal)", "OrderPricing.Cents(decimal)" },
        { "Hotpath.Demo.Services.OrderPricing.Summarize(class System.Collections.Generic.IReadOnlyList`1<class Hotpath.Demo.Services.Order>)", "OrderPricing.Summarize(IReadOnlyList<Order>)" },
        { "Hotpath.Demo.Services.ProductCatalog..ctor()", "ProductCatalog..ctor()" },
        { "Hotpath.Demo.Endpoints.DemoEndpoints+<GetAsyncReport>d__5.MoveNext()", "DemoEndpoints.GetAsyncReport" },
        { "Hotpath.Demo.Services.ReportBuilder+<BuildReport>d__6.MoveNext()", "ReportBuilder.BuildReport" },
        { "Hotpath.Demo.Pages.Pages_Index+<ExecuteAsync>d__8.MoveNext()", "Pages_Index.ExecuteAsync" },
        { "Hotpath.Demo.Pages.Pages_Index+<<ExecuteAsync>b__8_0>d.MoveNext()", "Pages_Index.ExecuteAsync (lambda)" },
        { "Hotpath.Demo.Pages.Pages_Index.<ExecuteAsync>b__8_1()", "Pages_Index.ExecuteAsync (lambda)" },
        { "Hotpath.Sampling.SamplingProfiler+<>c__DisplayClass27_0.<Start>b__0()", "SamplingProfiler.Start (lambda)" },
        { "Microsoft.AspNetCore.Http.HttpResponse+<>c.<.cctor>b__37_1(class System.Object)", "HttpResponse..cctor (lambda)" },
        { "Microsoft.AspNetCore.Mvc.Infrastructure.ResourceInvoker.<InvokeAsync>g__Logged|17_1(class Microsoft.AspNetCore.Mvc.Infrastructure.ResourceInvoker)", "ResourceInvoker.Logged(ResourceInvoker)" },
        { "Microsoft.AspNetCore.Mvc.Infrastructure.ResourceInvoker+<<InvokeAsync>g__Logged|17_1>d.MoveNext()", "ResourceInvoker.Logged" },
        { "Microsoft.Extensions.Logging.LoggerMessage+<>c__DisplayClass10_0`1[System.__Canon].<Define>g__Log|0(class Microsoft.Extensions.Logging.ILogger,!0,class System.Exception)", "LoggerMessage.Log(ILogger, T, Exception)" },
        { "System.Collections.Generic.List`1[System.__Canon].AddWithResize(!0)", "List<T>.AddWithResize(T)" },
        { "System.Collections.Generic.Stack`1[Microsoft.AspNetCore.Mvc.Razor.RazorPageBase+TagHelperScopeInfo].Push(!0)", "Stack<RazorPageBase.TagHelperScopeInfo>.Push(RazorPageBase.TagHelperScopeInfo)" },
        { "System.Collections.Generic.Dictionary`2[System.__Canon,System.__Canon].set_Item(!0,!1)", "Dictionary<T1, T2>.set_Item(T1, T2)" },
        { "System.Collections.Concurrent.ConcurrentDictionary`2[System.__Canon,System.__Canon].GetOrAdd(!0,class System.Func`3<!0,!!0,!1>,!!0)", "ConcurrentDictionary<T1, T2>.GetOrAdd(T1, Func<T1, U, T2>, U)" },
        { "System.Buffers.SharedArrayPool`1[System.Char].Return(!0[],bool)", "SharedArrayPool<char>.Return(char[], bool)" },
        { "System.Buffer.Memmove(!!0&,!!0&,unsigned int)", "Buffer.Memmove(ref U, ref U, nuint)" },
        { "System.Array.Resize(!!0[]&,int32)", "Array.Resize(ref U[], int)" },
        { "System.ConsolePal+UnixConsoleStream.Write(value class System.ReadOnlySpan`1<unsigned int8>)", "ConsolePal.UnixConsoleStream.Write(ReadOnlySpan<byte>)" },
        { "System.Threading.Thread.StartCallback()", "Thread.StartCallback()" },
        { "System.Threading.Tasks.Task+DelayPromise..ctor(unsigned int32,class System.TimeProvider)", "Task.DelayPromise..ctor(uint, TimeProvider)" },
        { "System.Runtime.CompilerServices.AsyncTaskMethodBuilder`1+AsyncStateMachineBox`1[System.__Canon,Hotpath.Demo.Services.ReportBuilder+<BuildReport>d__6].MoveNext(class System.Threading.Thread)", "AsyncTaskMethodBuilder<T1>.AsyncStateMachineBox<ReportBuilder.BuildReport>.MoveNext(Thread)" },
        { "Microsoft.AspNetCore.Server.Kestrel.Core.Internal.Http.HttpProtocol+<ProcessRequests>d__237`1[System.__Canon].MoveNext()", "HttpProtocol.ProcessRequests" },
        { "Microsoft.AspNetCore.Server.Kestrel.Core.Internal.Infrastructure.KestrelConnection`1[System.__Canon].System.Threading.IThreadPoolWorkItem.Execute()", "KestrelConnection<T>.IThreadPoolWorkItem.Execute()" },
        { "Microsoft.Extensions.Logging.LoggerMessage+LogValues`2+<>c[System.__Canon,Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState].<.cctor>b__13_0(value class LogValues`2<!0,!1>,class System.Exception)", "LoggerMessage.LogValues<T1, ModelValidationState>..cctor (lambda)" },
        { "System.Net.Sockets.SocketAsyncContext.PerformSyncOperation(value class OperationQueue`1<!!0>&,!!0,int32,int32)", "SocketAsyncContext.PerformSyncOperation(ref OperationQueue<U>, U, int, int)" },
        { "Interop+Sys.<Receive>g____PInvoke|70_0(int,unsigned int8*,int32,value class System.Net.Sockets.SocketFlags,int32*)", "Interop.Sys.Receive (P/Invoke)(nint, byte*, int, SocketFlags, int*)" },
        { "Microsoft.AspNetCore.Mvc.Razor.RazorPageBase.Write(class System.Object)", "RazorPageBase.Write(object)" },
        { "Hotpath.Sampling.StackSymbolizer.FrameFor(class Microsoft.Diagnostics.Tracing.Etlx.TraceLog,value class Microsoft.Diagnostics.Tracing.Etlx.CodeAddressIndex,class Hotpath.Aggregation.ProfileAggregator,bool&)", "StackSymbolizer.FrameFor(TraceLog, CodeAddressIndex, ProfileAggregator, ref bool)" },
        { "dynamicClass.lambda_method10(pMT: 0x7f52964b8598,class System.Object,pMT: 0x7f52942a14c0)", "lambda_method10" },
    };

    [Theory]
    [MemberData(nameof(RealNames))]
    public void Format_RealRuntimeName_ReadsAsCSharp(string runtimeName, string expected)
    {
        Assert.Equal(expected, DisplayNames.Format(runtimeName));
    }

    [Theory]
    [InlineData("[other]")]
    [InlineData("[unknown]")]
    [InlineData("")]
    [InlineData("NoDots")]
    [InlineData("Broken.Name(int32")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("A.<<<b(((")]
    public void Format_MarkerOrUnreadableName_ReturnsItUnchangedOrReadable(string runtimeName)
    {
        var display = DisplayNames.Format(runtimeName);
        Assert.False(string.IsNullOrEmpty(display) && runtimeName.Length > 0);
    }

    [Fact]
    public void Of_Frame_UsesTheRuntimeName()
    {
        Assert.Equal("PrimeSieve.CountPrimes(int)", DisplayNames.Of(new FrameInfo("Hotpath.Demo.Services.PrimeSieve.CountPrimes(int32)", "Hotpath.Demo")));
    }
}
