using BenchmarkDotNet.Attributes;
using LlmOps.Guardrails.Core.Tokenization;
using LlmOps.Guardrails.Tokenizers.ML;
using Microsoft.ML.Tokenizers;

namespace LlmOps.Guardrails.Benchmarks;

/// <summary>
/// Counting the same text three ways: Core's <see cref="TiktokenEncoding.CountTokens(string)"/>, Core through the
/// Microsoft.ML.Tokenizers abstraction (<see cref="ExactTiktokenTokenizer"/>), and ML.Tokenizers' own
/// <see cref="TiktokenTokenizer"/>. Inputs are those of <see cref="TokenizerBenchmarks"/>. Both ML paths are called
/// as <see cref="Tokenizer"/>, the way code that depends on the abstraction calls them.
/// </summary>
[MemoryDiagnoser]
public class MlTokenizersBenchmarks
{
    private TiktokenEncoding _core = null!;
    private Tokenizer _adapter = null!;
    private Tokenizer _ml = null!;
    private string _text = null!;

    [Params("o200k_base", "cl100k_base")]
    public string Encoding { get; set; } = "o200k_base";

    [Params("prompt", "english", "code")]
    public string Input { get; set; } = "english";

    [GlobalSetup]
    public void Setup()
    {
        _core = TiktokenEncoding.Get(Encoding);
        _adapter = ExactTiktokenTokenizer.ForEncoding(Encoding);
        _ml = TiktokenTokenizer.CreateForEncoding(Encoding);
        _text = TokenizerInputs.Get(Input);

        // Tables load outside the measurement. The adapter must give Core's count; ML's own count is printed, since
        // it differs wherever the text holds special-token text such as <|endoftext|> (these inputs quote it).
        var (core, adapter, ml) = (_core.CountTokens(_text), _adapter.CountTokens(_text), _ml.CountTokens(_text));
        if (core != adapter)
        {
            throw new InvalidOperationException($"The adapter counts {adapter} tokens where Core counts {core} on {Input}.");
        }

        Console.WriteLine($"// counts {Encoding} {Input}: Core {core}, adapter {adapter}, ML.Tokenizers TiktokenTokenizer {ml}");
    }

    [Benchmark(Baseline = true)]
    public int CoreCountTokens() => _core.CountTokens(_text);

    [Benchmark]
    public int AdapterCountTokens() => _adapter.CountTokens(_text);

    [Benchmark]
    public int MlTiktokenCountTokens() => _ml.CountTokens(_text);
}
