using System.Text.Json;
using Hotpath.Model;

namespace Hotpath.Storage;

/// <summary>Saves and loads profiles in the versioned Hotpath profile format (JSON; see docs/profile-format.md).</summary>
public static class ProfileFile
{
    /// <summary>The value of the <c>format</c> field that identifies a Hotpath profile.</summary>
    public const string FormatName = "hotpath-profile";

    /// <summary>The format version this build writes.</summary>
    public const int CurrentVersion = 2;

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    /// <summary>Writes a snapshot to a stream.</summary>
    public static void Write(ProfileSnapshot snapshot, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(stream);
        JsonSerializer.Serialize(stream, ProfileFileWriter.ToDocument(snapshot), Options);
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

        return ProfileFileValidator.ToSnapshot(document, where);
    }
}
