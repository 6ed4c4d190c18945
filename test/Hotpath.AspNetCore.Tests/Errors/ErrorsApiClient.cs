using System.Net;
using System.Text.Json;
using Hotpath.AspNetCore.Tests.Infrastructure;

namespace Hotpath.AspNetCore.Tests.Errors;

/// <summary>Reads the error log through its API, as the UI does, polling until the expected group appears.</summary>
internal static class ErrorsApiClient
{
    public static async Task<JsonElement> ListAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/__profile__/api/errors");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"api/errors answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Waits for a group of <paramref name="type"/> and returns its detail (api/errors/{id}) and the raw bodies.</summary>
    public static async Task<(JsonElement Group, string RawList, string RawDetail)> WaitForGroupAsync(HttpClient client, string type, long count = 1)
    {
        var list = await Poll.UntilAsync(
            () => ListAsync(client),
            l => l.GetProperty("errors").EnumerateArray().Any(e => e.GetProperty("type").GetString() == type && e.GetProperty("count").GetInt64() >= count),
            TimeSpan.FromSeconds(15),
            $"an error group of {type} with count >= {count}",
            l => l.ToString());
        var id = list.GetProperty("errors").EnumerateArray().First(e => e.GetProperty("type").GetString() == type).GetProperty("id").GetString();
        using var response = await client.GetAsync($"/__profile__/api/errors/{id}");
        var detail = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"api/errors/{id} answered {(int)response.StatusCode}: {detail}");
        return (JsonDocument.Parse(detail).RootElement.Clone(), list.ToString(), detail);
    }
}
