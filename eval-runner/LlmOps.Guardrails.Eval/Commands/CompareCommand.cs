using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Eval.Cassettes;
using LlmOps.Guardrails.Eval.Config;
using LlmOps.Guardrails.Eval.Execution;
using LlmOps.Guardrails.Eval.Gate;
using LlmOps.Guardrails.Eval.History;
using LlmOps.Guardrails.Eval.Import;
using LlmOps.Guardrails.Eval.Results;
using ConfigGateLevel = LlmOps.Guardrails.Eval.Config.GateLevel;
using ConfigGateRules = LlmOps.Guardrails.Eval.Config.GateRules;
using GateLevel = LlmOps.Guardrails.Eval.Gate.GateLevel;
using GateRules = LlmOps.Guardrails.Eval.Gate.GateRules;

namespace LlmOps.Guardrails.Eval.Commands;

/// <summary>
/// <c>dotnet eval compare</c>: runs the baseline prompts (at a git ref) and the candidate prompts (working tree) on their
/// golden datasets, writes results.json and the reports, prints the headline and exits with the gate's code.
/// </summary>
public static class CompareCommand
{
    public const string DefaultOut = ".llmops/eval";

    /// <summary>Catalog overrides read from the config's folder when present (the format of docs/catalog.md).</summary>
    public const string ModelsFileName = "llmops.models.yaml";

    public static Command Create(TextWriter output, TextWriter error) => Create(output, error, null);

