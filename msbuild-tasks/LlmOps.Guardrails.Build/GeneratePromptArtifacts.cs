using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Prompts;
using LlmOps.Guardrails.Tokenizers.ML;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using BuildTask = Microsoft.Build.Utilities.Task;

namespace LlmOps.Guardrails.Build;

/// <summary>
/// The prompt build: reads and validates every prompt file, versions the prompts in prompts.lock.json (or, when
/// locked, checks that the committed lock is current), prices them, compares them with a baseline lock, writes
/// cost-report.json/.md and the typed accessors. Every problem is logged as <c>file(line,col): error LLMP0xx</c>;
/// the task never throws.
/// </summary>
public sealed class GeneratePromptArtifacts : BuildTask
{
    /// <summary>The task's own failures (a bug, an unexpected I/O error) and wrong settings.</summary>
    public const string InternalErrorCode = "LLMP000";

    // Catalog errors already logged in this run: every prompt of a model with a broken tokenizer file would repeat one.
    private readonly HashSet<string> _reportedCatalogErrors = new(StringComparer.Ordinal);

    /// <summary>The prompt files (<c>@(LlmPrompt)</c>).</summary>
    [Required]
    public ITaskItem[] Prompts { get; set; } = Array.Empty<ITaskItem>();

    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>prompts.lock.json; relative paths are relative to <see cref="ProjectDirectory"/>.</summary>
    [Required]
    public string LockFilePath { get; set; } = string.Empty;

    /// <summary>Check the lock instead of writing it (CI): a difference is error LLMP014.</summary>
    public bool Locked { get; set; }

    /// <summary>A git ref whose prompts.lock.json is the baseline (origin/main). Empty: none.</summary>
    public string? BaselineRef { get; set; }

    /// <summary>A lock file to compare against; takes precedence over <see cref="BaselineRef"/>.</summary>
    public string? BaselineLockFile { get; set; }

    /// <summary>Cost per call increase (percent) above which a prompt gets warning LLMP017. Empty: 10.</summary>
    public string? CostIncreaseWarnPercent { get; set; } = "10";

    /// <summary>Cost per call increase (percent) above which a prompt gets error LLMP018. Empty: never.</summary>
    public string? CostIncreaseErrorPercent { get; set; }

    /// <summary>Where cost-report.json and cost-report.md go. Empty: no report.</summary>
    public string? ReportDirectory { get; set; }

    /// <summary>The accessor source file to write. Empty: no accessors.</summary>
    public string? GeneratedFilePath { get; set; }

    public string? RootNamespace { get; set; }

    /// <summary>Namespace of the accessors; empty means <see cref="RootNamespace"/>.</summary>
    public string? PromptsNamespace { get; set; }

    /// <summary>Name of the static class holding the accessors. Empty: <c>Prompts</c>.</summary>
    public string? PromptsClassName { get; set; }

    /// <summary>Emit RenderChatMessages/CreateChatOptions for Microsoft.Extensions.AI.</summary>
    public bool UseExtensionsAI { get; set; }

    /// <summary>The date (yyyy-MM-dd) that model lifecycle and prices are judged at. Empty: today (UTC).</summary>
    public string? AnalysisDate { get; set; }

    /// <summary>The user's model catalog overrides (llmops.models.yaml), if any.</summary>
    public string? ModelCatalogFile { get; set; }

    /// <summary>
    /// The model that prices prompt files naming none (Semantic Kernel and Prompty files often leave the choice to the
    /// application). Empty: such prompts are counted and versioned but not priced (info LLMP019).
    /// </summary>
    public string? DefaultModel { get; set; }

    /// <summary>The generated source files, for <c>Compile</c>.</summary>
    [Output]
    public ITaskItem[] GeneratedFiles { get; private set; } = Array.Empty<ITaskItem>();

    /// <summary>Files the task owns in the intermediate folder (generated source, reports), for <c>FileWrites</c>. Not the lock: that is a source file.</summary>
    [Output]
    public ITaskItem[] WrittenFiles { get; private set; } = Array.Empty<ITaskItem>();

