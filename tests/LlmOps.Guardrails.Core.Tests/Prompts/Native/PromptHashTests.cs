using LlmOps.Guardrails.Core.Prompts;

namespace LlmOps.Guardrails.Core.Tests.Prompts.Native;

public class PromptHashTests
{
    private static readonly string Original = PromptYamlReaderTests.FullExample;

    // The same prompt: other key order, block instead of flow style, other quoting, comments, no descriptions/owner/traffic/dataset changes.
    private const string Reformatted =
        "# Same prompt, written differently.\n" +
        "messages:\n" +
        "  - content: 'You are a support triage assistant. The customer is {{ customer_tier }}.'\n" +
        "    role: \"system\"\n" +
        "  - {role: user, content: 'Ticket: {{ticket}}'}   # flow style\n" +
        "variables:\n" +
        "  customer_tier: { sample: \"gold\" }\n" +
        "  ticket:\n" +
        "    sample: My invoice is wrong...\n" +
        "    description: Not part of the hash\n" +
        "parameters:\n" +
        "  response_format: \"json\"\n" +
        "  presence_penalty: 0.0\n" +
        "  frequency_penalty: -0\n" +
        "  seed: 7\n" +
        "  stop:\n" +
        "    - \"\\n\\n\"\n" +
        "  max_output_tokens: 300\n" +
        "  top_p: 1.0\n" +
        "  temperature: 2e-1\n" +
        "fallbacks:\n" +
        "  - claude-sonnet-4-5-20250929\n" +
        "model: 'gpt-4o-2024-08-06'\n" +
        "id: \"support.classify\"\n" +
        "expected_output_tokens: 120\n" +
        "owner: { feature: another-feature }\n" +
        "traffic: { calls_per_day: 1 }\n" +
        "dataset: elsewhere.jsonl\n" +
        "description: A different description\n";

    private static string Hash(string text)
    {
        var result = PromptFileReader.Read("h.prompt.yaml", text);
        Assert.True(result.Prompt is not null, string.Join("\n", result.Diagnostics));
        Assert.Empty(result.Diagnostics);
        return PromptHash.Compute(result.Prompt!);
    }

    [Fact]
    public void Hash_has_the_documented_shape()
    {
        Assert.Matches("^sha256:[0-9a-f]{64}$", Hash(Original));
    }

    [Fact]
    public void Hash_ignores_formatting()
    {
        var expected = Hash(Original);

        Assert.Equal(expected, Hash(Reformatted));
        Assert.Equal(expected, Hash(Original.Replace("\n", "\r\n")));
        Assert.Equal(expected, Hash("\uFEFF" + Reformatted.Replace("\n", "\r\n")));
        Assert.Equal(expected, Hash("# leading comment\n\n" + Original.Replace("# required", "# other comment")));
    }

    [Fact]
    public void Hash_of_a_literal_block_does_not_depend_on_crlf()
    {
        const string lf = "id: a\nmodel: m\nmessages:\n  - role: user\n    content: |\n      one\n      two\n";
        Assert.Equal(Hash(lf), Hash(lf.Replace("\n", "\r\n")));
        Assert.Equal(Hash(lf), Hash("id: a\nmodel: m\nmessages: [{role: user, content: \"one\\ntwo\\n\"}]\n"));
    }

    [Theory]
    [InlineData("id: support.classify ", "id: support.classify2 ")]
    [InlineData("model: gpt-4o-2024-08-06", "model: gpt-4o-2024-11-20")]
    [InlineData("fallbacks: [claude-sonnet-4-5-20250929]", "fallbacks: [claude-sonnet-4-5-20250929, gpt-4o-mini-2024-07-18]")]
    [InlineData("temperature: 0.2", "temperature: 0.3")]
    [InlineData("top_p: 1,", "top_p: 0.9,")]
    [InlineData("max_output_tokens: 300", "max_output_tokens: 301")]
    [InlineData("stop: [\"\\n\\n\"]", "stop: [\"\\n\"]")]
    [InlineData("seed: 7", "seed: 8")]
    [InlineData("frequency_penalty: 0,", "frequency_penalty: 0.1,")]
    [InlineData("presence_penalty: 0,", "presence_penalty: 0.1,")]
    [InlineData("response_format: json", "response_format: text")]
    [InlineData("sample: \"My invoice is wrong...\"", "sample: \"My invoice is wrong!\"")]
    [InlineData("customer_tier: gold", "customer_tier: silver")]
    [InlineData("role: system", "role: assistant")]
    [InlineData("content: \"Ticket: {{ticket}}\"", "content: \"Ticket:  {{ticket}}\"")]
    [InlineData("content: \"Ticket: {{ticket}}\"", "content: \"Ticket: {{ticket}} \"")]
    [InlineData("expected_output_tokens: 120", "expected_output_tokens: 121")]
    public void Hash_changes_with_every_meaningful_change(string from, string to)
    {
        Assert.Contains(from, Original, StringComparison.Ordinal);

        Assert.NotEqual(Hash(Original), Hash(Original.Replace(from, to)));
    }

