using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Telemetry
{
    /// <summary>
    /// Messages as the GenAI conventions' JSON (gen-ai-input-messages.json / gen-ai-output-messages.json): roles with text,
    /// tool-call and tool-result parts. Only with <see cref="TelemetryOptions.EnableSensitiveData"/>.
    /// </summary>
    internal static class MessageJson
    {
        public static string Input(IEnumerable<ChatMessage> messages)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartArray();
                foreach (var message in messages)
                {
                    writer.WriteStartObject();
                    writer.WriteString("role", message.Role.Value);
                    writer.WriteStartArray("parts");
                    foreach (var content in message.Contents)
                    {
                        WritePart(writer, content);
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            return Encoding.UTF8.GetString(stream.ToArray());
        }

        public static string Output(string text, string? finishReason)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartArray();
                writer.WriteStartObject();
                writer.WriteString("role", "assistant");
                writer.WriteStartArray("parts");
                writer.WriteStartObject();
                writer.WriteString("type", "text");
                writer.WriteString("content", text);
                writer.WriteEndObject();
                writer.WriteEndArray();
                if (finishReason is not null)
                {
                    writer.WriteString("finish_reason", finishReason);
                }

                writer.WriteEndObject();
                writer.WriteEndArray();
            }

            return Encoding.UTF8.GetString(stream.ToArray());
        }

        private static void WritePart(Utf8JsonWriter writer, AIContent content)
        {
            switch (content)
            {
                case TextContent text:
                    writer.WriteStartObject();
                    writer.WriteString("type", "text");
                    writer.WriteString("content", text.Text);
                    writer.WriteEndObject();
                    break;
                case FunctionCallContent call:
                    writer.WriteStartObject();
                    writer.WriteString("type", "tool_call");
                    writer.WriteString("id", call.CallId);
                    writer.WriteString("name", call.Name);
                    writer.WriteEndObject();
                    break;
                case FunctionResultContent result:
                    writer.WriteStartObject();
                    writer.WriteString("type", "tool_call_response");
                    writer.WriteString("id", result.CallId);
                    writer.WriteString("result", result.Result?.ToString());
                    writer.WriteEndObject();
                    break;
            }
        }
    }
}
