using System;

namespace LlmOps.Guardrails.Eval.Cassettes;

/// <summary>No recorded response for a request in replay/offline mode.</summary>
public sealed class CassetteMissException : InvalidOperationException
{
    public CassetteMissException(string promptId, string? caseId, string key, string cassettePath, bool nothingRecorded = false)
        : base(nothingRecorded
            ? $"Nothing has been recorded yet for prompt '{promptId}' (case '{caseId ?? "(unknown)"}', key {key}; {cassettePath} holds no recording): "
                + "run `dotnet eval compare --baseline <ref> --record` with the provider's API key set to record it."
            : $"No recorded response for prompt '{promptId}' case '{caseId ?? "(unknown)"}' (key {key}) in {cassettePath}. "
                + "The request differs from every recorded one (prompt text, model or options changed?): run `dotnet eval compare --baseline <ref> --record` with provider keys to record it.")
    {
        PromptId = promptId;
        CaseId = caseId;
        Key = key;
        CassettePath = cassettePath;
        NothingRecorded = nothingRecorded;
    }

    /// <summary>The prompt has no recording at all (a new prompt, or cassettes never recorded), rather than one that differs.</summary>
    public bool NothingRecorded { get; }

    public string PromptId { get; }

    public string? CaseId { get; }

    public string Key { get; }

    public string CassettePath { get; }
}

/// <summary>A cassette file that cannot be read: names the file and the 1-based line.</summary>
public sealed class CassetteFormatException : FormatException
{
    public CassetteFormatException(string path, int line, string reason, Exception? inner = null)
        : base($"{path}:{line}: invalid cassette line: {reason}", inner)
    {
        FilePath = path;
        LineNumber = line;
    }

    public string FilePath { get; }

    public int LineNumber { get; }
}
