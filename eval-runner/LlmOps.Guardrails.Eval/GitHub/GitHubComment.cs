namespace LlmOps.Guardrails.Eval.GitHub;

/// <summary>An issue / pull-request comment as the REST API lists it, with its author (<c>user.login</c>, <c>user.type</c>).</summary>
public sealed record GitHubComment(long Id, string NodeId, string Body, string AuthorLogin, string AuthorType);
