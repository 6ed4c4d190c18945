using System.Text.Json;
using System.Text.Json.Nodes;
using Hotpath.Aggregation;
using Hotpath.Analysis;
using Hotpath.Export;
using Hotpath.Model;
using Hotpath.Requests;
using Hotpath.Storage;
using Hotpath.Tests.TestSupport;

namespace Hotpath.Tests.Storage;

/// <summary>Format version 2 (labelled rows, request records) round trips; version 1 files still load.</summary>
public sealed class ProfileFileVersionTests
{
    private static ProfileSnapshot Labelled()
    {
        var aggregator = new ProfileAggregator();
        var a = aggregator.InternFrame(new FrameInfo("A", "App"));
        var b = aggregator.InternFrame(new FrameInfo("B", "App"));
        var c = aggregator.InternFrame(new FrameInfo("C", "App"));
        var ab = aggregator.Intern([a, b]);
        var ac = aggregator.Intern([a, c]);
        aggregator.AddSample(ab, ProfileAggregator.ProcessLabel, 2, ProfileMeasure.Cpu);
        aggregator.AddRequestSample(ab, 7, 5);
        aggregator.AddRequestSample(ac, 7, 3, ProfileMeasure.Wait);
        aggregator.AddRequestSample(ac, 8, 4);
        var kept = new RequestRecord(7, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), 0, "GET", "/orders/1")
        {
            Endpoint = "GET /orders/{id}", Query = "?token=[redacted]&page=2", Status = 200, DurationMs = 12.5, TraceId = new string('a', 32), Completed = true,
        };
        var folded = new RequestRecord(8, kept.StartedAt, 0, "GET", "/orders/2") { Endpoint = "GET /orders/{id}", Status = 500, Completed = true };
        aggregator.EndRequest(kept, keep: true);
        aggregator.EndRequest(folded, keep: false);
        return aggregator.Snapshot(new ProfileTotals { ConfiguredIntervalMs = 10, Requests = 2 }, kept.StartedAt, kept.StartedAt.AddMinutes(1));
    }

    private static ProfileSnapshot RoundTrip(ProfileSnapshot snapshot)
    {
        using var stream = new MemoryStream();
        ProfileFile.Write(snapshot, stream);
        stream.Position = 0;
        return ProfileFile.Read(stream);
    }

    [Fact]
    public void Read_Version2_KeepsEveryViewAndTheKeptRequests()
    {
        // Arrange
        var original = Labelled();

        // Act
        var loaded = RoundTrip(original);

        // Assert
        var filters = new[]
        {
            ProfileFilter.Process, ProfileFilter.Requests, new ProfileFilter { RequestId = 7 }, new ProfileFilter { RequestId = 7, Measure = ProfileMeasure.Wait },
            new ProfileFilter { Endpoint = "GET /orders/{id}" }, new ProfileFilter { RequestId = 8 },
        };
        foreach (var filter in filters)
        {
            Assert.Equal(CollapsedStackExporter.ToText(ProfileView.Create(original, filter)), CollapsedStackExporter.ToText(ProfileView.Create(loaded, filter)));
        }

        Assert.Equal("App!A;App!B 5\n", CollapsedStackExporter.ToText(ProfileView.Create(loaded, new ProfileFilter { RequestId = 7 })));
        Assert.Equal("App!A;App!B 5\nApp!A;App!C 4\n", CollapsedStackExporter.ToText(ProfileView.Create(loaded, new ProfileFilter { Endpoint = "GET /orders/{id}" })));
        Assert.Equal(original.Totals, loaded.Totals);
        var request = Assert.Single(loaded.Requests);
        Assert.Equal((7L, "/orders/1", "?token=[redacted]&page=2", 5L, 3L, true), (request.Id, request.Path, request.Query, request.CpuSamples, request.WaitSamples, request.HasProfile));
    }

    [Fact]
    public void Read_Version1File_LoadsWithTheSameScopes()
    {
        // Arrange: a version-1 file as earlier builds wrote it.
        var original = Labelled();
        var json = JsonSerializer.Serialize(ProfileFileWriter.ToDocument(original, version: 1));
        Assert.Contains("\"version\":1", json, StringComparison.Ordinal);
        Assert.Contains("processCounts", json, StringComparison.Ordinal);

        // Act
        var loaded = ProfileFile.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));

        // Assert
        foreach (var scope in new[] { ProfileScope.Process, ProfileScope.Requests })
        {
            Assert.Equal(CollapsedStackExporter.ToText(original, scope), CollapsedStackExporter.ToText(loaded, scope));
            Assert.Equal(FunctionTable.Compute(original, scope), FunctionTable.Compute(loaded, scope));
        }

        Assert.Empty(loaded.Requests);
    }

    [Theory]
    [InlineData("processCounts")]
    [InlineData("requestCounts")]
    public void Read_Version1MissingCounts_ThrowsNamingField(string field)
    {
        // Arrange
        var document = JsonSerializer.SerializeToNode(ProfileFileWriter.ToDocument(Labelled(), version: 1))!.AsObject();
        document.Remove(field);

        // Act
        var ex = Assert.Throws<ProfileFormatException>(() => ProfileFile.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(document.ToJsonString()))));

        // Assert
        Assert.Contains($"'{field}' field is missing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Version1MoreRequestThanProcessSamples_ThrowsNamingNode()
    {
        // Arrange
        var document = JsonSerializer.SerializeToNode(ProfileFileWriter.ToDocument(Labelled(), version: 1))!.AsObject();
        document["requestCounts"]![2] = 1_000;

        // Act
        var ex = Assert.Throws<ProfileFormatException>(() => ProfileFile.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(document.ToJsonString()))));

        // Assert
        Assert.Contains("node 2 has more request samples", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rowNode", 0, "refers to node 0")]
    [InlineData("rowNode", 99, "refers to node 99")]
    [InlineData("rowLabelSet", 42, "refers to label set 42")]
    public void Read_Version2RowOutOfRange_ThrowsNamingRow(string field, int value, string expected)
    {
        // Arrange
        var document = JsonSerializer.SerializeToNode(ProfileFileWriter.ToDocument(Labelled()))!.AsObject();
        document[field]![0] = value;

        // Act
        var ex = Assert.Throws<ProfileFormatException>(() => ProfileFile.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(document.ToJsonString()))));

        // Assert
        Assert.Contains("row 0 " + expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Version2RequestWithoutPath_ThrowsNamingRequest()
    {
        // Arrange
        var document = JsonSerializer.SerializeToNode(ProfileFileWriter.ToDocument(Labelled()))!.AsObject();
        document["requests"]![0]!.AsObject().Remove("path");

        // Act
        var ex = Assert.Throws<ProfileFormatException>(() => ProfileFile.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(document.ToJsonString()))));

        // Assert
        Assert.Contains("request 0 needs", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_FoldedRequest_StoresNoRecordOrLabelOfIt()
    {
        // Act
        var json = JsonNode.Parse(JsonSerializer.Serialize(ProfileFileWriter.ToDocument(Labelled())))!;

        // Assert
        Assert.Single(json["requests"]!.AsArray());
        Assert.DoesNotContain(json["labelSets"]!.AsArray(), l => (long)l!["request"]! == 8);
    }
}
