using LlmOps.Guardrails.Core.Catalog;

namespace LlmOps.Guardrails.Core.Tokenization;

/// <summary>
/// Supplies counters for models that bring their own tokenizer (<see cref="ModelInfo.TokenizerFile"/>). Core reads
/// no tokenizer files itself; <c>LlmOps.Guardrails.Tokenizers.ML</c> implements this with Microsoft.ML.Tokenizers.
/// Pass one to <see cref="TokenCounters.ForModel(ModelInfo, ITokenCounterSource?)"/> or to the prompt estimator.
/// </summary>
public interface ITokenCounterSource
{
    /// <summary>The counter for <paramref name="model"/>, or null to let Core count it by its tokenizer family.</summary>
    /// <exception cref="CatalogException">The model's tokenizer file cannot be loaded (placed at its <c>tokenizer_file</c> line).</exception>
    ITokenCounter? CounterFor(ModelInfo model);
}
