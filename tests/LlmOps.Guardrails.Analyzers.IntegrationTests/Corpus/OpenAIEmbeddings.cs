// Embeddings through the OpenAI client: not a chat call, so no chat findings.
// expect: none
using System;
using System.Threading.Tasks;
using OpenAI;
using OpenAI.Embeddings;

namespace Corpus.OpenAIEmbeddings;

public static class Indexer
{
    public static async Task<ReadOnlyMemory<float>> EmbedAsync(string passage)
    {
        var client = new OpenAIClient(Environment.GetEnvironmentVariable("OPENAI_API_KEY")!);
        EmbeddingClient embeddings = client.GetEmbeddingClient("text-embedding-3-small");
        OpenAIEmbedding embedding = await embeddings.GenerateEmbeddingAsync(passage);
        return embedding.ToFloats();
    }

    public static async Task<int> EmbedManyAsync(string[] passages)
    {
        var embeddings = new EmbeddingClient("text-embedding-3-large", Environment.GetEnvironmentVariable("OPENAI_API_KEY"));
        OpenAIEmbeddingCollection result = await embeddings.GenerateEmbeddingsAsync(passages);
        return result.Count;
    }
}
