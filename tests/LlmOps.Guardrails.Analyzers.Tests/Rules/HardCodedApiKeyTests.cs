using LlmOps.Guardrails.Analyzers.Rules;
using LlmOps.Guardrails.Analyzers.Tests.Harness;
using Xunit;

namespace LlmOps.Guardrails.Analyzers.Tests.Rules;

public class HardCodedApiKeyTests
{
    [Theory]
    [InlineData("""var chat = new ChatClient("gpt-4o-2024-08-06", [|"sk-proj-abc123DEF456ghi789JKL012mno345"|]);""")]
    [InlineData("""const string Key = [|"sk-ant-api03-abcdefghij1234567890KLMNOP"|];""")]
    [InlineData("""var key = [|"AIzaSyA1234567890abcdefghijklmnopqrstuv"|];""")]
    [InlineData("""var key = [|"xai-1234567890abcdefghijABCDEFGHIJ"|];""")]
    [InlineData("""var key = [|@"sk-1234567890abcdefghijklmnop"|];""")]
    [InlineData(""""var key = [|"""sk-1234567890abcdefghijklmnop"""|];"""")]
    [InlineData("""var credential = new System.ClientModel.ApiKeyCredential([|"sk-1234567890abcdefghijklmnop"|]);""")]
    [InlineData("""Environment.SetEnvironmentVariable("OPENAI_API_KEY", [|"sk-1234567890abcdefghijklmnop"|]);""")]
    [InlineData("""var key = [|"gsk_abcdefghij1234567890klmnop"|];""")]
    [InlineData("""var client = new OpenAIClient([|"sk-svcacct-0123456789abcdefABCDEF"|]);""")]
    public Task Keys_are_flagged(string body) => new Verifier<HardCodedApiKeyAnalyzer>().VerifyAsync(Code.OpenAI(body));

    [Fact]
    public Task Key_in_a_field_initializer() =>
        new Verifier<HardCodedApiKeyAnalyzer>().VerifyAsync(Code.OpenAI("", """private readonly string key = [|"sk-ant-api03-abcdefghij1234567890KLMNOP"|];"""));

    [Theory]
    [InlineData("""var key = Environment.GetEnvironmentVariable("OPENAI_API_KEY");""")]
    [InlineData("""var key = "sk-...";""")]
    [InlineData("""var key = "sk-your-openai-key-goes-here";""")]
    [InlineData("""var key = "sk-123";""")]
    [InlineData("""var text = "sk-learn is a library 1234567890abcdef";""")]
    [InlineData("""var key = config["OpenAI:ApiKey"];""")]
    [InlineData("""var secret = Console.ReadLine(); var key = $"sk-{secret}";""")]
    [InlineData("""var id = "model-sk-1234567890abcdefghijklmn";""")]
    [InlineData("""var chat = new ChatClient("gpt-4o-2024-08-06", nameof(config));""")]
    public Task Not_flagged(string body) => new Verifier<HardCodedApiKeyAnalyzer>().VerifyAsync(Code.OpenAI(body));

    [Fact]
    public Task Generated_code_is_not_analysed() =>
        new Verifier<HardCodedApiKeyAnalyzer> { FileName = "Secrets.g.cs" }.VerifyAsync(Code.OpenAI("""var key = "sk-1234567890abcdefghijklmnop";"""));
}
