using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace LlmOps.Guardrails.Core.Tokenization.Remote;

/// <summary>The one HTTP exchange both count-tokens clients make: POST JSON, read one integer back.</summary>
internal static class RemoteTokenCountTransport
{
    public static async Task<int> PostForCountAsync(
        HttpClient http,
        HttpRequestMessage request,
        byte[] jsonBody,
        string countProperty,
        string provider,
        CancellationToken cancellationToken)
    {
        request.Content = new ByteArrayContent(jsonBody);
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new RemoteTokenCountException($"The {provider} count-tokens endpoint could not be reached: {ex.Message}", null, ex);
        }

        using (response)
        {
#if NET8_0_OR_GREATER
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
#else
            var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
#endif
            if (!response.IsSuccessStatusCode)
            {
                // The body is the provider's error description; it never echoes the key.
                throw new RemoteTokenCountException(
                    $"The {provider} count-tokens endpoint answered {(int)response.StatusCode} {response.ReasonPhrase}: {Truncate(Encoding.UTF8.GetString(body))}",
                    response.StatusCode);
            }

            try
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty(countProperty, out var count)
                    && count.TryGetInt32(out var tokens)
                    && tokens >= 0)
                {
                    return tokens;
                }
            }
            catch (JsonException ex)
            {
                throw new RemoteTokenCountException($"The {provider} count-tokens endpoint answered with malformed JSON.", response.StatusCode, ex);
            }

            throw new RemoteTokenCountException($"The {provider} count-tokens answer has no '{countProperty}' count.", response.StatusCode);
        }
    }

    public static byte[] WriteJson(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.ToArray();
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text.Substring(0, 300) + "...";
}
