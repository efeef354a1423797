using System.Text.Json;

namespace LlmOps.Guardrails.ReadmeImages;

/// <summary>
/// What the compiler saw in the build: the JSON that <c>dotnet build -getItem:... -getProperty:...
/// -getResultOutputFile:FILE</c> writes. Rebuilding the compilation from these items (not from a guess at the
/// project's files) makes the workspace see the same sources, references, defines and .editorconfig options.
/// </summary>
internal sealed class BuildItems
{
    public required string ProjectDirectory { get; init; }

    public required IReadOnlyList<string> Compile { get; init; }

    public required IReadOnlyList<string> References { get; init; }

    public required IReadOnlyList<string> AdditionalFiles { get; init; }

    public required IReadOnlyList<string> EditorConfigFiles { get; init; }

    public required IReadOnlyList<string> Defines { get; init; }

    public required string Nullable { get; init; }

    /// <summary>The -getItem/-getProperty names make.sh must request.</summary>
    public const string ItemNames = "Compile,ReferencePathWithRefAssemblies,AdditionalFiles,EditorConfigFiles";

    public const string PropertyNames = "MSBuildProjectDirectory,DefineConstants,Nullable";

    public static BuildItems Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        if (!root.TryGetProperty("Items", out var items) || !root.TryGetProperty("Properties", out var properties))
        {
            throw new InputException($"--items: {path} has no Items/Properties; run dotnet build with -getItem:{ItemNames} -getProperty:{PropertyNames} -getResultOutputFile:{Path.GetFileName(path)}.");
        }

        var projectDirectory = Property(properties, "MSBuildProjectDirectory");
        var compile = Paths(items, "Compile", projectDirectory);
        if (compile.Count == 0)
        {
            throw new InputException($"--items: {path} lists no Compile items.");
        }

        return new BuildItems
        {
            ProjectDirectory = projectDirectory,
            Compile = compile,
            References = Paths(items, "ReferencePathWithRefAssemblies", projectDirectory),
            AdditionalFiles = Paths(items, "AdditionalFiles", projectDirectory),
            EditorConfigFiles = Paths(items, "EditorConfigFiles", projectDirectory),
            Defines = Property(properties, "DefineConstants").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Nullable = Property(properties, "Nullable"),
        };
    }

    private static string Property(JsonElement properties, string name) =>
        properties.TryGetProperty(name, out var value) ? value.GetString() ?? "" : "";

    private static List<string> Paths(JsonElement items, string name, string projectDirectory)
    {
        if (!items.TryGetProperty(name, out var list))
        {
            return [];
        }

        return list.EnumerateArray()
            // Identity, not FullPath: -getItem computes FullPath against the dotnet process's working directory, which
            // is the project's folder only when the build is started from there.
            .Select(item => Path.GetFullPath(item.GetProperty("Identity").GetString()!, projectDirectory))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }
}