    /// <summary>As <see cref="Create(TextWriter, TextWriter)"/>; <paramref name="onProgress"/> also sees each completed case (tests).</summary>
    internal static Command Create(TextWriter output, TextWriter error, Action<CompareProgress>? onProgress)
    {
        var config = new Option<string>("--config", "-c") { Description = "The eval config.", DefaultValueFactory = _ => EvalConfig.DefaultFileName };
        var baseline = new Option<string>("--baseline", "-b") { Description = "Git ref of the baseline prompts, e.g. origin/main.", Required = true };
        var offline = new Option<bool>("--offline") { Description = "Replay cassettes only; a missing recording is an error (exit 3)." };
        var record = new Option<bool>("--record") { Description = "Call the providers and (re)record the cassettes." };
        var outDir = new Option<string?>("--out", "-o") { Description = "Output folder. Default: .llmops/eval next to the config." };
        var repeats = new Option<int?>("--repeats") { Description = "Runs per case and variant (overrides the config)." };
        var concurrency = new Option<int?>("--concurrency") { Description = "Provider calls in flight (overrides the config); halved on HTTP 429, regained after successes." };
        var resume = new Option<bool>("--resume") { Description = "Continue an interrupted run from <out>/checkpoint.jsonl: completed cases whose prompt and case are unchanged are not run again." };
        var shard = new Option<string?>("--shard") { Description = "Run only shard i of n (e.g. 2/4), picked by a stable hash of prompt and case id; combine the shards with `dotnet eval merge`." };
        var history = new Option<string?>("--history") { Description = "The run history to append to. Default: .llmops/history.db next to the config." };
        var noHistory = new Option<bool>("--no-history") { Description = "Do not append this run to the history." };

        var command = new Command(
            "compare",
            "Evaluate baseline vs. candidate prompts on their golden datasets and gate on quality, cost and latency.\n\nExample:\n  dotnet eval compare --baseline origin/main --offline")
        {
            config, baseline, offline, record, outDir, repeats, concurrency, resume, shard, history, noHistory,
        };
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Execute(
            parseResult.GetValue(config) ?? EvalConfig.DefaultFileName,
            parseResult.GetValue(baseline)!,
            parseResult.GetValue(offline),
            parseResult.GetValue(record),
            parseResult.GetValue(outDir),
            parseResult.GetValue(repeats),
            parseResult.GetValue(concurrency),
            parseResult.GetValue(resume),
            parseResult.GetValue(shard),
            parseResult.GetValue(history),
            parseResult.GetValue(noHistory),
            output,
            error,
            onProgress,
            cancellationToken)));
        return command;
    }

    private static int Execute(
        string configPath, string baselineRef, bool offline, bool record, string? outDir, int? repeats, int? concurrency, bool resume,
        string? shard, string? history, bool noHistory, TextWriter output, TextWriter error, Action<CompareProgress>? onProgress, CancellationToken cancellationToken)
    {
        if (offline && record)
        {
            error.WriteLine("error: --offline and --record exclude each other.");
            return ExitCodes.CouldNotRun;
        }

        if (repeats is < 1 or > 100 || concurrency is < 1 or > 256)
        {
            error.WriteLine("error: --repeats must be 1-100 and --concurrency 1-256.");
            return ExitCodes.CouldNotRun;
        }

        ShardSpec? shardSpec = null;
        if (shard is not null && !ShardSpec.TryParse(shard, out shardSpec, out string? shardError))
        {
            error.WriteLine("error: " + shardError);
            return ExitCodes.CouldNotRun;
        }

        string fullConfig = Path.GetFullPath(configPath);
        // Before anything can fail: results of an earlier run left in the folder must not pass for this run's.
        string earlierOut = Path.GetFullPath(outDir ?? Path.Combine(Path.GetDirectoryName(fullConfig) ?? ".", DefaultOut));
        try
        {
            RunOutputs.ClearPrevious(earlierOut);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: the previous results in {earlierOut} cannot be removed: {ex.Message}");
            return ExitCodes.CouldNotRun;
        }

        if (!File.Exists(fullConfig))
        {
            error.WriteLine($"error: no eval config at {fullConfig} (run `dotnet eval init`, or pass --config).");
            return ExitCodes.CouldNotRun;
        }

        // Defaults (out folder, history, catalog overrides) stay next to the file the user named, promptfoo or not.
        string homeFolder = Path.GetDirectoryName(fullConfig) ?? ".";
        if (PromptfooConfigReader.IsPromptfooFile(fullConfig))
        {
            string generated = Path.Combine(homeFolder, ".llmops", "promptfoo");
            error.WriteLine($"note: {configPath} is a promptfoo config: importing it into {generated} first (docs/eval-import.md).");
            if (PromptfooImport.Run(fullConfig, generated, error, error, cassettes: "../cassettes", linePrefix: "note: ") == ExitCodes.CouldNotRun)
            {
                return ExitCodes.CouldNotRun;
            }

            fullConfig = Path.Combine(generated, EvalConfig.DefaultFileName);
        }

        var read = EvalConfigReader.ReadFile(fullConfig);
        if (!read.Succeeded || read.Config is null)
        {
            foreach (var diagnostic in read.Diagnostics) error.WriteLine(diagnostic.ToString());
            return ExitCodes.CouldNotRun;
        }

        var evalConfig = read.Config;
        string modelsFile = Path.Combine(homeFolder, ModelsFileName);
        ModelCatalog? catalog = null;
        if (File.Exists(modelsFile))
        {
            // The same overrides file the build task and the analyzers read, so a deployment or self-hosted model
            // declared there is routed and priced in evals too.
            try
            {
                catalog = ModelCatalog.Default.WithOverrides(modelsFile);
            }
            catch (CatalogException ex)
            {
                error.WriteLine(ex.Message);
                return ExitCodes.CouldNotRun;
            }
        }

        string outFolder = Path.GetFullPath(outDir ?? Path.Combine(homeFolder, DefaultOut));
        string checkpointPath = Path.Combine(outFolder, CheckpointWriter.FileName);
        if (resume && !File.Exists(checkpointPath))
        {
            error.WriteLine($"warning: --resume: no checkpoint at {checkpointPath}; running every case.");
        }

        var reporter = new CompareProgressReporter(
            error,
            ReferenceEquals(error, Console.Error) && CompareProgressReporter.IsInteractiveConsole());
        var options = new CompareOptions
        {
            CheckpointPath = checkpointPath,
            Resume = resume,
            Progress = progress =>
            {
                reporter.Report(progress);
                onProgress?.Invoke(progress);
            },
            BaselineRef = baselineRef,
            Mode = offline ? CassetteMode.Offline : record ? CassetteMode.Record : CassetteMode.Replay,
            Repeats = repeats,
            Concurrency = concurrency,
            Shard = shardSpec,
            Catalog = catalog,
        };

        CompareRunResult result;
        try
        {
            result = EvalRunner.RunAsync(evalConfig, options, cancellationToken).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            reporter.Complete();
            error.WriteLine("cancelled before any case completed.");
            return ExitCodes.CouldNotRun;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CassetteFormatException)
        {
            reporter.Complete();
            error.WriteLine($"error: {ex.Message}");
            return ExitCodes.CouldNotRun;
        }

        reporter.Complete();
        foreach (string message in result.Errors) error.WriteLine(message);
        foreach (string skipped in result.SkippedAssertions) error.WriteLine("note: " + skipped);
        if (result.Cancelled)
        {
            error.WriteLine(
                $"cancelled: {result.CompletedCases + result.ResumedCases} of {result.TotalCases} cases completed and kept in {checkpointPath}; no results were written.");
            error.WriteLine("resume with the same arguments plus --resume, e.g.:");
            error.WriteLine($"  dotnet eval compare --config {configPath} --baseline {baselineRef}{(offline ? " --offline" : record ? " --record" : string.Empty)}{(shardSpec is null ? string.Empty : " --shard " + shardSpec)} --out {outFolder} --resume");
            return ExitCodes.CouldNotRun;
        }

        if (result.Run is null)
        {
            return ExitCodes.CouldNotRun;
        }

        var run = result.Run;
        var gate = RunOutputs.WriteAndReport(run, outFolder, evalConfig.Directory, ToPolicy(evalConfig.Gate), output, error, RunOutputs.CouldNotRunReason(result.CassetteMisses.Count, result.Errors.Count));
        TryDelete(checkpointPath);

        // A shard is only part of a run: its merge is what the history keeps. A run that could not complete is not history.
        if (shardSpec is null && result.CassetteMisses.Count == 0 && result.Errors.Count == 0)
        {
            RunOutputs.AppendHistory(run, noHistory ? null : Path.GetFullPath(history ?? RunHistoryStore.DefaultPath(homeFolder)), "compare", error);
        }

        if (result.CassetteMisses.Count > 0)
        {
            foreach (string miss in result.CassetteMisses) error.WriteLine("error: " + miss);
            return ExitCodes.CouldNotRun;
        }

        return result.Errors.Count > 0 ? ExitCodes.CouldNotRun : gate.ExitCode;
    }

    /// <summary>The eval config's gate section as the evaluator's policy.</summary>
    public static GatePolicy ToPolicy(GateConfig gate)
    {
        if (gate is null) throw new ArgumentNullException(nameof(gate));
        var policy = new GatePolicy
        {
            Defaults = new GateRules
            {
                MinPassRate = gate.Quality.MinPassRate,
                MaxQualityDropPoints = gate.Quality.MaxDrop * 100,
                QualityLevel = Map(gate.Quality.Level),
                MaxCostIncreasePercent = gate.Cost.MaxIncreasePercent,
                CostLevel = Map(gate.Cost.Level),
                MaxP95LatencyIncreasePercent = gate.Latency.MaxP95IncreasePercent,
                LatencyLevel = Map(gate.Latency.Level),
                MaxErroredRate = gate.Errored.MaxRate,
                ErroredLevel = Map(gate.Errored.Level),
            },
        };
        foreach (var pair in gate.PerPrompt) policy.Prompts[pair.Key] = ToRules(pair.Value);
        foreach (var pair in gate.PerTag) policy.Tags[pair.Key] = ToRules(pair.Value);
        return policy;
    }

    private static GateRules ToRules(ConfigGateRules rules) => new()
    {
        MinPassRate = rules.Quality?.MinPassRate,
        MaxQualityDropPoints = rules.Quality?.MaxDrop * 100,
        QualityLevel = Map(rules.Quality?.Level),
        MaxCostIncreasePercent = rules.Cost?.MaxIncreasePercent,
        CostLevel = Map(rules.Cost?.Level),
        MaxP95LatencyIncreasePercent = rules.Latency?.MaxP95IncreasePercent,
        LatencyLevel = Map(rules.Latency?.Level),
    };

    private static GateLevel? Map(ConfigGateLevel? level) => level switch
    {
        ConfigGateLevel.Fail => GateLevel.Fail,
        ConfigGateLevel.Warn => GateLevel.Warn,
        ConfigGateLevel.Off => GateLevel.Off,
        _ => null,
    };

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // a stale checkpoint is harmless: a fresh run truncates it, --resume re-validates every entry
        }
    }
}
