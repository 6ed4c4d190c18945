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

    /// <summary>
    /// Makes room for a new profile at <paramref name="path"/> without losing the one there: unless the file holds the
    /// same profile (the same <c>startedAt</c>: an earlier flush of this accumulation, which the new one extends), it is
    /// renamed to <c>{name}.{startedAt:yyyyMMddTHHmmssZ}{extension}</c> (<c>profile.json</c> becomes
    /// <c>profile.20261201T101500Z.json</c>; <c>-2</c>, <c>-3</c>… are appended when that name is taken). A file that is
    /// not a readable profile is kept the same way, named after its last write time.
    /// </summary>
    /// <param name="path">The log file.</param>
    /// <param name="startedAt">When the profile about to be written started.</param>
    /// <returns>The name the earlier file was kept under, or null when nothing had to move.</returns>
    public static string? KeepEarlier(string path, DateTimeOffset startedAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            return null;
        }

        var earlier = TryReadStartedAt(full);
        if (earlier is { } start && start.UtcDateTime == startedAt.UtcDateTime)
        {
            return null;
        }

        var stamp = (earlier ?? new DateTimeOffset(File.GetLastWriteTimeUtc(full), TimeSpan.Zero)).UtcDateTime
            .ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var folder = Path.GetDirectoryName(full)!;
        var name = Path.GetFileNameWithoutExtension(full);
        var extension = Path.GetExtension(full);
        for (var attempt = 1; ; attempt++)
        {
            var suffix = attempt == 1 ? string.Empty : "-" + attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var target = Path.Combine(folder, $"{name}.{stamp}{suffix}{extension}");
            if (File.Exists(target) || Directory.Exists(target))
            {
                continue;
            }

            try
            {
                File.Move(full, target, overwrite: false);
                return target;
            }
            catch (IOException) when (File.Exists(target) && attempt < 1000)
            {
                // Taken between the check and the move: try the next name.
            }
        }
    }

    /// <summary>The <c>startedAt</c> of a saved profile, read from the start of the file; null when it is not a readable profile.</summary>
    public static DateTimeOffset? TryReadStartedAt(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            // The writer puts startedAt among the first fields; a header is enough (files can be tens of megabytes).
            var buffer = new byte[16 * 1024];
            int length;
            using (var stream = File.OpenRead(path))
            {
                length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            }

            var reader = new Utf8JsonReader(buffer.AsSpan(0, length), isFinalBlock: length < buffer.Length, state: default);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("startedAt"))
                {
                    return reader.Read() && reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var value) ? value : null;
                }

                if (reader.CurrentDepth == 1 && reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject && !reader.TrySkip())
                {
                    return null;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException)
        {
            // Not readable as a profile header: the caller keeps the file under another name rather than trust it.
        }

        return null;
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
