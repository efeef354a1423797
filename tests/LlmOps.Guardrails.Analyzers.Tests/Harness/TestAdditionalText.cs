namespace LlmOps.Guardrails.Analyzers.Tests.Harness;

/// <summary>An AdditionalFiles item for a test (llmops.models.yaml).</summary>
public sealed record TestAdditionalText(string Path, string Text);
