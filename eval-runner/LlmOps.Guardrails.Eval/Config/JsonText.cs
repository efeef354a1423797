using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace LlmOps.Guardrails.Eval.Config;

/// <summary>Writes a <see cref="PNode"/> as compact JSON; YAML plain scalars become numbers, booleans or null when they look like one.</summary>
internal static class JsonText
{
    public static string From(PNode node)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(writer, node);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, PNode node)
    {
        switch (node)
        {
            case PMapping mapping:
                writer.WriteStartObject();
                foreach (var entry in mapping.Entries)
                {
                    writer.WritePropertyName(entry.Key.Value);
                    Write(writer, entry.Value);
                }

                writer.WriteEndObject();
                break;
            case PSequence sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Items)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case PScalar scalar:
                WriteScalar(writer, scalar);
                break;
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, PScalar scalar)
    {
        if (scalar.IsNull)
        {
            writer.WriteNullValue();
            return;
        }

        if (scalar.Kind is ScalarKind.Boolean || (scalar.Kind is ScalarKind.Plain && scalar.Value is "true" or "false"))
        {
            writer.WriteBooleanValue(scalar.Value == "true");
            return;
        }

        if (scalar.Kind is ScalarKind.Number or ScalarKind.Plain && NodeReader.TryNumber(scalar.Value, out var number))
        {
            if (scalar.Kind is ScalarKind.Number)
            {
                writer.WriteRawValue(scalar.Value, skipInputValidation: false);
            }
            else if (long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            {
                writer.WriteNumberValue(integer);
            }
            else
            {
                writer.WriteNumberValue(number);
            }

            return;
        }

        writer.WriteStringValue(scalar.Value);
    }
}
