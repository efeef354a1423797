using System.Globalization;

namespace LlmOps.Guardrails.Eval.Config;

/// <summary>
/// A problem in an eval config or dataset file, at a 1-based line and column. <see cref="Message"/> always says what to
/// do, and never repeats a secret found in the file.
/// </summary>
public sealed record EvalDiagnostic(string Code, string Message, string File, int Line, int Column)
{
    /// <summary>MSBuild-style text: <c>file(line,col): error LLME1nn: message</c>, which CI logs and editors link.</summary>
    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "{0}({1},{2}): error {3}: {4}", File, Line, Column, Code, Message);
}

/// <summary>The LLME1xx codes of config and dataset files (docs/eval-config.md lists them with their fixes).</summary>
public static class EvalDiagnosticCodes
{
    /// <summary>Not valid YAML (including a tab used for indentation, a second document, too deep nesting).</summary>
    public const string InvalidYaml = "LLME101";

    /// <summary>A required key or value is missing or empty.</summary>
    public const string MissingKey = "LLME102";

    /// <summary>A value of the wrong type or out of range, or a key written twice.</summary>
    public const string InvalidValue = "LLME103";

    /// <summary>A key the format does not define.</summary>
    public const string UnknownKey = "LLME104";

    /// <summary>An assertion (scorer) type that does not exist.</summary>
    public const string UnknownScorer = "LLME105";

    /// <summary>An unknown provider type, or a reference to a provider name the config does not define.</summary>
    public const string UnknownProvider = "LLME106";

    /// <summary>A secret (API key, token, password) written in the file instead of named by an environment variable.</summary>
    public const string InlineSecret = "LLME107";

    /// <summary>A dataset file named by the config does not exist.</summary>
    public const string DatasetNotFound = "LLME108";

    /// <summary>The file cannot be read: missing, too large, binary, not UTF-8, or aliases expanding too far.</summary>
    public const string UnreadableFile = "LLME109";

    /// <summary>A JSONL line that is not one valid JSON object.</summary>
    public const string InvalidJson = "LLME110";

    /// <summary>A CSV file that breaks RFC 4180: an unterminated quote, a stray quote, a row with too many cells, a bad header.</summary>
    public const string InvalidCsv = "LLME111";

    /// <summary>Two cases with the same id (case-sensitive); reported at the second.</summary>
    public const string DuplicateCaseId = "LLME112";

    /// <summary>A case with no id, or an empty one.</summary>
    public const string MissingCaseId = "LLME113";

    /// <summary>A dataset with no cases at all.</summary>
    public const string EmptyDataset = "LLME114";

    /// <summary>A prompt's model is not in the model catalog, so its calls could be neither routed nor priced.</summary>
    public const string UnknownModel = "LLME116";

    /// <summary>A promptfoo config that cannot be imported: not a mapping, <c>tests</c> or <c>prompts</c> of the wrong shape, a missing <c>file://</c> target.</summary>
    public const string PromptfooConfig = "LLME124";

    /// <summary>A live provider's API key variable is not set while a call needs it (every call with --record; an unrecorded request without).</summary>
    public const string MissingApiKey = "LLME117";

    /// <summary>A json-schema assertion's schema that cannot be used: its file is missing or not JSON, its .NET type or
    /// assembly cannot be found, or the validator refuses it (a bad keyword value, a $ref to nowhere, an unknown $schema).</summary>
    public const string InvalidSchema = "LLME123";
}
