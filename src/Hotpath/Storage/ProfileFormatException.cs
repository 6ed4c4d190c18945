namespace Hotpath.Storage;

/// <summary>A saved profile could not be read: it is not a Hotpath profile, is of an unsupported version, or is damaged.</summary>
public sealed class ProfileFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ProfileFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the error that caused it.</summary>
    public ProfileFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
