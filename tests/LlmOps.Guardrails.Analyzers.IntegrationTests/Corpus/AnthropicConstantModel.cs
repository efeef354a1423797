// An Anthropic model id kept in a constant and used in two requests.
using System.Threading.Tasks;
using Anthropic;
using Anthropic.Models.Messages;
using LlmOps.Guardrails.Runtime;

namespace Corpus.AnthropicConstantModel;

[LlmFeature("onboarding")]
public sealed class OnboardingGuide(AnthropicClient client)
{
    private const string ModelName = "claude-sonnet-4-5";

    public Task<Message> WelcomeAsync(string name) =>
        client.Messages.Create(new MessageCreateParams { Model = ModelName, MaxTokens = 400, Messages = [new UserMessageParam { Content = $"Welcome {name}." }] }); // expect: LLM001

    public Task<Message> ChecklistAsync(string role) =>
        client.Messages.Create(new MessageCreateParams { Model = ModelName, MaxTokens = 800, Messages = [new UserMessageParam { Content = $"Checklist for a new {role}." }] }); // expect: LLM001
}
