// An Anthropic client behind a company proxy: base address and key from configuration.
using System.Threading.Tasks;
using Anthropic;
using Anthropic.Core;
using Anthropic.Models.Messages;
using Microsoft.Extensions.Configuration;

namespace Corpus.AnthropicCustomBaseUrl;

public sealed class ProxiedClaude(IConfiguration configuration)
{
    private readonly AnthropicClient client = new(new ClientOptions { BaseUrl = configuration["Claude:BaseUrl"]!, ApiKey = configuration["Claude:Key"] });

    public Task<Message> AskAsync(string question) =>
        client.Messages.Create(new MessageCreateParams { Model = "claude-opus-4-8", MaxTokens = 1_000, Messages = [new UserMessageParam { Content = question }] }); // expect: LLM003
}
