namespace Hotpath.AspNetCore.Hosting;

/// <summary>What a flush did: wrote <see cref="Path"/> (keeping an earlier profile as <see cref="KeptEarlierAs"/>), found no log file configured, or failed with <see cref="Error"/>.</summary>
internal sealed record FlushResult(string? Path, string? KeptEarlierAs, string? Error)
{
    public static FlushResult NotConfigured { get; } = new(null, null, null);

    public bool IsConfigured => Path is not null;

    public bool Succeeded => Path is not null && Error is null;

    public static FlushResult Written(string path, string? keptEarlierAs) => new(path, keptEarlierAs, null);

    public static FlushResult Failed(string path, string error) => new(path, null, error);
}
