// Options handed in by the caller: they may carry the cap and the tags, so the call is not judged.
// expect: none
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Corpus.MeaiOptionsFromParameter;

public sealed class Relay(IChatClient chat)
{
    public async Task<string> ForwardAsync(string prompt, ChatOptions options)
    {
        ChatResponse response = await chat.GetResponseAsync(prompt, options);
        return response.Text;
    }
}
