// Streaming through IChatClient, with the options built in steps.
using System.Text;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Corpus.MeaiStreaming;

public sealed class LiveCaptioner(IChatClient chat)
{
    public async Task<string> CaptionAsync(string transcript)
    {
        var options = new ChatOptions();
        options.ModelId = "claude-haiku-4-5"; // expect: LLM001
        options.Temperature = 0.3f;
        var text = new StringBuilder();
        await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync(transcript, options)) // expect: LLM002, LLM003
        {
            text.Append(update.Text);
        }

        return text.ToString();
    }
}
