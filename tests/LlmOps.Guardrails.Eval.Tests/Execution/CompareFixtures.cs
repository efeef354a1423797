using System.Linq;

namespace LlmOps.Guardrails.Eval.Tests.Execution;

/// <summary>The prompt and dataset files the compare end-to-end tests commit to their temp repositories.</summary>
internal static class CompareFixtures
{
    public const string Model = "gpt-4o-mini-2024-07-18";
    public const string ShortSystem = "Classify the support ticket into one word: billing, login or other.";

    public static string Prompt(string id, string system) => $$$"""
        id: {{{id}}}
        model: {{{Model}}}
        parameters:
          temperature: 0
          max_output_tokens: 50
        variables:
          ticket:
            sample: I was charged twice.
        messages:
          - role: system
            content: "{{{system}}}"
          - role: user
            content: "Ticket: {{ticket}}"
        """;

    public static string Dataset(params string[] ids) => string.Concat(ids.Select(id =>
        $$"""{"id":"{{id}}","vars":{"ticket":"Ticket {{id}}: I was charged twice."},"assert":[{"type":"icontains","value":"billing"}]}""" + "\n"));
}
