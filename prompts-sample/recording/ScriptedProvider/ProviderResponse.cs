using System.Text.Json;

namespace ScriptedProvider;

/// <summary>Response bodies in the shapes the OpenAI and Anthropic SDKs read, with usage token counts.</summary>
internal static class ProviderResponse
{
    public static string Format(ProviderRequest request, string text, int callNumber)
    {
        int input = request.EstimatedInputTokens;
        int output = (text.Length / 4) + 1;
        return request.Anthropic ? Anthropic(request.Model, text, input, output, callNumber) : OpenAI(request.Model, text, input, output, callNumber);
    }

    public static string Error(string message) =>
        JsonSerializer.Serialize(new { error = new { type = "invalid_request_error", message } });

    private static string OpenAI(string model, string text, int input, int output, int callNumber) => JsonSerializer.Serialize(new
    {
        id = $"chatcmpl-scripted-{callNumber}",
        @object = "chat.completion",
        created = 1_764_000_000,
        model,
        choices = new[]
        {
            new { index = 0, message = new { role = "assistant", content = text, refusal = (string?)null }, logprobs = (object?)null, finish_reason = "stop" },
        },
        usage = new
        {
            prompt_tokens = input,
            completion_tokens = output,
            total_tokens = input + output,
            prompt_tokens_details = new { cached_tokens = 0, audio_tokens = 0 },
            completion_tokens_details = new { reasoning_tokens = 0, audio_tokens = 0, accepted_prediction_tokens = 0, rejected_prediction_tokens = 0 },
        },
        system_fingerprint = "fp_scripted",
    });

    private static string Anthropic(string model, string text, int input, int output, int callNumber) => JsonSerializer.Serialize(new
    {
        id = $"msg_scripted_{callNumber}",
        type = "message",
        role = "assistant",
        model,
        content = new[] { new { type = "text", text } },
        stop_reason = "end_turn",
        stop_sequence = (string?)null,
        usage = new { input_tokens = input, output_tokens = output, cache_creation_input_tokens = 0, cache_read_input_tokens = 0 },
    });
}
