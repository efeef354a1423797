using System.IO;
using LlmOps.Guardrails.Core.Catalog;

namespace LlmOps.Guardrails.Eval.Commands;

/// <summary>
/// The catalog a command counts and prices with: the built-in one with the team's llmops.models.yaml laid over it,
/// so self-hosted models, negotiated prices and tokenizer files declared there apply.
/// </summary>
internal static class ModelsFileCatalog
{
    public const string DefaultFileName = "llmops.models.yaml";

    /// <summary>
    /// Reads <paramref name="path"/>, or llmops.models.yaml in the current folder when none is given and one is there.
    /// False (after writing the file's positioned diagnostic) when the file is missing or wrong.
    /// </summary>
    public static bool TryLoad(string? path, TextWriter error, out ModelCatalog catalog)
    {
        catalog = ModelCatalog.Default;
        var file = path ?? (File.Exists(DefaultFileName) ? DefaultFileName : null);
        if (file is null)
        {
            return true;
        }

        if (!File.Exists(file))
        {
            error.WriteLine($"error LLME002: Cannot read '{file}': no such file. Pass the path of your llmops.models.yaml to --models.");
            return false;
        }

        try
        {
            catalog = ModelCatalog.Default.WithOverrides(Path.GetFullPath(file));
            return true;
        }
        catch (CatalogException ex)
        {
            error.WriteLine(ex.Message);
            return false;
        }
    }
}
