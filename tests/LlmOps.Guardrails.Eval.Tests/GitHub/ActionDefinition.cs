using YamlDotNet.RepresentationModel;

namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>The repository's composite action.yml, read with YamlDotNet into the parts the tests check and run.</summary>
internal sealed class ActionDefinition
{
    public sealed record Input(string Name, string? Default);

    public sealed record Output(string Name, string Value);

    public sealed record Step(string? Id, string? Name, string? If, string? Uses, string? Shell, string? Run,
        IReadOnlyList<KeyValuePair<string, string>> Env, IReadOnlyList<KeyValuePair<string, string>> With);

    public required IReadOnlyList<Input> Inputs { get; init; }

    public required IReadOnlyList<Output> Outputs { get; init; }

    public required IReadOnlyList<Step> Steps { get; init; }

    public required string Using { get; init; }

    public static string PathInRepository => Path.Combine(CliRunner.RepositoryRoot, "action.yml");

    public static ActionDefinition Load() => Parse(File.ReadAllText(PathInRepository));

    public static ActionDefinition Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlMappingNode)stream.Documents.Single().RootNode;
        var runs = (YamlMappingNode)root["runs"];
        return new ActionDefinition
        {
            Inputs = Map(root, "inputs").Select(kv => new Input(kv.Key, Scalar(kv.Value, "default"))).ToList(),
            Outputs = Map(root, "outputs").Select(kv => new Output(kv.Key, Scalar(kv.Value, "value") ?? "")).ToList(),
            Using = Scalar(runs, "using") ?? "",
            Steps = ((YamlSequenceNode)runs["steps"]).Children.Cast<YamlMappingNode>().Select(s => new Step(
                Scalar(s, "id"), Scalar(s, "name"), Scalar(s, "if"), Scalar(s, "uses"), Scalar(s, "shell"), Scalar(s, "run"),
                Pairs(s, "env"), Pairs(s, "with"))).ToList(),
        };
    }

    private static IEnumerable<KeyValuePair<string, YamlNode>> Map(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) && child is YamlMappingNode map
            ? map.Children.Select(kv => new KeyValuePair<string, YamlNode>(((YamlScalarNode)kv.Key).Value!, kv.Value))
            : Enumerable.Empty<KeyValuePair<string, YamlNode>>();

    private static IReadOnlyList<KeyValuePair<string, string>> Pairs(YamlMappingNode node, string key) =>
        Map(node, key).Select(kv => new KeyValuePair<string, string>(kv.Key, ((YamlScalarNode)kv.Value).Value ?? "")).ToList();

    private static string? Scalar(YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar
            ? scalar.Value
            : null;
}
