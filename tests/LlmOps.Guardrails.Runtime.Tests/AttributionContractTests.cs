using LlmOps.Guardrails.Runtime;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Tests;

/// <summary>The attribution surface the analyzers (docs/rules/LLM003.md) and the generated accessors rely on.</summary>
public class AttributionContractTests
{
    [Fact]
    public async Task Scopes_nest_flow_across_awaits_and_restore_on_dispose()
    {
        Assert.Null(LlmAttribution.Current);
        using (LlmAttribution.Begin("search", team: "discovery"))
        {
            await Task.Yield();
            using (LlmAttribution.Begin("search-rerank", tenant: "acme"))
            {
                var inner = LlmAttribution.Current!;
                Assert.Equal(("search-rerank", "discovery", "acme"), (inner.Feature, inner.Team, inner.Tenant));
            }

            Assert.Equal("search", LlmAttribution.Current!.Feature);
            Assert.Null(LlmAttribution.Current.Tenant);
        }

        Assert.Null(LlmAttribution.Current);
    }

    [Fact]
    public void WithAttribution_writes_the_documented_keys()
    {
        var options = new ChatOptions().WithAttribution("triage", team: "support", promptId: "classify", promptVersion: "3");
        Assert.Equal("triage", options.AdditionalProperties![AttributionKeys.Feature]);
        Assert.Equal("support", options.AdditionalProperties[AttributionKeys.Team]);
        Assert.Equal("classify", options.AdditionalProperties["llmops.prompt.id"]);
        Assert.Equal("3", options.AdditionalProperties["llmops.prompt.version"]);
        Assert.False(options.AdditionalProperties.ContainsKey(AttributionKeys.Tenant));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Empty_feature_is_refused(string feature)
    {
        Assert.Throws<ArgumentException>(() => LlmAttribution.Begin(feature));
        Assert.Throws<ArgumentException>(() => new ChatOptions().WithAttribution(feature));
    }

    [Fact]
    public void Types_have_the_names_the_analyzers_match()
    {
        Assert.Equal("LlmOps.Guardrails.Runtime.LlmAttribution", typeof(LlmAttribution).FullName);
        Assert.Equal("LlmOps.Guardrails.Runtime.LlmFeatureAttribute", typeof(LlmFeatureAttribute).FullName);
        Assert.Equal("LlmOps.Guardrails.Runtime.ChatOptionsAttributionExtensions", typeof(ChatOptionsAttributionExtensions).FullName);
    }
}
