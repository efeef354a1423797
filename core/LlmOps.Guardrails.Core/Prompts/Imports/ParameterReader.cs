using System;
using System.Collections.Generic;
using LlmOps.Guardrails.Core.Yaml;

namespace LlmOps.Guardrails.Core.Prompts.Imports;

/// <summary>
/// Reads sampling parameters written in any of the imported formats (Prompty v1 <c>model.parameters</c> in
/// snake_case, Prompty 2 <c>model.options</c> in camelCase, Semantic Kernel <c>execution_settings</c> entries)
/// into one <see cref="PromptParameters"/>, recording where each was written as <c>parameters.*</c>.
/// </summary>
internal sealed class ParameterReader
{
    private readonly ImportContext _context;
    private readonly List<string> _stop = new();
    private double? _temperature;
    private double? _topP;
    private int? _maxOutputTokens;
    private long? _seed;
    private double? _frequencyPenalty;
    private double? _presencePenalty;
    private string? _responseFormat;

    public ParameterReader(ImportContext context) => _context = context;

    private static readonly Dictionary<string, string> Targets = new(StringComparer.Ordinal)
    {
        ["max_tokens"] = "max_output_tokens",
        ["max_completion_tokens"] = "max_output_tokens",
        ["max_output_tokens"] = "max_output_tokens",
        ["maxTokens"] = "max_output_tokens",
        ["maxOutputTokens"] = "max_output_tokens",
        ["temperature"] = "temperature",
        ["top_p"] = "top_p",
        ["topP"] = "top_p",
        ["stop"] = "stop_sequences",
        ["stop_sequences"] = "stop_sequences",
        ["stopSequences"] = "stop_sequences",
        ["seed"] = "seed",
        ["frequency_penalty"] = "frequency_penalty",
        ["frequencyPenalty"] = "frequency_penalty",
        ["presence_penalty"] = "presence_penalty",
        ["presencePenalty"] = "presence_penalty",
        ["response_format"] = "response_format",
        ["responseFormat"] = "response_format",
    };

    // Keys the formats define that change the call but have no place in our model: warned about, then ignored.
    private static readonly Dictionary<string, string> NotMapped = new(StringComparer.Ordinal)
    {
        ["tools"] = "tool definitions are not part of an imported prompt (their tokens are not counted)",
        ["tool_choice"] = "function calling settings are not imported",
        ["functions"] = "function calling settings are not imported",
        ["function_call"] = "function calling settings are not imported",
        ["parallel_tool_calls"] = "function calling settings are not imported",
        ["allowMultipleToolCalls"] = "function calling settings are not imported",
        ["function_choice_behavior"] = "function calling settings are not imported",
        ["tool_call_behavior"] = "function calling settings are not imported",
        ["chat_system_prompt"] = "Semantic Kernel's extra system prompt is not imported; write it as a <message role=\"system\"> in the template",
        ["top_k"] = "top-k has no equivalent in the prompt model",
        ["topK"] = "top-k has no equivalent in the prompt model",
        ["n"] = "one completion per call is assumed",
        ["results_per_prompt"] = "one completion per call is assumed",
        ["logit_bias"] = "token biases are not imported",
        ["token_selection_biases"] = "token biases are not imported",
        ["logprobs"] = "log probabilities are not imported",
        ["top_logprobs"] = "log probabilities are not imported",
        ["user"] = "the end-user id is a runtime value",
        ["additionalProperties"] = "provider-specific options are not imported",
    };

    /// <summary>Reads every entry of <paramref name="mapping"/> except the keys in <paramref name="handledElsewhere"/>.</summary>
    public void Read(YMapping mapping, string where, ICollection<string>? handledElsewhere = null)
    {
        foreach (var entry in YamlAccess.Entries(mapping))
        {
            var key = entry.Key.Value!;
            if (handledElsewhere is not null && handledElsewhere.Contains(key))
            {
                continue;
            }

            if (Targets.TryGetValue(key, out var target))
            {
                ReadOne(target, key, entry.Value);
            }
            else if (NotMapped.TryGetValue(key, out var why))
            {
                if (!YamlAccess.IsNull(entry.Value))
                {
                    _context.Ignored(entry.Key, $"{where}.{key}", why);
                }
            }
            else
            {
                _context.Unknown(entry.Key, key, where);
            }
        }
    }

