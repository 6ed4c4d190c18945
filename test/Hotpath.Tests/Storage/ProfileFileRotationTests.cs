using Hotpath.Model;
using Hotpath.Storage;
using Hotpath.Tests.TestSupport;

namespace Hotpath.Tests.Storage;

public sealed class ProfileFileRotationTests : IDisposable
{
    private static readonly DateTimeOffset Earlier = new(2026, 12, 1, 10, 15, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = new(2026, 12, 1, 11, 0, 0, TimeSpan.Zero);

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("hotpath-rotate-");

    private string LogFile => Path.Combine(_folder.FullName, "profile.json");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void KeepEarlier_ProfileThatStartedAtAnotherTime_IsRenamedAfterItsStartTime()
    {
        ProfileFile.Save(Snapshot(Earlier, "Earlier.Hot"), LogFile);
        var bytes = File.ReadAllBytes(LogFile);

        var kept = ProfileFile.KeepEarlier(LogFile, Later);
        ProfileFile.Save(Snapshot(Later, "Later.Hot"), LogFile);

        Assert.Equal(Path.Combine(_folder.FullName, "profile.20261201T101500Z.json"), kept);
        Assert.Equal(bytes, File.ReadAllBytes(kept!));
        Assert.Equal(Earlier, ProfileFile.Load(kept!).StartedAt);
        Assert.Equal(Later, ProfileFile.Load(LogFile).StartedAt);
    }

    [Fact]
    public void KeepEarlier_SameProfileFlushedAgain_LeavesItToBeReplaced()
    {
        ProfileFile.Save(Snapshot(Earlier, "Earlier.Hot"), LogFile);

        var kept = ProfileFile.KeepEarlier(LogFile, Earlier.ToOffset(TimeSpan.FromHours(2)));

        Assert.Null(kept);
        Assert.Single(_folder.GetFiles());
    }

    [Fact]
    public void KeepEarlier_NameTaken_AppendsACounter()
    {
        ProfileFile.Save(Snapshot(Earlier, "First"), Path.Combine(_folder.FullName, "profile.20261201T101500Z.json"));
        ProfileFile.Save(Snapshot(Earlier, "Second"), LogFile);

        var kept = ProfileFile.KeepEarlier(LogFile, Later);

        Assert.Equal(Path.Combine(_folder.FullName, "profile.20261201T101500Z-2.json"), kept);
        Assert.Equal(2, _folder.GetFiles().Length);
    }

    [Fact]
    public void KeepEarlier_FileThatIsNotAProfile_IsKeptUnderItsWriteTime()
    {
        File.WriteAllText(LogFile, "my notes, not a profile");
        File.SetLastWriteTimeUtc(LogFile, new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc));

        var kept = ProfileFile.KeepEarlier(LogFile, Later);

        Assert.Equal(Path.Combine(_folder.FullName, "profile.20260304T050607Z.json"), kept);
        Assert.Equal("my notes, not a profile", File.ReadAllText(kept!));
        Assert.False(File.Exists(LogFile));
    }

    [Fact]
    public void KeepEarlier_NoFile_DoesNothing()
    {
        Assert.Null(ProfileFile.KeepEarlier(LogFile, Later));
        Assert.Empty(_folder.GetFiles());
    }

    [Fact]
    public void TryReadStartedAt_LargeProfile_ReadsOnlyTheHeader()
    {
        var builder = new ProfileBuilder { StartedAt = Earlier };
        for (var i = 0; i < 5000; i++)
        {
            builder.Add("Main;Work" + i);
        }

        ProfileFile.Save(builder.Build(), LogFile);

        Assert.True(new FileInfo(LogFile).Length > 64 * 1024);
        Assert.Equal(Earlier, ProfileFile.TryReadStartedAt(LogFile));
    }

    private static ProfileSnapshot Snapshot(DateTimeOffset startedAt, string function) =>
        new ProfileBuilder { StartedAt = startedAt }.Add(function).Build();
}
