using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using LlmOps.Guardrails.Core.Yaml;

namespace LlmOps.Guardrails.Eval.Config;

/// <summary>Writes a <see cref="YNode"/> as compact JSON; YAML plain scalars become numbers, booleans or null when they look like one.</summary>
internal static class JsonText
{
    public static string From(YNode node)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(writer, node);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, YNode node)
    {
        switch (node)
        {
            case YMapping mapping:
                writer.WriteStartObject();
                foreach (var entry in mapping.Entries)
                {
                    writer.WritePropertyName(entry.Key.Value);
                    Write(writer, entry.Value);
                }

                writer.WriteEndObject();
                break;
            case YSequence sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Items)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case YScalar scalar:
                WriteScalar(writer, scalar);
                break;
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, YScalar scalar)
    {
        if (scalar.IsNull)
        {
            writer.WriteNullValue();
            return;
        }

        if (scalar.Type is YScalarType.Boolean || (scalar.Type is YScalarType.Plain && scalar.Value is "true" or "false"))
        {
            writer.WriteBooleanValue(scalar.Value == "true");
            return;
        }

        if (scalar.Type is YScalarType.Number or YScalarType.Plain && NodeReader.TryNumber(scalar.Value, out var number))
        {
            if (scalar.Type is YScalarType.Number)
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
