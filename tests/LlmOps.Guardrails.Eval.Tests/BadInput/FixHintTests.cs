using LlmOps.Guardrails.Eval.Tests.Config;

namespace LlmOps.Guardrails.Eval.Tests.BadInput;

/// <summary>What counts as a fix hint in a diagnostic: an imperative fix verb as a whole word, or "did you mean".</summary>
public sealed class FixHintTests
{
    [Theory]
    [InlineData("A 'openai-compatible' provider needs 'base_url'. Add it to 'providers.default'.")]
    [InlineData("Unknown key 'promts'. Did you mean 'prompts'?")]
    [InlineData("missing variable {{ticket}}; add it to the case's `vars`.")]
    [InlineData("Rename, move or remove the key.")]
    [InlineData("Use a number between 0 and 1.")]
    public void An_instruction_is_a_fix_hint(string message) => Assert.True(CorpusAssert.HasFixHint(message), message);

    [Theory]
    [InlineData("The base_url has no host address.")]
    [InlineData("The provider name 'x' is unknown.")]
    [InlineData("The dataset is unusable because of its encoding.")]
    [InlineData("The value was passed twice.")]
    [InlineData("Duplicate case id 'a-1'.")]
    public void A_word_inside_another_or_a_mid_sentence_noun_is_not(string message) => Assert.False(CorpusAssert.HasFixHint(message), message);
}
