using LlmOps.Guardrails.Analyzers.Rules;
using LlmOps.Guardrails.Analyzers.Tests.Harness;
using Xunit;

namespace LlmOps.Guardrails.Analyzers.Tests.Rules;

/// <summary>
/// The rules skip generated code themselves (the compiler is told to run them everywhere, for speed):
/// generated files, [GeneratedCode] on the type or the method, and the generated_code option.
/// </summary>
public class GeneratedCodeTests
{
    private const string GeneratedAttribute = """[System.CodeDom.Compiler.GeneratedCode("tool", "1.0")]""";

    [Fact]
    public Task GeneratedCode_attribute_on_the_type_hides_missing_cap() =>
        new Verifier<MissingOutputCapAnalyzer>().VerifyAsync(Code.ExtensionsAI("""await client.GetResponseAsync(messages);""", attributes: GeneratedAttribute));

    [Fact]
    public Task GeneratedCode_attribute_on_the_type_hides_missing_attribution() =>
        new Verifier<MissingAttributionAnalyzer>().VerifyAsync(Code.ExtensionsAI("""await client.GetResponseAsync(messages, new ChatOptions { MaxOutputTokens = 10 });""", attributes: GeneratedAttribute));

    [Fact]
    public Task GeneratedCode_attribute_on_another_type_does_not_hide() =>
        new Verifier<MissingOutputCapAnalyzer>().VerifyAsync(Code.ExtensionsAI("""await [|client.GetResponseAsync(messages)|];""", members: GeneratedAttribute + " private sealed class Nested { }"));

    [Fact]
    public Task GeneratedCode_attribute_on_a_method_hides_alias() =>
        new Verifier<ModelAliasAnalyzer>().VerifyAsync(Code.OpenAI("", GeneratedAttribute + """ public ChatClient Make() => new ChatClient("gpt-4o", "key");"""));

    [Fact]
    public Task Sibling_method_without_the_attribute_is_flagged() =>
        new Verifier<ModelAliasAnalyzer>().VerifyAsync(Code.OpenAI("""var chat = new ChatClient([|"gpt-4o"|], "key");""", GeneratedAttribute + """ public ChatClient Make() => new ChatClient("gpt-4o", "key");"""));

    [Fact]
    public Task GeneratedCode_attribute_on_a_method_hides_a_key() =>
        new Verifier<HardCodedApiKeyAnalyzer>().VerifyAsync(Code.OpenAI("", GeneratedAttribute + """ public string Key() => "sk-1234567890abcdefghijklmnop";"""));

    [Fact]
    public Task Generated_code_option_hides_findings()
    {
        var verifier = new Verifier<ModelAliasAnalyzer>();
        verifier.EditorConfig["generated_code"] = "true";
        return verifier.VerifyAsync(Code.OpenAI("""var chat = new ChatClient("gpt-4o", "key");"""));
    }
}
