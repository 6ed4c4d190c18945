namespace Hotpath.AspNetCore;

/// <summary>Where <see cref="HotpathOptions.LineReport"/> writes the wsgi_lineprof-style line report.</summary>
public enum LineReportTarget
{
    /// <summary>No line report is written (the UI and <c>{Path}/export/lines</c> still show it).</summary>
    None,

    /// <summary>An <c>ILogger</c> message (category <c>Hotpath.Lines</c>, Information).</summary>
    Log,

    /// <summary>Standard output.</summary>
    Console,

    /// <summary>Appended to <see cref="HotpathOptions.LineReportPath"/>.</summary>
    File,
}