    [Fact]
    public void Hash_changes_when_an_optional_parameter_is_set_or_a_variable_renamed()
    {
        const string baseText = "id: a\nmodel: m\nvariables: {x: s}\nmessages: [{role: user, content: '{{x}}'}]\n";
        var hash = Hash(baseText);

        Assert.NotEqual(hash, Hash(baseText + "parameters: {seed: 0}\n"));
        Assert.NotEqual(hash, Hash(baseText.Replace("{x: s}", "{y: s}").Replace("{{x}}", "{{y}}")));
        Assert.NotEqual(hash, Hash(baseText.Replace("content: '{{x}}'}]", "content: '{{x}}'}, {role: user, content: '{{x}}'}]")));
    }

    [Fact]
    public void Canonical_form_is_stable_json()
    {
        var prompt = PromptFileReader.Read("a.prompt.yaml", "id: a\nmodel: m\nparameters: {temperature: 0.1, stop: \"\\u0001\\\"\"}\nvariables: {b: '2', a: '1'}\nmessages: [{role: user, content: \"{{a}}{{b}}\\r\\n\"}]\n").Prompt!;

        Assert.Equal(
            "{\"canonical\":1,\"id\":\"a\",\"model\":\"m\",\"fallbacks\":[],\"parameters\":{\"temperature\":0.1,\"top_p\":null,\"max_output_tokens\":null," +
            "\"stop\":[\"\\u0001\\\"\"],\"seed\":null,\"frequency_penalty\":null,\"presence_penalty\":null,\"response_format\":null}," +
            "\"variables\":[{\"name\":\"a\",\"sample\":\"1\"},{\"name\":\"b\",\"sample\":\"2\"}]," +
            "\"messages\":[{\"role\":\"user\",\"template\":\"{{a}}{{b}}\\n\"}],\"expected_output_tokens\":null}",
            PromptHash.CanonicalForm(prompt));
    }
    [Fact]
    public void Hash_is_sha256_of_the_utf8_canonical_form_and_pinned()
    {
        // Pinned: a change here changes every prompt's version in every lock file. Checked with `sha256sum`.
        var prompt = PromptFileReader.Read("a.prompt.yaml", "id: a\nmodel: m\nmessages: [{role: user, content: \"Grüße 👋 {{x}}\"}]\nvariables: {x: \"é\"}\n").Prompt!;

        Assert.Equal(
            "{\"canonical\":1,\"id\":\"a\",\"model\":\"m\",\"fallbacks\":[],\"parameters\":{\"temperature\":null,\"top_p\":null,\"max_output_tokens\":null,\"stop\":[],\"seed\":null," +
            "\"frequency_penalty\":null,\"presence_penalty\":null,\"response_format\":null},\"variables\":[{\"name\":\"x\",\"sample\":\"é\"}]," +
            "\"messages\":[{\"role\":\"user\",\"template\":\"Grüße 👋 {{x}}\"}],\"expected_output_tokens\":null}",
            PromptHash.CanonicalForm(prompt));
        Assert.Equal("sha256:34c3599de11a8171635393a4bc662bfd67bba34b85719feef5d2a5e00a726aa0", PromptHash.Compute(prompt));
    }

    [Fact]
    public void Numbers_have_one_canonical_spelling()
    {
        string Form(string temperature) => PromptHash.CanonicalForm(
            PromptFileReader.Read("a.prompt.yaml", $"id: a\nmodel: m\nparameters: {{temperature: {temperature}}}\nmessages: [{{role: user, content: x}}]\n").Prompt!);

        Assert.Contains("\"temperature\":1,", Form("1"), StringComparison.Ordinal);
        Assert.Equal(Form("1"), Form("1.0"));
        Assert.Equal(Form("1"), Form("+1e0"));
        Assert.Equal(Form("0"), Form("-0.0"));
        Assert.Contains("\"temperature\":0.1,", Form("0.1"), StringComparison.Ordinal);
        Assert.Contains("\"temperature\":0.30000000000000004,", Form("0.30000000000000004"), StringComparison.Ordinal);
    }
}
