using System.Collections.Generic;

namespace ScriptedProvider;

/// <summary>Which of the sample's three prompts a request belongs to.</summary>
internal enum PromptKind
{
    Classify,
    Summarise,
    DraftReply,
}

/// <summary>One golden case, as read from a dataset: its id, variables and expected output.</summary>
internal sealed record GoldenCase(PromptKind Kind, string Id, IReadOnlyDictionary<string, string> Vars, string Expected);