    /// <summary>prompts.lock.json when this build wrote it (it changed).</summary>
    [Output]
    public ITaskItem[] UpdatedLockFiles { get; private set; } = Array.Empty<ITaskItem>();

    public override bool Execute()
    {
        try
        {
            Run();
        }
        catch (Exception ex)
        {
            Log.LogError(null, InternalErrorCode, null, ProjectDirectory, 0, 0, 0, 0,
                "LlmOps prompt build failed unexpectedly: {0}. Please report this with the build log.", ex.ToString());
        }

        return !Log.HasLoggedErrors;
    }

    private void Run()
    {
        var projectDirectory = Path.GetFullPath(string.IsNullOrEmpty(ProjectDirectory) ? "." : ProjectDirectory);
        var lockPath = FullPath(projectDirectory, LockFilePath);
        if (!TryPercent(nameof(CostIncreaseWarnPercent), CostIncreaseWarnPercent, 10, out var warnPercent)
            | !TryPercent(nameof(CostIncreaseErrorPercent), CostIncreaseErrorPercent, null, out var errorPercent)
            | !TryDate(out var today))
        {
            return;
        }

        var catalog = LoadCatalog(projectDirectory);

        // 1. Read and validate every file: one bad file never hides another's diagnostics.
        var read = new List<PromptDefinition>();
        var failedFiles = 0;
        foreach (var file in Prompts.Select(p => FullPath(projectDirectory, p.ItemSpec)).Distinct(PathComparer).OrderBy(p => p, StringComparer.Ordinal))
        {
            var prompt = ReadAndValidate(file, catalog, today);
            if (prompt is null)
            {
                failedFiles++;
            }
            else
            {
                read.Add(prompt);
            }
        }

        var duplicates = new HashSet<string>(PathComparer);
        foreach (var diagnostic in Guard(() => PromptValidator.ValidateSet(read), projectDirectory, "validating the prompt set") ?? Array.Empty<PromptDiagnostic>())
        {
            LogDiagnostic(diagnostic);
            if (diagnostic.IsError)
            {
                duplicates.Add(Path.GetFullPath(diagnostic.File));
            }
        }

        var valid = read.Where(p => !duplicates.Contains(Path.GetFullPath(p.SourcePath))).ToList();
        var promptErrors = failedFiles > 0 || valid.Count != read.Count;

        // 2. Hash and price each valid prompt.
        var lockDirectory = Path.GetDirectoryName(lockPath) ?? projectDirectory;
        var entries = new List<PromptLockEntry>();
        var definitions = new Dictionary<string, PromptDefinition>(StringComparer.Ordinal);
        foreach (var prompt in valid)
        {
            var entry = Guard(() => Entry(prompt, catalog, today, lockDirectory), prompt.SourcePath, "pricing prompt '" + prompt.Id + "'");
            if (entry is null)
            {
                promptErrors = true;
                continue;
            }

            entries.Add(entry);
            definitions[prompt.Id] = prompt;
        }

        // 3. The lock: versions carried over where the hash is unchanged.
        var lockErrors = false;
        PromptLockFile? existing = null;
        if (File.Exists(lockPath))
        {
            var diagnostics = new List<PromptDiagnostic>();
            existing = PromptLockFile.Parse(File.ReadAllText(lockPath), lockPath, diagnostics);
            foreach (var diagnostic in diagnostics)
            {
                LogDiagnostic(diagnostic);
            }

            lockErrors = existing is null || diagnostics.Any(d => d.IsError);
        }

        var current = PromptLockFile.Update(existing, entries);
        var lockStatus = WriteOrCheckLock(lockPath, existing, current, promptErrors, lockErrors);

        // 4. Accessors for every valid prompt, even when another file has errors, so the rest of the code still binds.
        var written = new List<ITaskItem>();
        if (!string.IsNullOrWhiteSpace(GeneratedFilePath))
        {
            var generatedPath = FullPath(projectDirectory, GeneratedFilePath!);
            var versions = current.Prompts.ToDictionary(p => p.Id, StringComparer.Ordinal);
            var accessors = entries.Select(e => new PromptAccessor(definitions[e.Id], versions[e.Id].Version, e.Hash, e.File)).ToList();
            var source = PromptAccessorGenerator.Generate(accessors, new PromptAccessorOptions
            {
                Namespace = string.IsNullOrWhiteSpace(PromptsNamespace) ? RootNamespace ?? string.Empty : PromptsNamespace!,
                ClassName = string.IsNullOrWhiteSpace(PromptsClassName) ? "Prompts" : PromptsClassName!,
                UseExtensionsAI = UseExtensionsAI,
                ToolVersion = ToolVersion,
            });
            WriteFile(generatedPath, source);
            GeneratedFiles = new ITaskItem[] { new TaskItem(generatedPath) };
            written.Add(new TaskItem(generatedPath));
        }

        // 5. Cost report against the baseline (skipped when prompts have errors: the figures would be partial).
        string summary;
        if (promptErrors || lockErrors)
        {
            summary = $"LlmOps: {entries.Count} of {Prompts.Length} prompts valid; lock and cost report not updated because of errors";
        }
        else
        {
            summary = Report(projectDirectory, lockPath, current, definitions, warnPercent, errorPercent, written, lockStatus);
        }

        WrittenFiles = written.ToArray();
        Log.LogMessage(MessageImportance.Normal, summary);
    }

