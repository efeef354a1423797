// IEmbeddingGenerator from the OpenAI embedding client: no chat findings.
// expect: none
using System;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Corpus.MeaiEmbeddingGenerator;

public sealed class SemanticSearch
{
    private readonly IEmbeddingGenerator<string, Embedding<float>> generator =
        new OpenAIClient(Environment.GetEnvironmentVariable("OPENAI_API_KEY")!).GetEmbeddingClient("text-embedding-3-small").AsIEmbeddingGenerator();

    public async Task<ReadOnlyMemory<float>> VectorAsync(string query) => (await generator.GenerateAsync(query)).Vector;
}
