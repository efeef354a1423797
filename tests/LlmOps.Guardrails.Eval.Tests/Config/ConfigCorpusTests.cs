using LlmOps.Guardrails.Eval.Config;

namespace LlmOps.Guardrails.Eval.Tests.Config;

public class ConfigCorpusTests
{
    public static IEnumerable<object[]> ConfigFiles() => CorpusAssert.Files("Config", name => name.EndsWith(".llmops.eval.yaml", StringComparison.Ordinal));

    [Fact]
    public void Corpus_has_enough_files()
    {
        Assert.True(ConfigFiles().Count() >= 30);
    }

    [Theory]
    [MemberData(nameof(ConfigFiles))]
    public void Each_corpus_file_gives_its_expected_first_code(string fileName)
    {
        var result = EvalConfigReader.ReadFile(CorpusAssert.Path("Config", fileName));
        CorpusAssert.Check(fileName, result.Diagnostics);
        Assert.Equal(result.Diagnostics.Count == 0, result.Config is not null);
    }
}