    private PromptDefinition? ReadAndValidate(string file, ModelCatalog catalog, DateTimeOffset today)
    {
        PromptReadResult result;
        try
        {
            result = PromptFileReader.ReadFile(file);
        }
        catch (Exception ex)
        {
            Log.LogError(null, PromptDiagnosticCodes.UnreadableFile, null, file, 0, 0, 0, 0,
                "The prompt file could not be read: {0}", ex.Message);
            return null;
        }

        foreach (var diagnostic in result.Diagnostics)
        {
            LogDiagnostic(diagnostic);
        }

        if (result.Prompt is null || result.HasErrors)
        {
            return null;
        }

        var prompt = PromptDefaults.ApplyDefaultModel(result.Prompt, DefaultModel, out var unpriced);
        if (unpriced is not null)
        {
            LogDiagnostic(unpriced);
        }

        var validation = Guard(() => PromptValidator.Validate(prompt, catalog, today), file, "validating the prompt");
        if (validation is null)
        {
            return null;
        }

        foreach (var diagnostic in validation)
        {
            LogDiagnostic(diagnostic);
        }

        return validation.Any(d => d.IsError) ? null : prompt;
    }

    private static PromptLockEntry Entry(PromptDefinition prompt, ModelCatalog catalog, DateTimeOffset today, string lockDirectory)
    {
        // A self-hosted model with a tokenizer_file is counted with its own tokenizer, as `dotnet eval tokens` counts it.
        var estimate = PromptEstimator.Estimate(prompt, catalog, today, TokenizerFileCounters.Shared);
        return new PromptLockEntry
        {
            Id = prompt.Id,
            Version = 1,
            Hash = PromptHash.Compute(prompt),
            Model = estimate.Model,
            InputTokens = estimate.InputTokens,
            InputTokensEstimated = estimate.InputTokensEstimated,
            OutputTokens = estimate.OutputTokens,
            CostPerCall = estimate.CostPerCall,
            CallsPerDay = prompt.CallsPerDay,
            PricesCheckedOn = estimate.PricesCheckedOn,
            File = RelativePath(lockDirectory, Path.GetFullPath(prompt.SourcePath)),
        };
    }

