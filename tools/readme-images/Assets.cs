namespace LlmOps.Guardrails.ReadmeImages;

/// <summary>Style sheets embedded in the tool, so the pages are self-contained files.</summary>
internal static class Assets
{
    public static string Css(string name)
    {
        using var stream = typeof(Assets).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded asset {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
