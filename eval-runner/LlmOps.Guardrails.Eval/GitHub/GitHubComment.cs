namespace LlmOps.Guardrails.Eval.GitHub;

/// <summary>An issue / pull-request comment as the REST API lists it.</summary>
public sealed record GitHubComment(long Id, string NodeId, string Body);
