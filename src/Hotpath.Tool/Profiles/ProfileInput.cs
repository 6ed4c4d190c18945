using Hotpath.Model;
using Hotpath.Storage;

namespace Hotpath.Tool.Profiles;

/// <summary>Loads saved profiles for the verbs, turning every way a file can be wrong into one clear message.</summary>
internal static class ProfileInput
{
    public static ProfileSnapshot Load(string path)
    {
        if (Directory.Exists(path))
        {
            throw CliException.BadInput($"'{path}' is a directory, not a profile file.");
        }

        if (!File.Exists(path))
        {
            throw CliException.BadInput($"'{path}' does not exist.");
        }

        try
        {
            if (new FileInfo(path).Length == 0)
            {
                throw CliException.BadInput($"'{path}' is empty, not a Hotpath profile.");
            }

            return ProfileFile.Load(path);
        }
        catch (ProfileFormatException ex)
        {
            throw CliException.BadInput(HotpathCli.OneLine(ex.Message));
        }
        catch (IOException ex)
        {
            throw CliException.BadInput($"'{path}' cannot be read: {HotpathCli.OneLine(ex.Message)}");
        }
        catch (UnauthorizedAccessException)
        {
            throw CliException.BadInput($"'{path}' cannot be read: permission denied.");
        }
    }

    /// <summary>The scope an option names, or for <c>auto</c> the requests scope when it has samples, else the process scope.</summary>
    public static ProfileScope ResolveScope(ProfileSnapshot snapshot, string scope) => scope switch
    {
        "requests" => ProfileScope.Requests,
        "process" => ProfileScope.Process,
        _ => snapshot.Totals.RequestSamples > 0 ? ProfileScope.Requests : ProfileScope.Process,
    };

    public static string Name(ProfileScope scope) => scope == ProfileScope.Requests ? "requests" : "process";
}
