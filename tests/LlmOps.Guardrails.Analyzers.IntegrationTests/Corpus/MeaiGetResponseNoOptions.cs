// An injected IChatClient called with no options: no cap, no attribution.
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Corpus.MeaiGetResponseNoOptions;

public sealed class TitleSuggester(IChatClient chat)
{
    public async Task<string> SuggestAsync(string article)
    {
        ChatResponse response = await chat.GetResponseAsync($"Suggest a title for: {article}"); // expect: LLM002, LLM003
        return response.Text;
    }
}
