using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmOps.Guardrails.Eval.Results;

/// <summary>Source-generated (reflection-free, trimming-safe) serialization metadata for results.json.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    Converters = new[]
    {
        typeof(CamelCaseEnumConverter<Variant>),
        typeof(CamelCaseEnumConverter<CaseStatus>),
        typeof(CamelCaseEnumConverter<CaseChange>),
        typeof(CamelCaseEnumConverter<PromptVerdict>),
        typeof(CamelCaseEnumConverter<LlmOps.Guardrails.Eval.Gate.GateLevel>),
        typeof(CamelCaseEnumConverter<LlmOps.Guardrails.Eval.Gate.GateCategory>),
        typeof(CamelCaseEnumConverter<LlmOps.Guardrails.Eval.Gate.GateResult>),
        typeof(SortedScoreMapConverter),
    })]
[JsonSerializable(typeof(EvalRun))]
internal sealed partial class EvalRunJsonContext : JsonSerializerContext
{
}

/// <summary>Enums as camelCase strings ("passed", "regressed"); integers are refused on read.</summary>
internal sealed class CamelCaseEnumConverter<TEnum> : JsonStringEnumConverter<TEnum>
    where TEnum : struct, System.Enum
{
    public CamelCaseEnumConverter()
        : base(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    {
    }
}

/// <summary>Writes score maps with keys in ordinal order, so the output never depends on insertion order.</summary>
internal sealed class SortedScoreMapConverter : JsonConverter<IReadOnlyDictionary<string, double>>
{
    public override IReadOnlyDictionary<string, double> Read(ref Utf8JsonReader reader, System.Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("Expected an object of scorer means.");
        var result = new SortedDictionary<string, double>(System.StringComparer.Ordinal);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject) return result;
            if (reader.TokenType != JsonTokenType.PropertyName) throw new JsonException("Expected a scorer name.");
            string key = reader.GetString()!;
            reader.Read();
            double value = reader.TokenType == JsonTokenType.String
                ? double.Parse(reader.GetString()!, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture)
                : reader.GetDouble();
            result[key] = value;
        }

        throw new JsonException("Unterminated object of scorer means.");
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, double> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var kv in value.OrderBy(kv => kv.Key, System.StringComparer.Ordinal))
        {
            writer.WritePropertyName(kv.Key);
            if (double.IsFinite(kv.Value)) writer.WriteNumberValue(kv.Value);
            else writer.WriteStringValue(kv.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        writer.WriteEndObject();
    }
}
