// A kernel that only generates embeddings: no chat findings.
// expect: none
using System;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace Corpus.KernelEmbeddingsOnly;

public static class VectorKernel
{
    public static async Task<ReadOnlyMemory<float>> EmbedAsync(string text)
    {
        Kernel kernel = Kernel.CreateBuilder()
            .AddOpenAIEmbeddingGenerator("text-embedding-3-small", Environment.GetEnvironmentVariable("OPENAI_API_KEY")!)
            .Build();
        var generator = kernel.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        return (await generator.GenerateAsync(text)).Vector;
    }
}
