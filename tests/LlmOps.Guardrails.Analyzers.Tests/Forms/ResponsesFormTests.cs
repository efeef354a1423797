using LlmOps.Guardrails.Analyzers.CodeFixes;
using LlmOps.Guardrails.Analyzers.Rules;
using LlmOps.Guardrails.Analyzers.Tests.Harness;
using Xunit;

namespace LlmOps.Guardrails.Analyzers.Tests.Forms;

/// <summary>The OpenAI Responses API in its usual 2.15 form, options built with the model and input items: LLM002 and LLM003.</summary>
public class ResponsesFormTests
{
    private const string Setup = """
                var responses = new ResponsesClient(Environment.GetEnvironmentVariable("OPENAI_API_KEY")!);
                var items = new List<ResponseItem> { ResponseItem.CreateUserMessageItem("hi") };

        """;

    [Theory]
    [InlineData("""[|responses.CreateResponse(new CreateResponseOptions("gpt-5-mini-2025-08-07", items))|];""")]
    [InlineData("""var o = new CreateResponseOptions("gpt-5-mini-2025-08-07", items) { Instructions = "Be brief." }; [|responses.CreateResponseAsync(o)|];""")]
    [InlineData("""[|responses.CreateResponseStreamingAsync(new CreateResponseOptions("gpt-5-mini-2025-08-07", items))|];""")]
    public Task Uncapped_options_are_LLM002(string body) =>
        new Verifier<MissingOutputCapAnalyzer>().VerifyAsync(Code.OpenAI(Setup + body));

    [Theory]
    [InlineData("""responses.CreateResponse(new CreateResponseOptions("gpt-5-mini-2025-08-07", items) { MaxOutputTokenCount = 500 });""")]
    [InlineData("""var o = new CreateResponseOptions("gpt-5-mini-2025-08-07", items); o.MaxOutputTokenCount = 500; responses.CreateResponseAsync(o);""")]
    public Task Capped_options_are_not_LLM002(string body) =>
        new Verifier<MissingOutputCapAnalyzer>().VerifyAsync(Code.OpenAI(Setup + body));

    [Fact]
    public Task Cap_fix_grows_the_constructor_form() =>
        new Verifier<MissingOutputCapAnalyzer>().VerifyFixAsync<AddOutputCapCodeFixProvider>(
            Code.OpenAI(Setup + """[|responses.CreateResponse(new CreateResponseOptions("gpt-5-mini-2025-08-07", items))|];"""),
            Code.OpenAI(Setup + """responses.CreateResponse(new CreateResponseOptions("gpt-5-mini-2025-08-07", items) { MaxOutputTokenCount = 1024 });"""));

    [Fact]
    public Task Unattributed_call_is_LLM003() =>
        new Verifier<MissingAttributionAnalyzer>().VerifyAsync(Code.OpenAI(Setup + """[|responses.CreateResponse(new CreateResponseOptions("gpt-5-mini-2025-08-07", items) { MaxOutputTokenCount = 500 })|];"""));

    [Fact]
    public Task Attributed_call_is_not_LLM003() =>
        new Verifier<MissingAttributionAnalyzer>().VerifyAsync(Code.OpenAI(Setup + """using (LlmOps.Guardrails.Runtime.LlmAttribution.Begin("triage")) { responses.CreateResponse(new CreateResponseOptions("gpt-5-mini-2025-08-07", items) { MaxOutputTokenCount = 500 }); }"""));

    [Fact]
    public Task Attribution_fix_opens_a_scope() =>
        new Verifier<MissingAttributionAnalyzer>().VerifyFixAsync<AddAttributionCodeFixProvider>(
            Code.OpenAI(Setup + """[|responses.CreateResponse(new CreateResponseOptions("gpt-5-mini-2025-08-07", items) { MaxOutputTokenCount = 500 })|];"""),
            Code.OpenAI("""
                        using var attribution = LlmOps.Guardrails.Runtime.LlmAttribution.Begin(feature: "TODO-feature");

                """ + Setup + """responses.CreateResponse(new CreateResponseOptions("gpt-5-mini-2025-08-07", items) { MaxOutputTokenCount = 500 });"""));
}
