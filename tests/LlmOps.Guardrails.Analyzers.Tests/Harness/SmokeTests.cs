using LlmOps.Guardrails.Analyzers.Rules;
using Xunit;

namespace LlmOps.Guardrails.Analyzers.Tests.Harness;

public class SmokeTests
{
    [Fact]
    public Task Alias_in_ChatClient_constructor() =>
        new Verifier<ModelAliasAnalyzer>().VerifyAsync(Code.OpenAI("""        var chat = new ChatClient([|"gpt-4o"|], "key");"""));
}
