using LlmOps.Guardrails.Analyzers.CodeFixes;
using LlmOps.Guardrails.Analyzers.Rules;
using LlmOps.Guardrails.Analyzers.Tests.Harness;
using Xunit;

namespace LlmOps.Guardrails.Analyzers.Tests.Fixes;

public class ReplaceValueFixTests
{
    [Fact]
    public Task LLM001_pins_the_snapshot() =>
        new Verifier<ModelAliasAnalyzer>().VerifyFixAsync<ReplaceValueCodeFixProvider>(
            Code.OpenAI("""var chat = new ChatClient([|"gpt-4o"|], "key");"""),
            Code.OpenAI("""var chat = new ChatClient("gpt-4o-2024-08-06", "key");"""));

    [Fact]
    public Task LLM001_replaces_the_Anthropic_enum_with_the_snapshot_id() =>
        new Verifier<ModelAliasAnalyzer>().VerifyFixAsync<ReplaceValueCodeFixProvider>(
            Code.Anthropic("""var p = new MessageCreateParams { Model = [|Model.ClaudeSonnet4_5|], MaxTokens = 100, Messages = [] };"""),
            Code.Anthropic("""var p = new MessageCreateParams { Model = "claude-sonnet-4-5-20250929", MaxTokens = 100, Messages = [] };"""));

    [Fact]
    public Task LLM001_fix_all() =>
        new Verifier<ModelAliasAnalyzer>().VerifyFixAllAsync<ReplaceValueCodeFixProvider>(
            Code.OpenAI("""var a = new ChatClient([|"gpt-4o"|], "key"); var b = new ChatClient([|"gpt-4.1"|], "key");"""),
            Code.OpenAI("""var a = new ChatClient("gpt-4o-2024-08-06", "key"); var b = new ChatClient("gpt-4.1-2025-04-14", "key");"""));

    [Fact]
    public Task LLM001_no_fix_through_a_const() =>
        new Verifier<ModelAliasAnalyzer>().VerifyNoFixAsync<ReplaceValueCodeFixProvider>(
            Code.OpenAI("""const string Model = "gpt-4o"; var chat = new ChatClient([|Model|], "key");"""));

    [Fact]
    public Task LLM004_did_you_mean() =>
        new Verifier<UnknownModelAnalyzer>().VerifyFixAsync<ReplaceValueCodeFixProvider>(
            Code.OpenAI("""var chat = new ChatClient([|"gpt-4o-2024-08-07"|], "key");"""),
            Code.OpenAI("""var chat = new ChatClient("gpt-4o-2024-08-06", "key");"""));

    [Fact]
    public Task LLM004_fix_all() =>
        new Verifier<UnknownModelAnalyzer>().VerifyFixAllAsync<ReplaceValueCodeFixProvider>(
            Code.OpenAI("""var a = new ChatClient([|"gtp-4o"|], "key"); var b = new ChatClient([|"gpt-4o-2024-08-07"|], "key");"""),
            Code.OpenAI("""var a = new ChatClient("gpt-4o", "key"); var b = new ChatClient("gpt-4o-2024-08-06", "key");"""));

    [Fact]
    public Task LLM004_no_fix_without_a_suggestion() =>
        new Verifier<UnknownModelAnalyzer>().VerifyNoFixAsync<ReplaceValueCodeFixProvider>(
            Code.OpenAI("""var chat = new ChatClient([|"something-else-entirely"|], "key");"""));

    [Fact]
    public Task LLM005_uses_the_replacement() =>
        new Verifier<DeprecatedModelAnalyzer>().VerifyFixAsync<ReplaceValueCodeFixProvider>(
            Code.OpenAI("""var chat = new ChatClient([|"gpt-3.5-turbo-0125"|], "key");"""),
            Code.OpenAI("""var chat = new ChatClient("gpt-5.4-mini", "key");"""));

    [Fact]
    public Task LLM005_fix_all() =>
        new Verifier<DeprecatedModelAnalyzer>().VerifyFixAllAsync<ReplaceValueCodeFixProvider>(
            Code.OpenAI("""var a = new ChatClient([|"gpt-4-turbo"|], "key"); var b = new ChatClient([|"gpt-5-mini"|], "key");"""),
            Code.OpenAI("""var a = new ChatClient("gpt-5.5", "key"); var b = new ChatClient("gpt-5.4-mini", "key");"""));
}
