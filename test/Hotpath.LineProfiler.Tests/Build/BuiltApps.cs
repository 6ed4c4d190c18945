namespace Hotpath.LineProfiler.Tests.Build;

/// <summary>
/// One set of real builds shared by the build tests (they are slow): a console copy of the demo scenarios built with the
/// line profiler on and off (in two temporary folders, in parallel with the rest), and in a third folder one project
/// built without the package, then on, on again, then off, hashing the assembly each time.
/// </summary>
public sealed class BuiltApps : IAsyncLifetime
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("hotpath-lines-build-");

    public string OnOutput { get; private set; } = string.Empty;

    public string OffOutput { get; private set; } = string.Empty;

    public string OnBuildLog { get; private set; } = string.Empty;

    public string? NoPackageHash { get; private set; }

    public string? OnHash { get; private set; }

    public string? OnAgainHash { get; private set; }

    public string? OffHash { get; private set; }

    public string OnAgainLog { get; private set; } = string.Empty;

    public string PublishedOutput { get; private set; } = string.Empty;

    public bool PublishedIsInstrumented { get; private set; }

    public string DotnetRunOutput { get; private set; } = string.Empty;

    public string PackagedOutput { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var scenarios = Task.Run(async () =>
        {
            var on = Project("on", withScenarios: true);
            var off = Project("off", withScenarios: true);
            OnBuildLog = await Dotnet.OkAsync(on, "build", "-c", "Release", "-p:HotpathLineProfile=true", "-p:HotpathLineTiming=DelayAsync", "-v:n");
            await Dotnet.OkAsync(off, "build", "-c", "Release", "-p:HotpathLineProfilerReference=true");
            OnOutput = await Dotnet.OkAsync(on, "bin/Release/net10.0/app.dll".Split(' '));
            OffOutput = await Dotnet.OkAsync(off, "bin/Release/net10.0/app.dll");
        });

        var packaged = Task.Run(PackagedAsync);
        var toggle = Project("toggle", withScenarios: false);
        var dll = Path.Combine(toggle, "bin", "Release", "net10.0", "app.dll");
        await Dotnet.OkAsync(toggle, "build", "-c", "Release", "-p:NoLineProfiler=true");
        NoPackageHash = Dotnet.Hash(dll);
        await Dotnet.OkAsync(toggle, "build", "-c", "Release", "-p:HotpathLineProfile=true");
        OnHash = Dotnet.Hash(dll);
        OnAgainLog = await Dotnet.OkAsync(toggle, "build", "-c", "Release", "-p:HotpathLineProfile=true", "-v:n");
        OnAgainHash = Dotnet.Hash(dll);
        await Dotnet.OkAsync(toggle, "build", "-c", "Release");
        OffHash = Dotnet.Hash(dll);
        await scenarios;
        await packaged;

        // The sample itself (HotpathLineProfile=true in its project): dotnet publish and dotnet run.
        var demo = Path.Combine(Dotnet.Repo, "samples", "Hotpath.LineDemo");
        var published = Path.Combine(_root.FullName, "published");
        await Dotnet.OkAsync(demo, "publish", "-c", Dotnet.Configuration, "-o", published, "-p:BuildProjectReferences=false");
        PublishedOutput = await Dotnet.OkAsync(published, Path.Combine(published, "Hotpath.LineDemo.dll"), "--scenarios");
        PublishedIsInstrumented = IsInstrumented(Path.Combine(published, "Hotpath.LineDemo.dll"));
        DotnetRunOutput = await Dotnet.OkAsync(demo, "run", "-c", Dotnet.Configuration, "--no-restore", "-p:BuildProjectReferences=false", "--", "--scenarios");
    }

    /// <summary>An app outside the repository that only adds a PackageReference (from a packed folder) and the property.</summary>
    private async Task PackagedAsync()
    {
        var feed = Path.Combine(_root.FullName, "feed");
        await Dotnet.OkAsync(Dotnet.Repo, "pack", Path.Combine("src", "Hotpath.LineProfiler"), "-c", Dotnet.Configuration, "--no-build", "-o", feed);
        var dir = Path.Combine(_root.FullName, "packaged");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "app.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <HotpathLineProfile>true</HotpathLineProfile>
                <RestoreSources>{feed}</RestoreSources>
                <RestorePackagesPath>{Path.Combine(_root.FullName, "packages")}</RestorePackagesPath>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Hotpath.LineProfiler" Version="*" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, "Program.cs"), """
            long s = 0;
            for (var i = 0; i < 1000; i++)
            {
                s += i;
            }

            var modules = (Func<IReadOnlyList<(System.Reflection.Assembly, string, long[], long[], long[])>>)AppContext.GetData("Hotpath.LineProfiler.Modules")!;
            Console.WriteLine($"{s} {modules().Count} {modules()[0].Item3.Max()}");
            """);
        await Dotnet.OkAsync(dir, "build", "-c", "Release");
        PackagedOutput = await Dotnet.OkAsync(dir, Path.Combine(dir, "bin", "Release", "net10.0", "app.dll"));
    }

    private static bool IsInstrumented(string assembly)
    {
        using var stream = File.OpenRead(assembly);
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        var md = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        return md.TypeDefinitions.Any(t => md.GetString(md.GetTypeDefinition(t).Name) == "<HotpathLineProfile>");
    }

    public Task DisposeAsync()
    {
        try
        {
            _root.Delete(recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }

    private string Project(string name, bool withScenarios)
    {
        var dir = Path.Combine(_root.FullName, name);
        Directory.CreateDirectory(dir);
        var demo = Path.Combine(Dotnet.Repo, "samples", "Hotpath.LineDemo");
        File.WriteAllText(Path.Combine(dir, "app.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <Deterministic>true</Deterministic>
                <HotpathLineProfilerTaskAssembly>{Dotnet.TaskAssembly}</HotpathLineProfilerTaskAssembly>
              </PropertyGroup>
              <Import Project="{Dotnet.BuildDir}/Hotpath.LineProfiler.props" Condition="'$(NoLineProfiler)' != 'true'" />
              <ItemGroup Condition="'$(NoLineProfiler)' != 'true'">
                <Reference Include="{Dotnet.RuntimeAssembly}" />
              </ItemGroup>
              <Import Project="{Dotnet.BuildDir}/Hotpath.LineProfiler.targets" Condition="'$(NoLineProfiler)' != 'true'" />
            </Project>
            """);
        if (withScenarios)
        {
            File.Copy(Path.Combine(demo, "Scenarios.cs"), Path.Combine(dir, "Scenarios.cs"));
            File.WriteAllText(Path.Combine(dir, "Program.cs"), "await Hotpath.LineDemo.Scenarios.RunAllAsync(Console.Out);\n");
        }
        else
        {
            File.Copy(Path.Combine(demo, "Catalog.cs"), Path.Combine(dir, "Catalog.cs"));
            File.WriteAllText(Path.Combine(dir, "Program.cs"), "Console.WriteLine(new Hotpath.LineDemo.Catalog(100).Search(\"tag3\", 5));\n");
        }

        return dir;
    }
}
