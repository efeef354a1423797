using LlmOps.Guardrails.Core.Yaml;
using LlmOps.Guardrails.Tests.Shared;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace LlmOps.Guardrails.Core.Tests.Yaml;

/// <summary>
/// The tree is built from YamlDotNet's tokens by our own grammar; these tests hold it to YamlDotNet's event parser on
/// the repository's real and malformed YAML and on every cut of it: the same inputs fail, at the same position, and
/// the inputs that read give the same scalars at the same positions.
/// </summary>
public class YamlParserParityTests
{
    public static TheoryData<string> Files()
    {
        var root = RepositoryFolder.Root;
        var data = new TheoryData<string>();
        foreach (var folder in new[] { "tests/LlmOps.Guardrails.Core.Tests/Prompts/Native/Corpus", "tests/LlmOps.Guardrails.Eval.Tests/Config/Corpus", "tests/LlmOps.Guardrails.Eval.Tests/Datasets", "prompts-sample" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*", SearchOption.AllDirectories)
                         .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
                         .Where(f => !f.Contains("/.llmops/", StringComparison.Ordinal))
                         .OrderBy(f => f, StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(root, file).Replace('\\', '/'));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_cut_of_the_file_reads_as_YamlDotNets_parser_reads_it(string file)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryFolder.Root, file));
        if (text.Contains('\0'))
        {
            return;
        }

        var compared = 0;
        for (var length = text.Length; length > 0; length = length > 2000 ? length - 997 : length - 5)
        {
            compared += Compare(text.Substring(0, length)) ? 1 : 0;
        }

        Assert.True(compared > 0 || text.Length < 10, $"{file}: no cut could be compared");
    }

    [Fact]
    public void The_built_in_catalog_reads_as_YamlDotNets_parser_reads_it()
    {
        using var stream = typeof(YamlTreeBuilder).Assembly.GetManifestResourceStream("LlmOps.Guardrails.Core.Catalog.Data.models.yaml")!;
        using var reader = new StreamReader(stream);

        Assert.True(Compare(reader.ReadToEnd()));
    }

    /// <summary>False when the input is outside what the two can be compared on (the tree stops at a limit or alias first).</summary>
    private static bool Compare(string text)
    {
        var document = YamlTreeBuilder.Read(text, "cut.yaml", YamlFeatures.All);
        if (document.Problems.Any(p => p.Kind is YamlProblemKind.TooDeep or YamlProblemKind.TooLarge or YamlProblemKind.ExtraDocument or YamlProblemKind.DuplicateKey or YamlProblemKind.ComplexKey
                                       || p.Message.Contains("refers to no anchor", StringComparison.Ordinal)))
        {
            return false;
        }

        var (parsed, error) = Parse(text);
        var syntax = document.Problems.FirstOrDefault();
        if (error is InvalidOperationException)
        {
            // YamlDotNet's parser fails without a position; the tree must still refuse the input.
            Assert.NotNull(syntax);
            return true;
        }

        if (error is YamlException exception)
        {
            Assert.True(syntax is not null, $"YamlDotNet refuses this at ({exception.Start.Line},{exception.Start.Column}), the tree reads it:\n{text}");
            if (!syntax!.Message.Contains("a tab is used for indentation", StringComparison.Ordinal))
            {
                Assert.True(
                    (exception.Start.Line, exception.Start.Column) == (syntax.At.Line, syntax.At.Column),
                    $"YamlDotNet: ({exception.Start.Line},{exception.Start.Column}) {exception.Message}\ntree: ({syntax.At.Line},{syntax.At.Column}) {syntax.Message}\n{text}");
            }

            return true;
        }

        Assert.True(syntax is null, $"YamlDotNet reads this, the tree says {syntax?.Message} at ({syntax?.At.Line},{syntax?.At.Column}):\n{text}");
        if (document.Root is not null && !parsed.Any(e => e is AnchorAlias))
        {
            Assert.Equal(parsed.OfType<Scalar>().Select(s => (s.Value, (int)s.Start.Line, (int)s.Start.Column)), Scalars(document.Root));
        }

        return true;
    }

    private static (List<ParsingEvent> Events, Exception? Error) Parse(string text)
    {
        var events = new List<ParsingEvent>();
        try
        {
            var parser = new Parser(new StringReader(text));
            while (parser.MoveNext())
            {
                events.Add(parser.Current!);
            }

            return (events, null);
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException)
        {
            return (events, ex);
        }
    }

    // Document order, as the parser emits them.
    private static IEnumerable<(string, int, int)> Scalars(YNode? node) => node switch
    {
        YScalar scalar => new[] { (scalar.Value, scalar.At.Line, scalar.At.Column) },
        YSequence sequence => sequence.Items.SelectMany(Scalars),
        YMapping mapping => mapping.Entries.SelectMany(e => Scalars(e.Key).Concat(Scalars(e.Value))),
        _ => throw new InvalidOperationException(),
    };
}
