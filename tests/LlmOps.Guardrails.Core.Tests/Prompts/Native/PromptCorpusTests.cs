using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Prompts;

namespace LlmOps.Guardrails.Core.Tests.Prompts.Native;

/// <summary>
/// Malformed and hostile prompt files in Corpus/. Each file name starts with the code it must produce
/// (<c>LLMP003-temperature-string.prompt.yaml</c>), or <c>OK-</c> for files that must read without any diagnostic.
/// </summary>
public class PromptCorpusTests
{
    private static readonly string CorpusDirectory = Path.Combine(AppContext.BaseDirectory, "Prompts", "Native", "Corpus");

    // Codes that are warnings: a file expecting one must produce that code and nothing else.
    private static readonly HashSet<string> WarningOnly = new() { "LLMP004", "LLMP006", "LLMP007", "LLMP008", "LLMP010", "LLMP011" };

    public static TheoryData<string> CorpusFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(CorpusDirectory).Select(Path.GetFileName).OrderBy(f => f, StringComparer.Ordinal))
        {
            data.Add(file!);
        }

        return data;
    }

    private static List<PromptDiagnostic> ReadAndValidate(string path)
    {
        var result = PromptFileReader.ReadFile(path);
        var diagnostics = result.Diagnostics.ToList();
        if (result.Prompt is { } prompt)
        {
            diagnostics.AddRange(PromptValidator.Validate(prompt, ModelCatalog.Default, PromptValidatorTests.Today));
        }

        return diagnostics;
    }

    [Fact]
    public void Corpus_has_at_least_45_malformed_files()
    {
        Assert.True(Directory.GetFiles(CorpusDirectory, "LLMP*").Length >= 45);
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Each_corpus_file_gives_its_expected_code(string name)
    {
        var path = Path.Combine(CorpusDirectory, name);
        var diagnostics = ReadAndValidate(path);

        var all = string.Join("\n", diagnostics);
        Assert.All(diagnostics, d =>
        {
            Assert.True(d.Line >= 1 && d.Column >= 1, all);
            Assert.Equal(path, d.File);
            Assert.False(string.IsNullOrWhiteSpace(d.Message));
        });

        if (name.StartsWith("OK-", StringComparison.Ordinal))
        {
            Assert.True(diagnostics.Count == 0, all);
            return;
        }

        var expected = name.Substring(0, 7);
        Assert.True(diagnostics.Any(d => d.Code == expected), $"expected {expected}, got:\n{all}");
        if (WarningOnly.Contains(expected) || name == "LLMP009-deprecated-model.prompt.yaml")
        {
            Assert.True(diagnostics.All(d => d.Code == expected && d.Severity == PromptSeverity.Warning), all);
        }
        else
        {
            Assert.Contains(diagnostics, d => d.Code == expected && d.IsError);
        }
    }

    [Theory]
    [InlineData("LLMP001-undefined-alias.prompt.yaml", "LLMP001", 2, 8)]
    [InlineData("LLMP001-tab-indentation.prompt.yaml", "LLMP001", 4, 1)]
    [InlineData("LLMP001-unclosed-quote.prompt.yaml", "LLMP001", 5, 14)]
    [InlineData("LLMP002-missing-model.prompt.yaml", "LLMP002", 1, 1)]
    [InlineData("LLMP002-message-without-role.prompt.yaml", "LLMP002", 4, 5)]
    [InlineData("LLMP002-empty-model.prompt.yaml", "LLMP002", 2, 1)]
    [InlineData("LLMP003-temperature-string.prompt.yaml", "LLMP003", 5, 16)]
    [InlineData("LLMP003-duplicate-key.prompt.yaml", "LLMP003", 4, 1)]
    [InlineData("LLMP003-multiple-documents.prompt.yaml", "LLMP003", 8, 1)]
    [InlineData("LLMP003-role-robot.prompt.yaml", "LLMP003", 4, 11)]
    [InlineData("LLMP003-root-is-list.prompt.yaml", "LLMP003", 1, 1)]
    [InlineData("LLMP004-max-tokens-synonym.prompt.yaml", "LLMP004", 5, 3)]
    [InlineData("LLMP005-undeclared-placeholder.prompt.yaml", "LLMP005", 7, 14)]
    [InlineData("LLMP006-unused-variable.prompt.yaml", "LLMP006", 6, 3)]
    [InlineData("LLMP007-alias-model.prompt.yaml", "LLMP007", 2, 8)]
    [InlineData("LLMP009-retired-fallback.prompt.yaml", "LLMP009", 5, 13)]
    [InlineData("LLMP011-cap-above-model-maximum.prompt.yaml", "LLMP011", 3, 34)]
    [InlineData("LLMP013-nul-byte.prompt.yaml", "LLMP013", 2, 8)]
    [InlineData("LLMP013-invalid-utf8.prompt.yaml", "LLMP013", 7, 15)]
    [InlineData("LLMP013-utf16.prompt.yaml", "LLMP013", 1, 1)]
    public void Corpus_positions_are_exact(string name, string code, int line, int column)
    {
        var diagnostics = ReadAndValidate(Path.Combine(CorpusDirectory, name));

        var first = diagnostics.First();
        Assert.True(first.Code == code && first.Line == line && first.Column == column, $"expected {code} at ({line},{column}), got:\n{string.Join("\n", diagnostics)}");
    }

    [Fact]
    public void Hostile_files_give_exactly_one_diagnostic_and_no_prompt()
    {
        foreach (var name in new[] { "LLMP013-alias-bomb", "LLMP013-deep-nesting-block", "LLMP013-deep-nesting-flow", "LLMP013-binary", "LLMP013-nul-byte", "LLMP013-invalid-utf8", "LLMP002-empty-file", "LLMP002-only-comments" })
        {
            var result = PromptFileReader.ReadFile(Path.Combine(CorpusDirectory, name + ".prompt.yaml"));
            Assert.Null(result.Prompt);
            Assert.True(result.Diagnostics.Count == 1, name + ": " + string.Join("\n", result.Diagnostics));
        }
    }

    [Fact]
    public void Ten_megabyte_file_is_refused_without_parsing()
    {
        var path = Path.Combine(Path.GetTempPath(), $"llmops-big-{Guid.NewGuid():N}.prompt.yaml");
        try
        {
            using (var stream = File.Create(path))
            {
                var line = System.Text.Encoding.UTF8.GetBytes("description: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n");
                for (long written = 0; written < 10L * 1024 * 1024; written += line.Length)
                {
                    stream.Write(line, 0, line.Length);
                }
            }

            // LLMP013 at (1,1) is the size check, made before anything is parsed (no timing: a loaded machine must not fail it).
            var result = PromptFileReader.ReadFile(path);

            Assert.Null(result.Prompt);
            var d = Assert.Single(result.Diagnostics);
            Assert.Equal(("LLMP013", 1, 1), (d.Code, d.Line, d.Column));
            Assert.Contains("1,048,576", d.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Missing_file_is_a_diagnostic()
    {
        var d = Assert.Single(PromptFileReader.ReadFile(Path.Combine(CorpusDirectory, "no-such-file.prompt.yaml")).Diagnostics);
        Assert.Equal("LLMP013", d.Code);
    }

    [Fact]
    public void Duplicate_ids_across_two_corpus_files()
    {
        var a = PromptFileReader.ReadFile(Path.Combine(CorpusDirectory, "duplicate-ids", "a.prompt.yaml"));
        var b = PromptFileReader.ReadFile(Path.Combine(CorpusDirectory, "duplicate-ids", "b.prompt.yaml"));
        Assert.Empty(a.Diagnostics);
        Assert.Empty(b.Diagnostics);

        var d = Assert.Single(PromptValidator.ValidateSet(new[] { a.Prompt!, b.Prompt! }));

        Assert.Equal(("LLMP012", 2, 5), (d.Code, d.Line, d.Column));
        Assert.EndsWith("b.prompt.yaml", d.File, StringComparison.Ordinal);
        Assert.Contains("a.prompt.yaml(2,5)", d.Message, StringComparison.Ordinal);
    }
}
