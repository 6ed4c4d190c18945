using Hotpath.Export;
using Hotpath.Model;
using Hotpath.Tests.TestSupport;

namespace Hotpath.Tests.Export;

public class CollapsedStackExporterTests
{
    [Fact]
    public void ToText_SmallTree_WritesOneLinePerStackWithCount()
    {
        // Arrange
        var main = new FrameInfo("Program.Main", "App");
        var work = new FrameInfo("Worker.Run(int, string)", "App");
        var native = new FrameInfo("[unknown]", string.Empty);
        var snapshot = new ProfileBuilder()
            .Add([main, work], 3)
            .Add([main], 1)
            .Add([main, work, native], 2)
            .Add([main, work], 4)
            .Build();

        // Act
        var text = CollapsedStackExporter.ToText(snapshot, ProfileScope.Process);

        // Assert
        Assert.Equal(
            "App!Program.Main 1\n" +
            "App!Program.Main;App!Worker.Run(int, string) 7\n" +
            "App!Program.Main;App!Worker.Run(int, string);[unknown] 2\n",
            text);
    }

    [Fact]
    public void ToText_IntermediateNodesWithoutSamples_AreLeftOut()
    {
        // Arrange
        var snapshot = new ProfileBuilder().Add("A;B;C", 5).Add("A;D", 1).Build();

        // Act
        var lines = CollapsedStackExporter.ToText(snapshot, ProfileScope.Process).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // Assert
        Assert.Equal(["App!A;App!B;App!C 5", "App!A;App!D 1"], lines);
    }

    [Fact]
    public void ToText_NamesWithSeparators_AreSanitized()
    {
        // Arrange
        var snapshot = new ProfileBuilder()
            .Add([new FrameInfo("Outer", "App"), new FrameInfo("Gen<A;B>", "App"), new FrameInfo("Line1\nLine2\r\nLine3", "App")], 2)
            .Build();

        // Act
        var text = CollapsedStackExporter.ToText(snapshot, ProfileScope.Process);

        // Assert
        Assert.Equal("App!Outer;App!Gen<A,B>;App!Line1 Line2  Line3 2\n", text);
        var line = Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(3, line[..line.LastIndexOf(' ')].Split(';').Length);
    }

    [Fact]
    public void ToText_RequestsScope_WritesOnlyRequestSamples()
    {
        // Arrange
        var snapshot = new ProfileBuilder()
            .Add("Request;Handler", 3, inRequest: true)
            .Add("Request;Handler", 4)
            .Add("Timer;Tick", 5)
            .Build();

        // Act
        var requests = CollapsedStackExporter.ToText(snapshot, ProfileScope.Requests);
        var process = CollapsedStackExporter.ToText(snapshot, ProfileScope.Process);

        // Assert
        Assert.Equal("App!Request;App!Handler 3\n", requests);
        Assert.Equal("App!Request;App!Handler 7\nApp!Timer;App!Tick 5\n", process);
    }

    [Fact]
    public void Write_ManyStacks_LineCountsAddUpToScopeTotal()
    {
        // Arrange
        var builder = new ProfileBuilder();
        var random = new Random(3);
        for (var i = 0; i < 500; i++)
        {
            builder.Add(string.Join(';', Enumerable.Range(0, random.Next(1, 6)).Select(_ => "F" + random.Next(8))), random.Next(1, 4), inRequest: i % 3 == 0);
        }

        var snapshot = builder.Build();
        using var writer = new StringWriter();

        // Act
        CollapsedStackExporter.Write(snapshot, ProfileScope.Requests, writer);

        // Assert
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(snapshot.Totals.RequestSamples, lines.Sum(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..])));
        Assert.Equal(lines.Length, lines.Select(l => l[..l.LastIndexOf(' ')]).Distinct().Count());
    }
}
