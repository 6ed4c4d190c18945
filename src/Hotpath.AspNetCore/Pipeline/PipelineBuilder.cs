using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Hotpath.AspNetCore.Pipeline;

/// <summary>
/// An <see cref="IApplicationBuilder"/> that wraps every component added through it in a <see cref="PipelineComponent"/>,
/// branches (<c>New()</c>) included. A <see cref="WebApplication"/> keeps its own middleware in a builder of its own and
/// hands the host's builder one component that runs them all; when that component arrives, its middleware are
/// wrapped one by one instead, so the pipeline view shows the application's middleware and not one opaque step.
/// </summary>
internal sealed class PipelineBuilder(IApplicationBuilder inner, PipelineRecorder recorder, Action<string> warn) : IApplicationBuilder
{
    // Set by the framework's Use* extensions (UseExceptionHandler, UseDeveloperExceptionPage…) for the next component.
    internal const string NextMiddlewareName = "analysis.NextMiddlewareName";
    private const string GlobalRouteBuilderKey = "__GlobalEndpointRouteBuilder";
    private const string WebApplicationBuilderType = "Microsoft.AspNetCore.Builder.WebApplicationBuilder";

    public IServiceProvider ApplicationServices
    {
        get => inner.ApplicationServices;
        set => inner.ApplicationServices = value;
    }

    public IFeatureCollection ServerFeatures => inner.ServerFeatures;

    public IDictionary<string, object?> Properties => inner.Properties;

    public RequestDelegate Build() => inner.Build();

    public IApplicationBuilder New() => new PipelineBuilder(inner.New(), recorder, warn);

    public IApplicationBuilder Use(Func<RequestDelegate, RequestDelegate> middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        string? name = null;
        if (Properties.TryGetValue(NextMiddlewareName, out var value))
        {
            name = value?.ToString();
            Properties.Remove(NextMiddlewareName);
        }

        // .NET 10 wires the application's pipeline with WebApplicationBuilder+WireSourcePipeline; earlier versions used
        // a lambda on WebApplicationBuilder itself.
        if (middleware.Target?.GetType().FullName?.StartsWith(WebApplicationBuilderType, StringComparison.Ordinal) == true && WrapWebApplication(middleware.Target))
        {
            // Its middleware are wrapped one by one; the component that runs them adds nothing to show.
            return inner.Use(middleware);
        }

        return inner.Use(PipelineComponent.Wrap(middleware, recorder, name));
    }

    // The WebApplication's components live in ApplicationBuilder._components (framework internals, read by reflection;
    // if they move, the view falls back to the host's pipeline and says so).
    private bool WrapWebApplication(object wire)
    {
        var app = wire.GetType().GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            .Select(f => f.GetValue(wire)).FirstOrDefault(v => v is IApplicationBuilder);
        if (app is null && Properties.TryGetValue(GlobalRouteBuilderKey, out var property))
        {
            app = property;
        }

        if (app is not IApplicationBuilder)
        {
            warn("the WebApplication was not found in the builder's properties");
            return false;
        }

        var builder = app.GetType().GetProperty("ApplicationBuilder", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)?.GetValue(app);
        var field = builder?.GetType().GetField("_components", BindingFlags.Instance | BindingFlags.NonPublic);
        if (field?.GetValue(builder) is not List<Func<RequestDelegate, RequestDelegate>> components)
        {
            warn("the WebApplication's middleware list was not found (ApplicationBuilder._components)");
            return false;
        }

        for (var i = 0; i < components.Count; i++)
        {
            components[i] = PipelineComponent.Wrap(components[i], recorder, name: null);
        }

        return true;
    }
}
