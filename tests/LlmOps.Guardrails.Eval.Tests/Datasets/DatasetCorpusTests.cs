using LlmOps.Guardrails.Eval.Datasets;
using LlmOps.Guardrails.Eval.Tests.Config;

namespace LlmOps.Guardrails.Eval.Tests.Datasets;

public class DatasetCorpusTests
{
    public static IEnumerable<object[]> DatasetFiles() => CorpusAssert.Files("Datasets", _ => true);

    [Fact]
    public void Corpus_has_enough_files()
    {
        Assert.True(DatasetFiles().Count() >= 20);
    }

    [Theory]
    [MemberData(nameof(DatasetFiles))]
    public void Each_corpus_file_gives_its_expected_first_code(string fileName)
    {
        var result = DatasetReader.ReadFile(CorpusAssert.Path("Datasets", fileName));
        CorpusAssert.Check(fileName, result.Diagnostics);
        Assert.Equal(result.Diagnostics.Count == 0, result.Dataset is not null);
    }
}
