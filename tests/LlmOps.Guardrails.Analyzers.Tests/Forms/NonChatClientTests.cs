using LlmOps.Guardrails.Analyzers.Rules;
using LlmOps.Guardrails.Analyzers.Tests.Harness;
using Xunit;

namespace LlmOps.Guardrails.Analyzers.Tests.Forms;

/// <summary>Moderation, embedding, image and audio clients: the key rule applies to them, the chat-model and call rules do not.</summary>
public class NonChatClientTests
{
    [Theory]
    [InlineData("""var moderation = new OpenAIClient("key").GetModerationClient("omni-moderation-latest");""")]
    [InlineData("""var embeddings = new OpenAIClient("key").GetEmbeddingClient("text-embedding-3-small");""")]
    [InlineData("""var images = new OpenAIClient("key").GetImageClient("dall-e-3");""")]
    [InlineData("""var audio = new OpenAIClient("key").GetAudioClient("whisper-1");""")]
    [InlineData("""var embeddings = new OpenAI.Embeddings.EmbeddingClient("text-embedding-3-small", "key"); embeddings.GenerateEmbedding("hello");""")]
    [InlineData("""var moderation = new OpenAI.Moderations.ModerationClient("omni-moderation-latest", "key"); moderation.ClassifyText("hello");""")]
    public Task OpenAI_non_chat_clients_get_no_model_or_call_findings(string body) =>
        Task.WhenAll(
            ModelFormTests.NoModelFindingsAsync(Code.OpenAI(body)),
            new Verifier<MissingOutputCapAnalyzer>().VerifyAsync(Code.OpenAI(body)),
            new Verifier<MissingAttributionAnalyzer>().VerifyAsync(Code.OpenAI(body)));

    [Fact]
    public Task Extensions_AI_embedding_options_get_no_model_findings() =>
        ModelFormTests.NoModelFindingsAsync(Code.ExtensionsAI("""var o = new EmbeddingGenerationOptions { ModelId = "text-embedding-3-small", Dimensions = 256 };"""));

    [Fact]
    public Task Keys_given_to_non_chat_clients_are_LLM006() =>
        new Verifier<HardCodedApiKeyAnalyzer>().VerifyAsync(Code.OpenAI("""var embeddings = new OpenAI.Embeddings.EmbeddingClient("text-embedding-3-small", [|"sk-proj-abc123DEF456ghi789JKL012mno345"|]);"""));

    [Fact]
    public Task Chat_clients_beside_them_are_still_judged() =>
        new Verifier<UnknownModelAnalyzer>().VerifyAsync(Code.OpenAI("""var openAI = new OpenAIClient("key"); var moderation = openAI.GetModerationClient("omni-moderation-latest"); var chat = openAI.GetChatClient([|"gtp-4o"|]);"""));
}
