using LlmOps.Guardrails.Core.Prompts;
using LlmOps.Guardrails.Core.Yaml;
using LlmOps.Guardrails.Tests.Shared;
using YamlDotNet.Core;

namespace LlmOps.Guardrails.Core.Tests.Yaml;

/// <summary>The shared YAML tree: positions, the checks it makes for every reader, and its limits at their edges.</summary>
public class YamlTreeBuilderTests
{
    private static YamlDocument Read(string text, YamlFeatures features = YamlFeatures.All) => YamlTreeBuilder.Read(text, "t.yaml", features);

    private static YamlProblem Single(string text, YamlFeatures features = YamlFeatures.All)
    {
        var document = Read(text, features);
        Assert.Null(document.Root);
        return Assert.Single(document.Problems);
    }

    [Fact]
    public void Nodes_carry_their_file_and_the_position_where_they_start()
    {
        var root = Assert.IsType<YMapping>(Read("id: a\nlist:\n- one\n- 'two'\nflow: {k: [1, 2]}\nempty:\n").Root);

        Assert.Equal(("t.yaml", new SourcePosition(1, 1)), (root.File, root.At));
        Assert.Equal(new[] { "id", "list", "flow", "empty" }, root.Entries.Select(e => e.Name));
        var list = Assert.IsType<YSequence>(root.Get("list"));
        Assert.Equal(new SourcePosition(3, 1), list.At);
        var two = Assert.IsType<YScalar>(list.Items[1]);
        Assert.Equal((new SourcePosition(4, 3), "two", YScalarType.Text, ScalarStyle.SingleQuoted), (two.At, two.Value, two.Type, two.Style));
        var inner = Assert.IsType<YSequence>(Assert.IsType<YMapping>(root.Get("flow")).Get("k"));
        Assert.Equal((new SourcePosition(5, 11), new SourcePosition(5, 15)), (inner.At, inner.Items[1].At));
        Assert.True(Assert.IsType<YScalar>(root.Get("empty")).IsNull);
    }

    [Theory]
    [InlineData("", "no document")]
    [InlineData("# only a comment\n", "only comments")]
    [InlineData("---\n...\n", "an empty explicit document")]
    [InlineData("~\n", "a lone null")]
    public void A_file_without_content_has_no_root_and_no_problem(string text, string what)
    {
        var document = Read(text);

        Assert.True(document.Root is null && !document.HasProblems, what);
    }

    [Fact]
    public void An_alias_shares_its_anchored_node()
    {
        var root = Assert.IsType<YMapping>(Read("a: &x [1, 2, 3]\nb: *x\nc: [*x, *x]\n").Root);

        Assert.Same(root.Get("a"), root.Get("b"));
        Assert.All(Assert.IsType<YSequence>(root.Get("c")).Items, item => Assert.Same(root.Get("a"), item));
    }

