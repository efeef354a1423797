using System.Text.Json.Serialization;
using LlmOps.Guardrails.Core.Catalog;
using Xunit.Abstractions;

namespace LlmOps.Guardrails.Core.Tests.Catalog;

/// <summary>
/// Every model id a provider SDK in the feed ships as a constant is known to the built-in catalog, so code written
/// with the SDK's own constants never hears "unknown model". Read by reflection from the packages themselves.
/// </summary>
/// <remarks>
/// OpenAI 2.15 keeps its model ids in internal types (InternalChatModelIds and the like): code cannot name them,
/// so they are not constants of the public API. Microsoft.Extensions.AI and Semantic Kernel ship no model constants.
/// </remarks>
public class SdkModelConstantTests
{
    /// <summary>
    /// Ids the Anthropic SDK lists that the built-in catalog cannot carry yet, because no confirmed price exists for
    /// them in the pinned genai-prices copy (see docs/catalog.md, "Prices"). Teams that call them add them in
    /// llmops.models.yaml. A new unknown constant is not on this list and fails the test.
    /// </summary>
    private static readonly string[] AwaitingPrice =
    {
        "claude-fable-5-1", "claude-fable-5-2",
        "claude-mythos-preview", "claude-mythos-5", "claude-mythos-5-1", "claude-mythos-5-2",
        "claude-opus-5-5", "claude-sonnet-5-5", "claude-haiku-5-5",
    };

    private readonly ITestOutputHelper _output;

    public SdkModelConstantTests(ITestOutputHelper output) => _output = output;

    private static IReadOnlyList<SdkModelConstant> AnthropicConstants() =>
        SdkModelConstants.ModelEnums(typeof(Anthropic.Models.Messages.Model).Assembly, id => id.StartsWith("claude-", StringComparison.Ordinal));

    [Fact]
    public void Reads_the_Anthropic_model_constants()
    {
        var constants = AnthropicConstants();

        Assert.Contains(constants, c => c.Declaration == "Anthropic.Models.Messages.Model.ClaudeHaiku4_5" && c.Id == "claude-haiku-4-5");
        Assert.Contains(constants, c => c.Declaration == "Anthropic.Models.Messages.Model.ClaudeSonnet4_5_20250929" && c.Id == "claude-sonnet-4-5-20250929");
        Assert.True(constants.Count >= 20, $"Only {constants.Count} Anthropic model constants found.");
    }

    [Fact]
    public void Every_Anthropic_model_constant_is_known_to_the_catalog()
    {
        var unknown = SdkModelConstants.UnknownTo(ModelCatalog.Default, AnthropicConstants());
        foreach (var constant in unknown)
        {
            _output.WriteLine($"unknown: {constant}");
        }

        var unexpected = unknown.Where(c => !AwaitingPrice.Contains(c.Id, StringComparer.Ordinal)).ToList();
        Assert.True(unexpected.Count == 0, "Model constants the catalog does not know:\n  " + string.Join("\n  ", unexpected));

        // An id on the waiting list that the catalog has learnt must leave the list.
        var learnt = AwaitingPrice.Where(id => ModelCatalog.Default.TryGet(id, out _)).ToList();
        Assert.True(learnt.Count == 0, "Now in the catalog, remove from AwaitingPrice: " + string.Join(", ", learnt));
    }

    [Fact]
    public void Reports_a_planted_unknown_constant()
    {
        var constants = SdkModelConstants.Of(typeof(PlantedModel));
        Assert.Equal(3, constants.Count);

        var unknown = SdkModelConstants.UnknownTo(ModelCatalog.Default, constants);

        var single = Assert.Single(unknown);
        Assert.Equal("claude-haiku-9-9", single.Id);
        Assert.Equal($"{typeof(PlantedModel).FullName}.ClaudeHaiku9_9 = \"claude-haiku-9-9\"", single.ToString());
    }

    [Fact]
    public void The_catalog_check_fails_on_a_planted_unknown_constant()
    {
        // The same gate as above, run over an assembly-like list with one id no provider ships.
        var planted = AnthropicConstants().Append(new SdkModelConstant("Planted.Model.ClaudeSonnet9", "claude-sonnet-9")).ToList();

        var unexpected = SdkModelConstants.UnknownTo(ModelCatalog.Default, planted)
            .Where(c => !AwaitingPrice.Contains(c.Id, StringComparer.Ordinal))
            .ToList();

        Assert.Equal("claude-sonnet-9", Assert.Single(unexpected).Id);
    }

    [JsonConverter(typeof(JsonStringEnumConverter<PlantedModel>))]
    public enum PlantedModel
    {
        [JsonStringEnumMemberName("claude-sonnet-4-5")]
        ClaudeSonnet4_5,

        [JsonStringEnumMemberName("claude-haiku-9-9")]
        ClaudeHaiku9_9,

        [JsonStringEnumMemberName("CLAUDE-OPUS-4-8")]
        ClaudeOpus4_8Upper,
    }
}