    /// <summary>Writes the lock (unlocked) or checks it (locked). Returns a few words for the summary line.</summary>
    private string WriteOrCheckLock(string lockPath, PromptLockFile? existing, PromptLockFile current, bool promptErrors, bool lockErrors)
    {
        // With errors the lock is left alone: dropping a broken prompt's entry would reset its version later.
        if (promptErrors || lockErrors)
        {
            return "not updated";
        }

        var lockName = Path.GetFileName(lockPath);
        if (existing is null && current.Prompts.Count == 0)
        {
            return "not needed";
        }

        if (Locked)
        {
            var differences = existing is null
                ? new[] { lockName + " does not exist" }
                : existing.Differences(current);
            if (differences.Count == 0)
            {
                return "up to date";
            }

            var message = new StringBuilder();
            message.Append(lockName).Append(" does not match the prompts and the build is locked (LlmOpsPromptsLocked=true): ");
            message.Append(string.Join("; ", differences));
            message.Append(". Run `dotnet build -p:LlmOpsPromptsLocked=false` locally and commit ").Append(lockName).Append('.');
            Log.LogError(null, PromptDiagnosticCodes.StaleLock, null, lockPath, existing is null ? 0 : 1, existing is null ? 0 : 1, 0, 0, message.ToString());
            return "stale";
        }

        if (AtomicFile.WriteIfChanged(lockPath, current.Serialize()))
        {
            UpdatedLockFiles = new ITaskItem[] { new TaskItem(lockPath) };
            Log.LogMessage(MessageImportance.High, "LlmOps: updated {0}", lockPath);
            return "updated";
        }

        return "up to date";
    }

    private string Report(string projectDirectory, string lockPath, PromptLockFile current, IReadOnlyDictionary<string, PromptDefinition> definitions,
        double warnPercent, double? errorPercent, List<ITaskItem> written, string lockStatus)
    {
        var baseline = ReadBaseline(projectDirectory, lockPath, out var description);
        var head = $"LlmOps: {current.Prompts.Count} prompt{(current.Prompts.Count == 1 ? string.Empty : "s")}, lock {lockStatus}";
        if (string.IsNullOrWhiteSpace(ReportDirectory))
        {
            return head;
        }

        var report = CostReport.Compare(baseline, current, description);
        var directory = FullPath(projectDirectory, ReportDirectory!);
        var jsonPath = Path.Combine(directory, "cost-report.json");
        var markdownPath = Path.Combine(directory, "cost-report.md");
        WriteFile(jsonPath, report.ToJson());
        WriteFile(markdownPath, report.ToMarkdown());
        written.Add(new TaskItem(jsonPath));
        written.Add(new TaskItem(markdownPath));

        if (baseline is not null)
        {
            foreach (var line in report.Lines)
            {
                if (line.CostDeltaPercent is not double delta || !definitions.TryGetValue(line.Id, out var prompt))
                {
                    continue;
                }

                var at = prompt.Locations.Of("id");
                var figures = string.Format(CultureInfo.InvariantCulture, "cost per call of prompt '{0}' rose {1:+0.#;-0.#;0}% vs {2} ({3} → {4})",
                    line.Id, delta, description, Money(line.Before?.CostPerCall), Money(line.After?.CostPerCall));
                if (errorPercent is double error && delta > error)
                {
                    Log.LogError(null, PromptDiagnosticCodes.CostIncreaseError, null, prompt.SourcePath, at.Line, at.Column, 0, 0,
                        "{0}, above LlmOpsCostIncreaseErrorPercent={1}%. Reduce the prompt's tokens or model price, or raise the threshold if the increase is intended.",
                        figures, error.ToString(CultureInfo.InvariantCulture));
                }
                else if (delta > warnPercent)
                {
                    Log.LogWarning(null, PromptDiagnosticCodes.CostIncreaseWarning, null, prompt.SourcePath, at.Line, at.Column, 0, 0,
                        "{0}, above LlmOpsCostIncreaseWarnPercent={1}%. See {2}.",
                        figures, warnPercent.ToString(CultureInfo.InvariantCulture), markdownPath);
                }
            }
        }

        var reportShown = RelativePath(projectDirectory, markdownPath);
        if (baseline is null)
        {
            return $"{head}, no baseline, report: {reportShown}";
        }

        var before = SumCost(baseline.Prompts);
        var after = SumCost(current.Prompts);
        var change = before is decimal b && after is decimal a && b != 0
            ? ((double)((a - b) / b * 100m)).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + "%"
            : "n/a";
        return $"{head}, cost per call {change} vs {description} ({Money(before)} → {Money(after)}), report: {reportShown}";
    }

