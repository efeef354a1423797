using System.Text.RegularExpressions;

namespace LlmOps.Guardrails.Core.Tests.Repository;

/// <summary>
/// Finds paths in repository files that climb above the repository root (a "../shared" beside the clone, a
/// Path.Combine(root, "..")), so that the build and the tests never depend on what happens to sit next to a clone.
/// A relative path is resolved against the folder of the file that writes it, or against the repository root when the
/// same call starts from a root (a first argument or MSBuild property naming "Root"). That is how the repository's own
/// scripts, project files and tests use relative paths; a script that resolves against its working directory is held
/// to the same rule, which keeps the check simple and strict.
/// </summary>
internal static partial class PathClimbScanner
{
    public sealed record Finding(string File, int Line, string Text)
    {
        public override string ToString() => $"{File}:{Line}: {Text}";
    }

    /// <summary>Folders that are build output, dependencies or version control, never sources.</summary>
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal)
    {
        ".git", "bin", "obj", "node_modules", "TestResults", "artifacts", ".llmops", "BenchmarkDotNet.Artifacts", ".vs", ".idea",
    };

    /// <summary>Kinds of file that build paths: code, project files, scripts, workflow and documentation (its examples are run).</summary>
    private static readonly HashSet<string> ScannedExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".cs", ".csproj", ".props", ".targets", ".sln", ".sh", ".mjs", ".js", ".cjs", ".ts", ".py", ".ps1", ".md", ".yml", ".yaml", ".json",
    };

    // A chain of ".." segments written with slashes: ../../shared, $(MSBuildThisFileDirectory)../.., "$here/../..".
    [GeneratedRegex(@"(?<![\w.])\.\.(?:[/\\]\.\.)*(?=[/\\""'`\s),;]|$)")]
    private static partial Regex SlashClimb();

    // Consecutive ".." arguments of a path-joining call: Path.Combine(root, "..", ".."), join(here, '..').
    [GeneratedRegex(@"([""'])\.\.\1(?:\s*,\s*([""'])\.\.\2)*")]
    private static partial Regex ArgumentClimb();

    // The path-joining call a climb belongs to, and its first argument.
    [GeneratedRegex(@"(?:Path\.Combine|Path\.Join|Path\.GetFullPath|\bjoin|\bresolve)\s*\(\s*(?<first>[^,()]*(?:\([^()]*\))?[^,()]*)", RegexOptions.RightToLeft)]
    private static partial Regex EnclosingCall();

    // An MSBuild property or variable that names the repository root itself.
    [GeneratedRegex(@"(?:\$\((?:\w*Root\w*|SolutionDir)\)|\$\{?\w*ROOT\w*\}?)[/\\]?$", RegexOptions.IgnoreCase)]
    private static partial Regex RootProperty();

    /// <summary>Every source file of the repository at <paramref name="root"/>, as repository-relative paths with '/'.</summary>
    public static IEnumerable<string> SourceFiles(string root)
    {
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            foreach (var sub in Directory.EnumerateDirectories(folder))
            {
                if (!SkippedFolders.Contains(Path.GetFileName(sub)))
                {
                    pending.Push(sub);
                }
            }

            foreach (var file in Directory.EnumerateFiles(folder))
            {
                if (ScannedExtensions.Contains(Path.GetExtension(file)) || IsScript(file))
                {
                    yield return Path.GetRelativePath(root, file).Replace('\\', '/');
                }
            }
        }
    }

    /// <summary>The climbs above the repository root in <paramref name="content"/>, the text of <paramref name="relativeFile"/>.</summary>
    public static IEnumerable<Finding> Scan(string relativeFile, string content)
    {
        int fileDepth = relativeFile.Replace('\\', '/').Split('/').Length - 1;
        var lines = content.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            foreach (Match climb in SlashClimb().Matches(line))
            {
                // A lone ".." with no slash on either side is not a path (a C# range, an ellipsis in prose).
                bool hasSlash = climb.Value.Length > 2
                    || (climb.Index > 0 && line[climb.Index - 1] is '/' or '\\')
                    || (climb.Index + 2 < line.Length && line[climb.Index + 2] is '/' or '\\');
                if (hasSlash && Climbs(climb.Value) > Depth(line, climb.Index, fileDepth))
                {
                    yield return new Finding(relativeFile, i + 1, line.Trim());
                }
            }

            foreach (Match climb in ArgumentClimb().Matches(line))
            {
                // Only inside a path-joining call: a ".." elsewhere (a range separator being split on) is no path.
                if (EnclosingCall().Match(line, climb.Index) is { Success: true } && Climbs(climb.Value) > Depth(line, climb.Index, fileDepth))
                {
                    yield return new Finding(relativeFile, i + 1, line.Trim());
                }
            }
        }
    }

    private static int Climbs(string text) => Regex.Matches(text, @"\.\.").Count;

    /// <summary>How many folders a climb at <paramref name="index"/> may go up before it leaves the repository.</summary>
    private static int Depth(string line, int index, int fileDepth)
    {
        var before = line[..index].TrimEnd('"', '\'', '`');
        if (RootProperty().IsMatch(before))
        {
            return 0;
        }

        var call = EnclosingCall().Match(line, index);
        if (call.Success && call.Groups["first"].Value.Contains("root", StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }

        return fileDepth;
    }

    private static bool IsScript(string file)
    {
        if (Path.GetExtension(file).Length > 0)
        {
            return false;
        }

        using var reader = new StreamReader(file);
        var buffer = new char[2];
        return reader.Read(buffer, 0, 2) == 2 && buffer[0] == '#' && buffer[1] == '!';
    }
}
