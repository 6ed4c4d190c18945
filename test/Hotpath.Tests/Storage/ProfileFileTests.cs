using System.Text.Json.Nodes;
using Hotpath.Analysis;
using Hotpath.Model;
using Hotpath.Storage;
using Hotpath.Tests.TestSupport;

namespace Hotpath.Tests.Storage;

public sealed class ProfileFileTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("hotpath-tests-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_folder.FullName, name);

    private static ProfileSnapshot Sample()
    {
        var builder = new ProfileBuilder
        {
            Totals = new ProfileTotals
            {
                IdleSamples = 11,
                DiscardedSamples = 12,
                OwnSamples = 13,
                Requests = 14,
                WallSpanMs = 1234.5,
                EffectiveIntervalMs = 1.25,
                ConfiguredIntervalMs = 1,
            },
            StartedAt = new DateTimeOffset(2025, 3, 4, 5, 6, 7, 890, TimeSpan.FromHours(2)),
            CapturedAt = new DateTimeOffset(2025, 3, 4, 5, 16, 7, 123, TimeSpan.FromHours(2)),
        };
        var main = new FrameInfo("Program.Main", "App", "/src/Program.cs", 10);
        var handler = new FrameInfo("Api.Handle(string)", "App", "/src/Api.cs", 42);
        var json = new FrameInfo("System.Text.Json.JsonSerializer.Serialize", "System.Text.Json");
        var odd = new FrameInfo("Name with \"quotes\", ; and \n newline", string.Empty);
        builder.Add([main, handler], 7, inRequest: true)
            .Add([main, handler, json], 5, inRequest: true)
            .Add([main, handler, json], 2)
            .Add([main, odd], 3)
            .Add([main], 1);
        return builder.Build();
    }

    private string SaveSample(string name = "profile.hotpath.json")
    {
        var path = PathOf(name);
        ProfileFile.Save(Sample(), path);
        return path;
    }

    private static void AssertSame(ProfileSnapshot expected, ProfileSnapshot actual)
    {
        Assert.Equal(expected.Frames, actual.Frames);
        Assert.Equal(expected.NodeParent, actual.NodeParent);
        Assert.Equal(expected.NodeFrame, actual.NodeFrame);
        Assert.Equal(expected.ProcessCounts, actual.ProcessCounts);
        Assert.Equal(expected.RequestCounts, actual.RequestCounts);
        Assert.Equal(expected.Totals, actual.Totals);
        Assert.Equal(expected.StartedAt, actual.StartedAt);
        Assert.Equal(expected.CapturedAt, actual.CapturedAt);
    }

    [Fact]
    public void Load_FileWrittenBySave_GivesIdenticalProfile()
    {
        // Arrange
        var original = Sample();
        var path = PathOf("roundtrip.json");

        // Act
        ProfileFile.Save(original, path);
        var loaded = ProfileFile.Load(path);

        // Assert
        AssertSame(original, loaded);
        foreach (var scope in new[] { ProfileScope.Process, ProfileScope.Requests })
        {
            var top = FunctionTable.Compute(original, scope).OrderByDescending(r => r.Self).Take(5).ToList();
            var topLoaded = FunctionTable.Compute(loaded, scope).OrderByDescending(r => r.Self).Take(5).ToList();
            Assert.Equal(top, topLoaded);
        }
    }

    [Fact]
    public void Read_StreamWrittenByWrite_GivesIdenticalProfile()
    {
        // Arrange
        var original = Sample();
        using var stream = new MemoryStream();

        // Act
        ProfileFile.Write(original, stream);
        stream.Position = 0;
        var loaded = ProfileFile.Read(stream);

        // Assert
        AssertSame(original, loaded);
    }

    [Fact]
    public void Save_NewFile_LeavesNoTemporaryFiles()
    {
        // Arrange
        var path = PathOf("nested/dir/profile.json");

        // Act
        ProfileFile.Save(Sample(), path);

        // Assert
        var files = Directory.GetFiles(_folder.FullName, "*", SearchOption.AllDirectories);
        Assert.Equal(Path.GetFullPath(path), Assert.Single(files));
    }

    [Fact]
    public void Save_ExistingFile_ReplacesItWithoutLeftovers()
    {
        // Arrange
        var path = PathOf("profile.json");
        File.WriteAllText(path, "old content");

        // Act
        ProfileFile.Save(Sample(), path);

        // Assert
        AssertSame(Sample(), ProfileFile.Load(path));
        Assert.Single(Directory.GetFiles(_folder.FullName));
    }

    [Fact]
    public void Save_WriteFailsHalfway_KeepsPreviousFileAndLeavesNoTemporaryFiles()
    {
        // Arrange: NaN cannot be written as JSON, so serialization fails after the temporary file was created.
        var path = SaveSample("profile.json");
        var before = File.ReadAllBytes(path);
        var broken = Sample();
        broken = Snapshots.FromCounts(
            broken.Frames, broken.NodeParent, broken.NodeFrame, broken.ProcessCounts, broken.RequestCounts,
            broken.Totals with { WallSpanMs = double.NaN }, broken.StartedAt, broken.CapturedAt);

        // Act
        var ex = Record.Exception(() => ProfileFile.Save(broken, path));

        // Assert
        Assert.NotNull(ex);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(Path.GetFullPath(path), Assert.Single(Directory.GetFiles(_folder.FullName)));
    }

    private ProfileFormatException LoadText(string text, string name = "damaged.json")
    {
        var path = PathOf(name);
        File.WriteAllText(path, text);
        return Assert.Throws<ProfileFormatException>(() => ProfileFile.Load(path));
    }

    private ProfileFormatException LoadEdited(Action<JsonObject> edit)
    {
        var document = JsonNode.Parse(File.ReadAllText(SaveSample()))!.AsObject();
        edit(document);
        return LoadText(document.ToJsonString());
    }

    [Theory]
    [InlineData("this is not a profile")]
    [InlineData("")]
    [InlineData("{\"format\": ")]
    [InlineData("<html><body>404</body></html>")]
    public void Load_NotJson_ThrowsSayingInvalidJson(string text)
    {
        // Act
        var ex = LoadText(text, "garbage.json");

        // Assert
        Assert.Contains("invalid JSON", ex.Message, StringComparison.Ordinal);
        Assert.Contains("garbage.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TruncatedFile_ThrowsSayingInvalidJson()
    {
        // Arrange
        var path = SaveSample();
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        // Act
        var ex = Assert.Throws<ProfileFormatException>(() => ProfileFile.Load(path));

        // Assert
        Assert.Contains("invalid JSON", ex.Message, StringComparison.Ordinal);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"format\":\"speedscope\",\"version\":1}")]
    [InlineData("{\"version\":1}")]
    [InlineData("null")]
    [InlineData("{}")]
    public void Load_WrongFormat_ThrowsNamingExpectedFormat(string text)
    {
        // Act
        var ex = LoadText(text);

        // Assert
        Assert.Contains("'format'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(ProfileFile.FormatName, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_JsonArrayInsteadOfObject_ThrowsFormatException()
    {
        // Act
        var ex = LoadText("[1, 2, 3]");

        // Assert
        Assert.Contains("not a Hotpath profile", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(99)]
    [InlineData(0)]
    public void Load_UnsupportedVersion_ThrowsNamingBothVersions(int version)
    {
        // Act
        var ex = LoadEdited(d => d["version"] = version);

        // Assert
        Assert.Contains($"version {version}", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"reads version 1 to {ProfileFile.CurrentVersion}", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frames")]
    [InlineData("nodeParent")]
    [InlineData("nodeFrame")]
    [InlineData("labelSets")]
    [InlineData("rowNode")]
    [InlineData("rowLabelSet")]
    [InlineData("rowCpu")]
    [InlineData("rowWait")]
    [InlineData("totals")]
    public void Load_MissingField_ThrowsNamingField(string field)
    {
        // Act
        var ex = LoadEdited(d => d.Remove(field));

        // Assert
        Assert.Contains($"'{field}' field is missing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MismatchedArrayLengths_ThrowsWithLengths()
    {
        // Act
        var ex = LoadEdited(d =>
        {
            var frames = d["nodeFrame"]!.AsArray();
            frames.RemoveAt(frames.Count - 1);
        });

        // Assert
        Assert.Contains("same non-zero length", ex.Message, StringComparison.Ordinal);
        Assert.Matches(@"found (\d+), (\d+)\)", ex.Message);
    }

    [Fact]
    public void Load_EmptyNodeArrays_ThrowsFormatException()
    {
        // Act
        var ex = LoadEdited(d =>
        {
            foreach (var field in new[] { "nodeParent", "nodeFrame", "processCounts", "requestCounts" })
            {
                d[field] = new JsonArray();
            }
        });

        // Assert
        Assert.Contains("non-zero length", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RootNotFirst_ThrowsSayingNodeZeroMustBeRoot()
    {
        // Act
        var ex = LoadEdited(d => d["nodeFrame"]![0] = 1);

        // Assert
        Assert.Contains("node 0 must be the root", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    public void Load_ParentNotBeforeChild_ThrowsNamingNode(int offset)
    {
        // Act: node 2's parent becomes 2 (itself) or later.
        var ex = LoadEdited(d => d["nodeParent"]![2] = 2 + offset);

        // Assert
        Assert.Contains($"node 2 has parent {2 + offset}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("parent must come before its child", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NegativeParent_ThrowsNamingNode()
    {
        // Act
        var ex = LoadEdited(d => d["nodeParent"]![3] = -1);

        // Assert
        Assert.Contains("node 3 has parent -1", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(5)]
    [InlineData(77)]
    public void Load_FrameIndexOutOfRange_ThrowsNamingFrame(int frame)
    {
        // Act: the sample has 5 frames ([other] and four functions).
        var ex = LoadEdited(d => d["nodeFrame"]![2] = frame);

        // Assert
        Assert.Contains($"node 2 refers to frame {frame}, but there are 5 frames", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rowCpu")]
    [InlineData("rowWait")]
    public void Load_NegativeCount_ThrowsNamingRow(string field)
    {
        // Act
        var ex = LoadEdited(d => d[field]![3] = -4);

        // Assert
        Assert.Contains("row 3 has a negative sample count", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FrameWithoutName_ThrowsNamingFrame()
    {
        // Act
        var ex = LoadEdited(d => d["frames"]![2]!.AsObject().Remove("name"));

        // Assert
        Assert.Contains("frame 2 has no name", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NullFrame_ThrowsNamingFrame()
    {
        // Act
        var ex = LoadEdited(d => d["frames"]![1] = null);

        // Assert
        Assert.Contains("frame 1 is null", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CountOfWrongType_ThrowsSayingInvalidJson()
    {
        // Act
        var ex = LoadEdited(d => d["rowCpu"]![1] = "many");

        // Assert
        Assert.Contains("invalid JSON", ex.Message, StringComparison.Ordinal);
    }
}