    private PromptLockFile? ReadBaseline(string projectDirectory, string lockPath, out string description)
    {
        string? text;
        string source;
        if (!string.IsNullOrWhiteSpace(BaselineLockFile))
        {
            source = FullPath(projectDirectory, BaselineLockFile!);
            description = BaselineLockFile!;
            if (!File.Exists(source))
            {
                Log.LogWarning(null, PromptDiagnosticCodes.BaselineUnavailable, null, source, 0, 0, 0, 0,
                    "The baseline lock file does not exist; no cost comparison. Set LlmOpsBaselineLockFile to an existing prompts.lock.json.");
                description = "no baseline";
                return null;
            }

            text = File.ReadAllText(source);
        }
        else if (!string.IsNullOrWhiteSpace(BaselineRef))
        {
            description = BaselineRef!;
            source = lockPath;
            if (!GitBaseline.TryReadFile(projectDirectory, BaselineRef!, lockPath, out text, out var error) || text is null)
            {
                Log.LogWarning(null, PromptDiagnosticCodes.BaselineUnavailable, null, lockPath, 0, 0, 0, 0,
                    "The baseline {0} at git ref '{1}' could not be read ({2}); no cost comparison. In CI, fetch the base ref (actions/checkout with fetch-depth: 0, or `git fetch origin main`).",
                    Path.GetFileName(lockPath), BaselineRef, (error ?? "no content").Trim().TrimEnd('.'));
                description = "no baseline";
                return null;
            }

            source = Path.GetFileName(lockPath) + " at " + BaselineRef;
        }
        else
        {
            description = "no baseline";
            return null;
        }

        var diagnostics = new List<PromptDiagnostic>();
        var baseline = PromptLockFile.Parse(text, source, diagnostics);
        foreach (var diagnostic in diagnostics)
        {
            // A broken baseline never fails the build: it only costs the comparison.
            Log.LogWarning(null, PromptDiagnosticCodes.BaselineUnavailable, null, diagnostic.File, diagnostic.Line, diagnostic.Column, 0, 0,
                "The baseline lock is not valid ({0}: {1}); no cost comparison.", diagnostic.Code, diagnostic.Message);
        }

        if (baseline is null || diagnostics.Any(d => d.IsError))
        {
            description = "no baseline";
            return null;
        }

        return baseline;
    }

    private ModelCatalog LoadCatalog(string projectDirectory)
    {
        var catalog = ModelCatalog.Default;
        if (string.IsNullOrWhiteSpace(ModelCatalogFile))
        {
            return catalog;
        }

        var path = FullPath(projectDirectory, ModelCatalogFile!);
        if (!File.Exists(path))
        {
            return catalog;
        }

        try
        {
            return catalog.WithOverrides(path);
        }
        catch (CatalogException ex)
        {
            Log.LogError(null, ex.Code, null, ex.File, ex.Line, ex.Column, 0, 0, ex.Detail);
            return catalog;
        }
    }

    private void LogDiagnostic(PromptDiagnostic d)
    {
        if (d.IsInfo)
        {
            // Needs no action: shown in a normal build log (and by IDEs), never as a warning that CI turns into an error.
            Log.LogMessage(null, d.Code, null, d.File, d.Line, d.Column, 0, 0, MessageImportance.High, d.Message);
        }
        else if (d.IsError)
        {
            Log.LogError(null, d.Code, null, d.File, d.Line, d.Column, 0, 0, d.Message);
        }
        else
        {
            Log.LogWarning(null, d.Code, null, d.File, d.Line, d.Column, 0, 0, d.Message);
        }
    }

