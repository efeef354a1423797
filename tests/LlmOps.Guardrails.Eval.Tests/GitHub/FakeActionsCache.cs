namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>
/// Stands in for actions/cache between runs of the action: a folder per key. The cache step restores a saved folder
/// into `path` (output cache-hit=true); on a miss the path is saved after the run, as the post-job step would.
/// </summary>
internal sealed class FakeActionsCache(string store)
{
    private readonly List<(string Key, string Path)> pending = [];

    public List<string> Restored { get; } = [];

    public IReadOnlyDictionary<string, string>? OnUses(ActionDefinition.Step step, IReadOnlyDictionary<string, string> with)
    {
        if (step.Uses?.StartsWith("actions/cache@", StringComparison.Ordinal) != true)
        {
            return null;
        }

        var key = with["key"];
        var saved = System.IO.Path.Combine(store, key);
        if (Directory.Exists(saved))
        {
            Copy(saved, with["path"]);
            Restored.Add(key);
            return new Dictionary<string, string> { ["cache-hit"] = "true" };
        }

        pending.Add((key, with["path"]));
        return new Dictionary<string, string> { ["cache-hit"] = "false" };
    }

    /// <summary>The post-job save: each missed key whose path now exists.</summary>
    public void SaveAfterJob()
    {
        foreach (var (key, path) in pending.Where(p => Directory.Exists(p.Path)))
        {
            Copy(path, System.IO.Path.Combine(store, key));
        }

        pending.Clear();
    }

    private static void Copy(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(System.IO.Path.Combine(to, System.IO.Path.GetRelativePath(from, dir)));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(to, System.IO.Path.GetRelativePath(from, file));
            File.Copy(file, target, overwrite: true);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(target, File.GetUnixFileMode(file));
        }
    }
}
