// The Responses client adapted to IChatClient with a default model id.
using System;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Corpus.MeaiResponsesAdapter;

public static class ResponsesChat
{
    public static IChatClient Create() =>
        new OpenAIClient(Environment.GetEnvironmentVariable("OPENAI_API_KEY")!).GetResponsesClient().AsIChatClient("gpt-5.4-mini"); // expect: LLM001
}