    /// <summary>Runs <paramref name="action"/>; an exception becomes an error at <paramref name="file"/> instead of a crash.</summary>
    private T? Guard<T>(Func<T> action, string file, string what)
        where T : class
    {
        try
        {
            return action();
        }
        catch (CatalogException ex)
        {
            // A tokenizer file that cannot be loaded: reported once, at its line in llmops.models.yaml.
            if (_reportedCatalogErrors.Add(ex.Message))
            {
                Log.LogError(null, ex.Code, null, ex.File, ex.Line, ex.Column, 0, 0, ex.Detail);
            }

            return null;
        }
        catch (Exception ex)
        {
            Log.LogError(null, InternalErrorCode, null, file, 0, 0, 0, 0, "LlmOps failed {0}: {1}", what, ex.Message);
            return null;
        }
    }

    private void WriteFile(string path, string content)
    {
        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        AtomicFile.WriteIfChanged(path, content);
    }

    private bool TryPercent(string name, string? text, double? fallback, out double? value)
    {
        value = fallback;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (double.TryParse(text!.Trim().TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed >= 0 && !double.IsInfinity(parsed))
        {
            value = parsed;
            return true;
        }

        Log.LogError(null, InternalErrorCode, null, ProjectDirectory, 0, 0, 0, 0,
            "LlmOps{0} must be a non-negative number of percent (for example 10), not '{1}'.", name, text);
        return false;
    }

    private bool TryPercent(string name, string? text, double fallback, out double value)
    {
        var ok = TryPercent(name, text, (double?)fallback, out double? parsed);
        value = parsed ?? fallback;
        return ok;
    }

    private bool TryDate(out DateTimeOffset today)
    {
        today = DateTimeOffset.UtcNow;
        if (string.IsNullOrWhiteSpace(AnalysisDate))
        {
            return true;
        }

        if (DateTime.TryParseExact(AnalysisDate!.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            today = new DateTimeOffset(date, TimeSpan.Zero);
            return true;
        }

        Log.LogError(null, InternalErrorCode, null, ProjectDirectory, 0, 0, 0, 0,
            "LlmOpsAnalysisDate must be a date as yyyy-MM-dd, not '{0}'.", AnalysisDate);
        return false;
    }

    private static decimal? SumCost(IReadOnlyList<PromptLockEntry> entries)
    {
        var priced = entries.Where(e => e.CostPerCall is not null).ToList();
        return priced.Count == 0 ? null : priced.Sum(e => e.CostPerCall!.Value);
    }

    private static string Money(decimal? value) =>
        value is decimal v ? "$" + v.ToString("0.######", CultureInfo.InvariantCulture) : "no price";

    private static string ToolVersion
    {
        get
        {
            var assembly = typeof(GeneratePromptArtifacts).Assembly;
            var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            var version = string.IsNullOrEmpty(informational) ? assembly.GetName().Version?.ToString() ?? "0.0.0" : informational!;
            var plus = version.IndexOf('+');
            return plus >= 0 ? version.Substring(0, plus) : version;
        }
    }

    private static StringComparer PathComparer =>
        Path.DirectorySeparatorChar == '\\' ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    internal static string FullPath(string baseDirectory, string path) =>
        Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory, path));

    /// <summary><paramref name="path"/> relative to <paramref name="directory"/>, with '/' separators (net472 has no Path.GetRelativePath).</summary>
    internal static string RelativePath(string directory, string path)
    {
        var from = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var to = Path.GetFullPath(path);
        var comparison = Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (to.StartsWith(from, comparison))
        {
            return to.Substring(from.Length).Replace('\\', '/');
        }

        var relative = Uri.UnescapeDataString(new Uri(from).MakeRelativeUri(new Uri(to)).ToString());
        return relative.Replace('\\', '/');
    }
}