    [Fact]
    public void An_alias_counts_as_every_node_of_its_anchor()
    {
        // The mapping, key a and the anchored list of 3 are nodes 1 to 6 (the list counts 4); key b and its list make 8,
        // and each alias adds 4: 24,998 aliases make exactly 100,000, the 24,999th (column 5 + 3 * 24,998) passes it.
        static string Text(int aliases) => "a: &x [1, 2, 3]\nb: [" + string.Join(",", Enumerable.Repeat("*x", aliases)) + "]\n";
        Assert.NotNull(Read(Text(24_998)).Root);

        var problem = Single(Text(24_999));

        Assert.Equal((YamlProblemKind.TooLarge, new SourcePosition(2, 74_999)), (problem.Kind, problem.At));
        Assert.Contains("once its aliases (*name) are followed", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sixty_four_levels_are_read_and_sixty_five_are_refused_at_the_collection_that_is_too_deep()
    {
        Assert.NotNull(Read(new string('[', 64) + new string(']', 64)).Root);

        var problem = Single(new string('[', 65) + new string(']', 65));

        Assert.Equal((YamlProblemKind.TooDeep, new SourcePosition(1, 65)), (problem.Kind, problem.At));
        Assert.True(problem.StopsReading);
    }

    [Fact]
    public void A_block_nesting_past_the_limit_is_refused_on_its_line()
    {
        var text = string.Concat(Enumerable.Range(0, 70).Select(i => new string(' ', 2 * i) + "k:\n"));

        var problem = Single(text);

        // Mapping i starts on line i + 1 (the value of the key on line i); mapping 64 is the first too deep.
        Assert.Equal((YamlProblemKind.TooDeep, new SourcePosition(65, 129)), (problem.Kind, problem.At));
    }

    [Fact]
    public void One_hundred_thousand_nodes_are_read_and_one_more_is_refused()
    {
        // A list holds itself plus its items: 99,999 items make 100,000 nodes.
        Assert.NotNull(Read("[" + string.Join(",", Enumerable.Repeat("1", 99_999)) + "]").Root);

        var problem = Single("[" + string.Join(",", Enumerable.Repeat("1", 100_000)) + "]");

        Assert.Equal((YamlProblemKind.TooLarge, new SourcePosition(1, 200_000)), (problem.Kind, problem.At));
        Assert.Contains("split it into smaller files", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(HostileCases))]
    public void Each_hostile_document_gives_one_problem_at_its_worked_out_position(string name)
    {
        var hostile = HostileYaml.All.Single(c => c.Name == name);

        var problem = Single(hostile.Text);

        Assert.Equal((hostile.Line, hostile.Column), (problem.At.Line, problem.At.Column));
        Assert.Contains(hostile.MessagePart, problem.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> HostileCases() => new(HostileYaml.All.Select(c => c.Name));

    [Fact]
    public void A_repeated_key_is_reported_where_it_is_repeated_and_the_first_value_is_kept()
    {
        var document = Read("a: 1\nb: 2\n\"a\": 3\n");

        var problem = Assert.Single(document.Problems);
        Assert.Equal((YamlProblemKind.DuplicateKey, new SourcePosition(3, 1)), (problem.Kind, problem.At));
        Assert.Contains("Duplicate key 'a' (first written at line 1)", problem.Message, StringComparison.Ordinal);
        Assert.False(problem.StopsReading);
        Assert.Equal("1", Assert.IsType<YScalar>(Assert.IsType<YMapping>(document.Root).Get("a")).Value);
    }

    [Fact]
    public void Repeated_keys_are_found_in_large_mappings_too()
    {
        var text = string.Concat(Enumerable.Range(0, 40).Select(i => $"k{i}: {i}\n")) + "k7: again\n";

        var problem = Assert.Single(Read(text).Problems);

        Assert.Equal((YamlProblemKind.DuplicateKey, new SourcePosition(41, 1)), (problem.Kind, problem.At));
    }

    [Fact]
    public void A_list_used_as_a_key_is_reported_and_left_out()
    {
        var document = Read("a: 1\n? [x, y]\n: z\nb: 2\n");

        var problem = Assert.Single(document.Problems);
        Assert.Equal((YamlProblemKind.ComplexKey, new SourcePosition(2, 3)), (problem.Kind, problem.At));
        Assert.Equal(new[] { "a", "b" }, Assert.IsType<YMapping>(document.Root).Entries.Select(e => e.Name));
    }

    [Fact]
    public void A_second_document_is_reported_at_its_separator_and_the_first_is_kept()
    {
        var document = Read("a: 1\n---\nb: 2\n");

        var problem = Assert.Single(document.Problems);
        Assert.Equal((YamlProblemKind.ExtraDocument, new SourcePosition(2, 1)), (problem.Kind, problem.At));
        Assert.Equal("a", Assert.Single(Assert.IsType<YMapping>(document.Root).Entries).Name);
    }

    [Theory]
    [InlineData("a: 1\nb: *missing\n", 2, 4, "the alias '*missing' refers to no anchor")]
    [InlineData("a: &loop [1, *loop]\n", 1, 14, "the alias '*loop' refers to no anchor")]
    [InlineData("a: !custom!x 1\n", 1, 4, "the tag handle '!custom!' is not declared")]
    [InlineData("a: [1, 2}\n", 1, 9, "expected ',' or ']'")]
    [InlineData("a: b: c\n", 1, 5, "Invalid YAML")]
    public void Syntax_errors_are_placed_where_the_yaml_goes_wrong(string text, int line, int column, string part)
    {
        var problem = Single(text);

        Assert.Equal((YamlProblemKind.Syntax, new SourcePosition(line, column)), (problem.Kind, problem.At));
        Assert.Contains(part, problem.Message, StringComparison.Ordinal);
        Assert.StartsWith("Invalid YAML: ", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tab_below_the_error_is_not_blamed_for_it()
    {
        var problem = Single("a: b: c\nd: |\n\tx\n");

        Assert.DoesNotContain("tab", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a: &x 1\n", 1, 4, "anchors")]
    [InlineData("a: 1\nb: *x\n", 2, 4, "aliases")]
    [InlineData("a: !!str 1\n", 1, 4, "tags")]
    [InlineData("%YAML 1.2\n---\na: 1\n", 1, 1, "directives")]
    public void Features_a_reader_turns_off_are_refused_where_they_are_used(string text, int line, int column, string word)
    {
        var problem = Single(text, YamlFeatures.None);

        Assert.Equal((YamlProblemKind.Unsupported, new SourcePosition(line, column)), (problem.Kind, problem.At));
        Assert.Contains(word, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tagged_and_quoted_scalars_are_text_and_plain_ones_are_plain()
    {
        var root = Assert.IsType<YMapping>(Read("a: 1\nb: '1'\nc: !!str 1\nd: |\n  1\n").Root);

        Assert.Equal(
            new[] { YScalarType.Plain, YScalarType.Text, YScalarType.Text, YScalarType.Text },
            root.Entries.Select(e => Assert.IsType<YScalar>(e.Value).Type));
    }
}