    private void ReadOne(string target, string key, YNode value)
    {
        if (YamlAccess.IsNull(value))
        {
            return;
        }

        _context.Record("parameters." + target, value);
        switch (target)
        {
            case "max_output_tokens":
                var max = YamlAccess.ReadInteger(value, _context, key);
                if (max is not null)
                {
                    if (max <= 0 || max > 10_000_000)
                    {
                        _context.Error(PromptDiagnosticCodes.InvalidValue, $"'{key}' is {max}; it must be between 1 and 10,000,000.", value);
                    }
                    else
                    {
                        _maxOutputTokens = (int)max.Value;
                    }
                }

                break;
            case "temperature":
                _temperature = Number(value, key, 0, 2) ?? _temperature;
                break;
            case "top_p":
                _topP = Number(value, key, 0, 1) ?? _topP;
                break;
            case "frequency_penalty":
                _frequencyPenalty = Number(value, key, -2, 2) ?? _frequencyPenalty;
                break;
            case "presence_penalty":
                _presencePenalty = Number(value, key, -2, 2) ?? _presencePenalty;
                break;
            case "seed":
                _seed = YamlAccess.ReadInteger(value, _context, key) ?? _seed;
                break;
            case "stop_sequences":
                ReadStop(key, value);
                break;
            case "response_format":
                ReadResponseFormat(key, value);
                break;
        }
    }

    // The same ranges as the native reader, so an imported prompt is judged like a native one.
    private double? Number(YNode value, string key, double min, double max)
    {
        var number = YamlAccess.ReadNumber(value, _context, key);
        if (number is { } n && (n < min || n > max))
        {
            _context.Error(PromptDiagnosticCodes.InvalidValue, $"'{key}' is {n.ToString(System.Globalization.CultureInfo.InvariantCulture)}; it must be between {min} and {max}.", value);
            return null;
        }

        return number;
    }

    private void ReadStop(string key, YNode value)
    {
        _stop.Clear();
        switch (value)
        {
            case YScalar scalar:
                _stop.Add(scalar.Value ?? string.Empty);
                break;
            case YSequence sequence:
                foreach (var item in sequence.Items)
                {
                    if (item is YScalar text && !string.IsNullOrEmpty(text.Value) && !YamlAccess.IsNull(text))
                    {
                        _stop.Add(text.Value!);
                    }
                    else
                    {
                        _context.Error(PromptDiagnosticCodes.InvalidValue, $"Each entry of '{key}' must be non-empty text, not {YamlAccess.Describe(item)}.", item);
                    }
                }

                break;
            default:
                _context.Error(PromptDiagnosticCodes.InvalidValue, $"'{key}' must be text or a list of text, not {YamlAccess.Describe(value)}.", value);
                break;
        }
    }

    private void ReadResponseFormat(string key, YNode value)
    {
        var type = value is YMapping mapping ? YamlAccess.Text(YamlAccess.Get(mapping, "type")) : YamlAccess.Text(value);
        switch (type?.Trim().ToLowerInvariant())
        {
            case "text":
                _responseFormat = "text";
                break;
            case "json" or "json_object":
                _responseFormat = "json";
                break;
            case "json_schema":
                _responseFormat = "json_schema";
                break;
            default:
                _context.Error(
                    PromptDiagnosticCodes.InvalidValue,
                    $"'{key}' must be text, json_object or json_schema (as a value or as 'type:'), not {YamlAccess.Describe(value)}.",
                    value);
                break;
        }
    }

    public PromptParameters Build() => new()
    {
        Temperature = _temperature,
        TopP = _topP,
        MaxOutputTokens = _maxOutputTokens,
        StopSequences = _stop.ToArray(),
        Seed = _seed,
        FrequencyPenalty = _frequencyPenalty,
        PresencePenalty = _presencePenalty,
        ResponseFormat = _responseFormat,
    };
}
