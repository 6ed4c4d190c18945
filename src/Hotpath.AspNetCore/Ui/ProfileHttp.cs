using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Hotpath.AspNetCore.Ui;

/// <summary>Response helpers every profile API handler uses.</summary>
internal static class ProfileHttp
{
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    public static Task WriteJsonAsync(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, body, Json, context.RequestAborted);
    }

    public static Task BadRequestAsync(HttpContext context, string error) =>
        WriteJsonAsync(context, StatusCodes.Status400BadRequest, new { error });

    /// <summary>
    /// Sends what a synchronous writer produces (exporters write synchronously; Kestrel forbids synchronous I/O on the
    /// response): buffered in memory up to a threshold, then in a temporary file, and drained asynchronously.
    /// </summary>
    public static async Task WriteTextAsync(HttpContext context, string contentType, string? downloadName, Action<TextWriter> write)
    {
        context.Response.ContentType = contentType;
        if (downloadName is not null)
        {
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"{downloadName}\"";
        }

        await using var buffer = new FileBufferingWriteStream();
        await using (var writer = new StreamWriter(buffer, new UTF8Encoding(false), 64 * 1024, leaveOpen: true))
        {
            write(writer);
        }

        await buffer.DrainBufferAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Like <see cref="WriteTextAsync"/> for binary output.</summary>
    public static async Task WriteBinaryAsync(HttpContext context, string contentType, string? downloadName, Action<Stream> write)
    {
        context.Response.ContentType = contentType;
        if (downloadName is not null)
        {
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"{downloadName}\"";
        }

        await using var buffer = new FileBufferingWriteStream();
        write(buffer);
        await buffer.DrainBufferAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    public static double Percent(long part, long whole) => whole == 0 ? 0 : Math.Round(part * 100.0 / whole, 2);
}
