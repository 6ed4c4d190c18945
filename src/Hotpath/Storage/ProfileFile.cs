using System.Text.Json;
using Hotpath.Model;

namespace Hotpath.Storage;

/// <summary>Saves and loads profiles in the versioned Hotpath profile format (JSON; see docs/profile-format.md).</summary>
public static class ProfileFile
{
    /// <summary>The value of the <c>format</c> field that identifies a Hotpath profile.</summary>
    public const string FormatName = "hotpath-profile";

    /// <summary>The format version this build writes.</summary>
    public const int CurrentVersion = 1;

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    /// <summary>Writes a snapshot to a stream.</summary>
    public static void Write(ProfileSnapshot snapshot, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(stream);
        JsonSerializer.Serialize(stream, ToDocument(snapshot), Options);
    }

    /// <summary>
    /// Writes a snapshot to a file atomically: the data goes to a temporary file in the same folder, which then replaces
    /// the target, so a crash mid-write never leaves a truncated profile behind.
    /// </summary>
    public static void Save(ProfileSnapshot snapshot, string path)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                Write(snapshot, stream);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Loads a profile from a file.</summary>
    /// <exception cref="ProfileFormatException">The file is not a valid Hotpath profile; the message says what is wrong.</exception>
    public static ProfileSnapshot Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads a profile from a stream.</summary>
    /// <exception cref="ProfileFormatException">The data is not a valid Hotpath profile; the message says what is wrong.</exception>
    public static ProfileSnapshot Read(Stream stream, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var where = sourceName is null ? "profile" : $"'{sourceName}'";
        ProfileFileDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<ProfileFileDocument>(stream, Options);
        }
        catch (JsonException ex)
        {
            throw new ProfileFormatException($"{where} is not a Hotpath profile: invalid JSON ({ex.Message}).", ex);
        }

        if (document is null || document.Format != FormatName)
        {
            throw new ProfileFormatException($"{where} is not a Hotpath profile: the 'format' field must be \"{FormatName}\".");
        }

        if (document.Version != CurrentVersion)
        {
            throw new ProfileFormatException(
                $"{where} has format version {document.Version}; this build of Hotpath reads version {CurrentVersion}. Use a matching Hotpath version.");
        }

        return ProfileFileValidator.ToSnapshot(document, where);
    }

    private static ProfileFileDocument ToDocument(ProfileSnapshot snapshot)
    {
        var totals = snapshot.Totals;
        return new ProfileFileDocument
        {
            Format = FormatName,
            Version = CurrentVersion,
            StartedAt = snapshot.StartedAt,
            CapturedAt = snapshot.CapturedAt,
            Totals = new ProfileFileTotals
            {
                IdleSamples = totals.IdleSamples,
                MergedSamples = totals.MergedSamples,
                DiscardedSamples = totals.DiscardedSamples,
                OwnSamples = totals.OwnSamples,
                Requests = totals.Requests,
                WallSpanMs = totals.WallSpanMs,
                EffectiveIntervalMs = totals.EffectiveIntervalMs,
                ConfiguredIntervalMs = totals.ConfiguredIntervalMs,
            },
            Frames = snapshot.Frames.Select(f => new ProfileFileFrame { Name = f.Name, Module = f.Module, File = f.File, Line = f.Line }).ToList(),
            NodeParent = snapshot.NodeParent,
            NodeFrame = snapshot.NodeFrame,
            ProcessCounts = snapshot.ProcessCounts,
            RequestCounts = snapshot.RequestCounts,
        };
    }
}
