using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Prompts;
using LlmOps.Guardrails.Eval.Cassettes;
using LlmOps.Guardrails.Eval.Comparison;
using LlmOps.Guardrails.Eval.Config;
using LlmOps.Guardrails.Eval.Datasets;
using LlmOps.Guardrails.Eval.Results;
using LlmOps.Guardrails.Eval.Scoring;
using LlmOps.Guardrails.Runtime.Cost;
using LlmOps.Guardrails.Runtime.Resilience;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Eval.Execution;

/// <summary>
/// Runs every prompt of the config against its dataset in two variants — baseline (the prompt file at a git ref) and
/// candidate (the working tree) — scores the outputs and compares them (see docs/eval-cli.md, "compare").
/// </summary>
public sealed partial class EvalRunner
{
    private readonly EvalConfig config;
    private readonly CompareOptions options;
    private readonly ModelCatalog catalog;
    private readonly ConcurrentQueue<string> misses = new();
    private readonly ConcurrentQueue<string> skippedAssertions = new();
    private readonly SecretScrubber scrubber;

    private EvalRunner(EvalConfig config, CompareOptions options)
    {
        this.config = config;
        this.options = options;
        catalog = options.Catalog ?? ModelCatalog.Default;
        // A provider's key variable may have any name (AZURE_OPENAI_KEY1), so the configured ones are secrets too.
        scrubber = SecretScrubber.FromEnvironment(config.Providers.Values.Select(p => p.ApiKeyEnv));
    }

    public static Task<CompareRunResult> RunAsync(EvalConfig config, CompareOptions options, CancellationToken cancellationToken = default)
    {
        if (config is null) throw new ArgumentNullException(nameof(config));
        if (options is null) throw new ArgumentNullException(nameof(options));
        return new EvalRunner(config, options).RunAsync(cancellationToken);
    }

    private async Task<CompareRunResult> RunAsync(CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var errors = new List<string>();
        int repeats = options.Repeats ?? config.Repeats;
        int concurrency = options.Concurrency ?? config.Concurrency;
        if (repeats < 1) errors.Add("error LLME103: --repeats must be at least 1.");
        if (concurrency < 1) errors.Add("error LLME103: --concurrency must be at least 1.");

        string? repoRoot = Git(config.Directory, out string? gitError, "rev-parse", "--show-toplevel");
        if (repoRoot is null)
        {
            errors.Add($"error: the config's folder {config.Directory} is not in a git repository ({gitError}); compare reads the baseline prompts from git.");
            return new CompareRunResult { Errors = errors };
        }

        string? commit = Git(repoRoot, out _, "rev-parse", "HEAD");
        // Resolved in two steps: appending ^{commit} to a ":/message" ref would become part of the searched message.
        string? baselineObject = Git(repoRoot, out gitError, "rev-parse", "--verify", "--quiet", options.BaselineRef);
        string? baselineCommit = baselineObject is null ? null : Git(repoRoot, out gitError, "rev-parse", "--verify", "--quiet", baselineObject + "^{commit}");
        if (baselineCommit is null)
        {
            errors.Add($"error: the baseline ref '{options.BaselineRef}' is not a commit in {repoRoot} (fetch it first, e.g. `git fetch origin main`).");
        }

        // Clients: the application provider and the judge, each behind the cassette layer.
        var store = new CassetteStore(config.ResolveCassettes());
        CassetteChatClient? appClient = null;
        JudgeScorer? judge = null;
        try
        {
            store.LoadAll();
        }
        catch (CassetteFormatException ex)
        {
            errors.Add($"{ex.FilePath}({ex.LineNumber},1): error: {ex.Message}");
        }

        // One client per provider, shared by the prompts routed to it and by the judge.
        // A provider that cannot be set up is tried once: its error is reported once, not once per prompt routed to it.
        var clients = new Dictionary<string, CassetteChatClient>(StringComparer.Ordinal);
        var unusable = new HashSet<string>(StringComparer.Ordinal);
        CassetteChatClient? ClientFor(ProviderConfig provider)
        {
            if (unusable.Contains(provider.Name)) return null;
            if (!clients.TryGetValue(provider.Name, out var client))
            {
                client = CreateCassetteClient(store, provider, errors);
                if (client is null)
                {
                    unusable.Add(provider.Name);
                    return null;
                }

                clients[provider.Name] = client;
            }

            return client;
        }

        appClient = ClientFor(DefaultProvider());
        if (config.Judge is { } judgeConfig && appClient is not null)
        {
            var judgeProvider = config.Providers.TryGetValue(judgeConfig.Provider, out var p) ? p : DefaultProvider();
            var judgeClient = ClientFor(judgeProvider);
            if (judgeClient is not null)
            {
                try
                {
                    judge = new JudgeScorer(new JudgeContextChatClient(judgeClient), judgeConfig.Model, new JudgeOptions { Catalog = catalog });
                }
                catch (ArgumentException ex)
                {
                    errors.Add($"{config.Path}: error LLME103: judge.model: {ex.Message}");
                }
            }
        }

        // Prompts and datasets: everything is read and checked before the first call.
        // Baseline files are read at the resolved SHA: refs such as ":/message" cannot be followed by ":path".
        string baselineRevision = baselineCommit ?? options.BaselineRef;
        var plans = new List<PromptPlan>();
        var promptFiles = config.ResolvePromptFiles();
        foreach (string path in promptFiles)
        {
            var plan = Plan(path, repoRoot, baselineRevision, errors);
            if (plan is not null) plans.Add(plan);
        }

        var removedPlans = baselineCommit is null
            ? new List<VariantPlan>()
            : PlanRemoved(promptFiles, plans.Select(p => p.Candidate.Prompt.Id), repoRoot, baselineCommit, errors);

        if (plans.Count == 0 && removedPlans.Count == 0 && errors.Count == 0)
        {
            errors.Add($"{config.Path}: error LLME102: no prompt file matches {string.Join(", ", config.Prompts)}.");
        }

        // Each prompt's calls go to the provider named after its model's provider (e.g. `anthropic` for Claude models)
        // when the config defines one, else to `default`.
        var clientByModel = new Dictionary<string, CassetteChatClient>(StringComparer.Ordinal);
        foreach (var variant in plans.SelectMany(plan => plan.Variants()).Concat(removedPlans))
        {
            if (!clientByModel.ContainsKey(variant.Prompt.Model) && ClientFor(ProviderFor(variant.Prompt.Model)) is { } client)
            {
                clientByModel[variant.Prompt.Model] = client;
            }
        }

        if (options.Mode == CassetteMode.Record && MissingKeysError() is { } missingKeysError) errors.Add(missingKeysError);
        if (errors.Count > 0 || appClient is null)
        {
            DisposeAll(clients.Values);
            return new CompareRunResult { Errors = errors };
        }

        // Work: one unit per distinct (prompt hash, case fingerprint); an unchanged prompt runs once for both variants.
        var units = new Dictionary<string, Func<StrongBox<bool>, Task<CaseResult>>>(StringComparer.Ordinal);
        var infos = new Dictionary<string, UnitInfo>(StringComparer.Ordinal);
        var order = new List<string>();
        var unrecorded = new RecordingCheck(this, store);
        var work = plans
            .SelectMany(plan => plan.Variants().Select(variant => (PromptId: plan.Candidate.Prompt.Id, Variant: variant, Name:
                plan.Baseline is not null && plan.Baseline.Hash == plan.Candidate.Hash ? "both"
                : ReferenceEquals(variant, plan.Candidate) ? "candidate" : "baseline")))
            .Concat(removedPlans.Select(variant => (PromptId: variant.Prompt.Id, Variant: variant, Name: "baseline")));
        foreach (var (promptId, variant, variantName) in work)
        {
            foreach (var evalCase in variant.Dataset.Cases)
            {
                if (!InShard(promptId, evalCase.Id)) continue;
                string fingerprint = variant.Fingerprints[evalCase.Id];
                string key = UnitKey(variant.Hash, fingerprint);
                if (units.ContainsKey(key)) continue;
                var prompt = variant.Prompt;
                var client = clientByModel[prompt.Model];
                units[key] = rateLimited => RunCaseAsync(prompt, evalCase, variantName, client, judge, repeats, rateLimited, cancellationToken);
                infos[key] = new UnitInfo(promptId, variantName, evalCase.Id, fingerprint, variant.Hash);
                order.Add(key);
                unrecorded.Check(key, prompt, evalCase, variantName, client);
            }
        }

        var results = new ConcurrentDictionary<string, CaseResult>(StringComparer.Ordinal);
        int resumed = 0;
        if (options.Resume && options.CheckpointPath is not null)
        {
            foreach (var entry in CheckpointWriter.Read(options.CheckpointPath))
            {
                string key = UnitKey(entry.PromptHash, entry.CaseFingerprint);
                if (entry.Repeats == repeats && units.ContainsKey(key) && results.TryAdd(key, entry.Result)) resumed++;
            }
        }

        // Requests that would need a provider without a key fail before the first call, in one line for all of them
        // (cases kept from the checkpoint make no call), and before the checkpoint is rewritten.
        if (unrecorded.Error(results.Keys) is { } unrecordedError)
        {
            DisposeAll(clients.Values);
            return new CompareRunResult { Errors = new[] { unrecordedError } };
        }

        using var sink = options.CheckpointPath is null ? null
            : options.Resume ? RewriteCheckpoint(options.CheckpointPath, order, infos, results, repeats)
            : new CheckpointWriter(options.CheckpointPath, append: false);

        int totalCalls = order.Count * repeats;
        int completedCalls = resumed * repeats;
        int errorCount = results.Values.Count(r => r.Status == CaseStatus.Errored);
        decimal cost = results.Values.Sum(r => (r.Cost ?? 0) * repeats + r.JudgeCost);
        var progressGate = new object();
        var limiter = new AdaptiveConcurrencyLimiter(concurrency, Math.Max(1, options.ConcurrencyRecoveryAfter));
        var running = new List<Task>();
        int completedHere = 0;
        int lowest = concurrency;

        async Task RunUnitAsync(string key)
        {
            var rateLimited = new StrongBox<bool>(false);
            try
            {
                var result = scrubber.Scrub(await units[key](rateLimited).ConfigureAwait(false));
                if (cancellationToken.IsCancellationRequested && result.Status == CaseStatus.Errored) return; // maybe torn by the cancellation
                results[key] = result;
                sink?.Append(infos[key].ToEntry(repeats, result));
                CompareProgress progress;
                lock (progressGate)
                {
                    completedHere++;
                    completedCalls += repeats;
                    if (result.Status == CaseStatus.Errored) errorCount++;
                    cost += (result.Cost ?? 0) * repeats + result.JudgeCost;
                    progress = new CompareProgress(completedCalls, totalCalls, errorCount, cost);
                }

                options.Progress?.Invoke(progress);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // cancelled in flight: not checkpointed, runs again on --resume
            }
            finally
            {
                limiter.Release(rateLimited.Value);
                lock (progressGate) lowest = Math.Min(lowest, limiter.CurrentLimit);
            }
        }

        foreach (string key in order)
        {
            if (results.ContainsKey(key)) continue;
            try
            {
                await limiter.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            running.Add(RunUnitAsync(key));
        }

        await Task.WhenAll(running).ConfigureAwait(false);

        if (cancellationToken.IsCancellationRequested)
        {
            FlushAndDispose(clients.Values, store);
            return new CompareRunResult
            {
                Cancelled = true,
                CompletedCases = completedHere,
                ResumedCases = resumed,
                TotalCases = order.Count,
            LowestConcurrency = lowest,
            };
        }

        FlushAndDispose(clients.Values, store);

        var comparisons = new List<PromptComparison>();
        foreach (var plan in plans)
        {
            var candidateSet = ToSet(plan.Candidate, plan.Candidate.Prompt.Id, results);
            var baselineSet = plan.Baseline is null
                ? new CaseResultSet { PromptId = plan.Candidate.Prompt.Id, Cases = Array.Empty<CaseRecord>() }
                : ToSet(plan.Baseline, plan.Candidate.Prompt.Id, results);
            comparisons.Add(PromptComparer.Compare(baselineSet, candidateSet));
        }

        foreach (var removed in removedPlans)
        {
            comparisons.Add(PromptComparer.CompareRemoved(ToSet(removed, removed.Prompt.Id, results)));
        }

        DateTime? pricesCheckedOn = plans
            .SelectMany(p => p.Variants())
            .Concat(removedPlans)
            .Select(v => catalog.Lookup(v.Prompt.Model).Model?.PricesCheckedOn)
            .Where(d => d is not null)
            .DefaultIfEmpty(null)
            .Max();

        var runIdentity = RunIdentity.FromEnvironment(Environment.GetEnvironmentVariable);
        var run = new EvalRun
        {
            Provenance = new RunProvenance
            {
                StartedAt = started,
                FinishedAt = DateTimeOffset.UtcNow,
                Commit = commit,
                BaselineRef = options.BaselineRef,
                BaselineCommit = baselineCommit,
                JudgeModel = config.Judge?.Model,
                CatalogPricesCheckedOn = pricesCheckedOn,
                Mode = options.Mode switch
                {
                    CassetteMode.Record => "record",
                    CassetteMode.Offline => "offline",
                    _ => "replay",
                },
                ToolVersion = typeof(EvalRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
                Shard = options.Shard?.ToString(),
                ConfigHash = ConfigFileHash(config.Path),
                RunId = runIdentity.RunId,
                RunAttempt = runIdentity.RunAttempt,
                PullRequest = runIdentity.PullRequest,
            },
            Prompts = comparisons,
        };
        return new CompareRunResult
        {
            Run = run,
            CassetteMisses = misses.Distinct(StringComparer.Ordinal).ToList(),
            SkippedAssertions = skippedAssertions.ToList(),
            CompletedCases = completedHere,
            ResumedCases = resumed,
            TotalCases = order.Count,
            LowestConcurrency = lowest,
        };
    }

    private void FlushAndDispose(IEnumerable<CassetteChatClient> clients, CassetteStore store)
    {
        if (options.Mode == CassetteMode.Record)
        {
            foreach (var client in clients) client.Flush();
            store.Flush();
        }

        DisposeAll(clients);
    }

    private static void DisposeAll(IEnumerable<CassetteChatClient> clients)
    {
        foreach (var client in clients) client.Dispose();
    }

    private PromptPlan? Plan(string path, string repoRoot, string baselineRevision, List<string> errors)
    {
        var candidateRead = PromptFileReader.ReadFile(path);
        foreach (var diagnostic in candidateRead.Diagnostics.Where(d => d.IsError)) errors.Add(diagnostic.ToString());
        if (candidateRead.HasErrors || candidateRead.Prompt is null) return null;
        var candidatePrompt = PromptDefaults.ApplyDefaultModel(candidateRead.Prompt, config.DefaultModel, out var unpriced);
        if (unpriced is not null)
        {
            errors.Add($"{unpriced.File}({unpriced.Line},{unpriced.Column}): error {unpriced.Code}: Prompt '{candidatePrompt.Id}' names no model, so it cannot be run: set default_model in {EvalConfig.DefaultFileName}.");
            return null;
        }

        if (UnknownModel(candidatePrompt) is { } unknownModel)
        {
            errors.Add(unknownModel.ToString());
            return null;
        }

        PromptDefinition? baselinePrompt = null;
        if (GitBaseline.TryReadFile(repoRoot, baselineRevision, path, out string? baselineText, out _) && baselineText is not null)
        {
            var baselineRead = PromptFileReader.Read(path, baselineText);
            foreach (var diagnostic in baselineRead.Diagnostics.Where(d => d.IsError))
            {
                errors.Add($"{diagnostic} (at {options.BaselineRef})");
            }

            if (baselineRead.HasErrors) return null;
            baselinePrompt = baselineRead.Prompt is { } read ? PromptDefaults.ApplyDefaultModel(read, config.DefaultModel, out _) : null;
        }

        string? datasetPath = config.ResolveDataset(candidatePrompt.Id);
        if (datasetPath is null && candidatePrompt.Dataset is not null)
        {
            datasetPath = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", candidatePrompt.Dataset));
        }

        if (datasetPath is null)
        {
            errors.Add($"{path}(1,1): error LLME108: prompt '{candidatePrompt.Id}' has no dataset: add it under `datasets:` in {Path.GetFileName(config.Path)} or give the prompt a `dataset:` key.");
            return null;
        }

        if (!File.Exists(datasetPath))
        {
            errors.Add($"{path}(1,1): error LLME108: the dataset of prompt '{candidatePrompt.Id}' was not found: {datasetPath}.");
            return null;
        }

        var candidateData = DatasetReader.ReadFile(datasetPath);
        foreach (var diagnostic in candidateData.Diagnostics) errors.Add(diagnostic.ToString());
        if (!candidateData.Succeeded || candidateData.Dataset is null) return null;

        NoteDisabledAssertions(datasetPath, candidatePrompt.Id, candidateData.Dataset.Cases.SelectMany(c => c.Assertions).Concat(config.Scorers));
        EvalDataset baselineData = candidateData.Dataset;
        if (baselinePrompt is not null
            && GitBaseline.TryReadFile(repoRoot, baselineRevision, datasetPath, out string? baselineDatasetText, out _)
            && baselineDatasetText is not null)
        {
            var read = DatasetReader.Read(datasetPath, baselineDatasetText);
            foreach (var diagnostic in read.Diagnostics) errors.Add($"{diagnostic} (at {options.BaselineRef})");
            if (!read.Succeeded || read.Dataset is null) return null;
            baselineData = read.Dataset;
        }

        return new PromptPlan(
            baselinePrompt is null ? null : NewVariant(baselinePrompt, baselineData),
            NewVariant(candidatePrompt, candidateData.Dataset));
    }

    /// <summary>Lists the disabled assertions a prompt's run will skip, so that a skipped check is never silent.</summary>
    private void NoteDisabledAssertions(string datasetPath, string promptId, IEnumerable<AssertionSpec> assertions)
    {
        foreach (var a in assertions.Where(a => a.Disabled))
        {
            skippedAssertions.Enqueue($"{datasetPath}({a.Line},{a.Column}): prompt '{promptId}': disabled '{a.Type}' assertion not scored: {a.DisabledReason}");
        }
    }

    private VariantPlan NewVariant(PromptDefinition prompt, EvalDataset dataset) => new(
        prompt,
        PromptHash.Compute(prompt),
        dataset,
        dataset.Cases.ToDictionary(c => c.Id, c => AssertionMapping.Fingerprint(c, config.Scorers), StringComparer.Ordinal));

    private static CheckpointWriter RewriteCheckpoint(
        string path, List<string> order, Dictionary<string, UnitInfo> infos, ConcurrentDictionary<string, CaseResult> results, int repeats)
    {
        var writer = new CheckpointWriter(path, append: false);
        foreach (string key in order)
        {
            if (!results.TryGetValue(key, out var result)) continue;
            writer.Append(infos[key].ToEntry(repeats, result));
        }

        return writer;
    }

    private static string UnitKey(string hash, string fingerprint) => hash + "|" + fingerprint;

    private CaseResultSet ToSet(VariantPlan variant, string promptId, IReadOnlyDictionary<string, CaseResult> results) => new()
    {
        PromptId = promptId,
        PromptHash = variant.Hash,
        Model = variant.Prompt.Model,
        CallsPerDay = variant.Prompt.CallsPerDay,
        Cases = variant.Dataset.Cases
            .Where(c => InShard(promptId, c.Id))
            .Select(c =>
            {
                string fingerprint = variant.Fingerprints[c.Id];
                return new CaseRecord(c.Id, fingerprint, results[UnitKey(variant.Hash, fingerprint)], c.Tags);
            })
            .ToList(),
    };

    private async Task<CaseResult> RunCaseAsync(
        PromptDefinition prompt, EvalCase evalCase, string variantName, IChatClient client, JudgeScorer? judge, int repeats, StrongBox<bool> rateLimited, CancellationToken cancellationToken)
    {
        var missing = MissingVariables(prompt, evalCase);
        if (missing.Count > 0)
        {
            return Errored(
                $"prompt '{prompt.Id}' case '{evalCase.Id}': missing variable{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing.Select(n => "{{" + n + "}}"))}; add {(missing.Count == 1 ? "it" : "them")} to the case's `vars`.");
        }

        List<IScorer> scorers;
        try
        {
            scorers = evalCase.Assertions.Concat(config.Scorers)
                .Where(a => !a.Disabled)
                .Select(a => ScorerFactory.Create(AssertionMapping.ToScorerSpec(a, config.Judge), judge))
                .ToList();
        }
        catch (Exception ex) when (ex is ScorerSpecException or ArgumentException or InvalidOperationException or System.Text.Json.JsonException)
        {
            return Errored($"prompt '{prompt.Id}' case '{evalCase.Id}': assertion not usable: {ex.Message}");
        }

        var messages = RenderMessages(prompt, evalCase);
        var variables = evalCase.Variables.ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.Ordinal);

        JudgeContextChatClient.SetCurrent(prompt.Id, evalCase.Id);
        var runs = new List<RunOutcome>(repeats);
        for (int i = 0; i < repeats; i++)
        {
            var chatOptions = BuildOptions(prompt, evalCase.Id);
            ChatResponse response;
            var stopwatch = Stopwatch.StartNew();
            try
            {
                response = await client.GetResponseAsync(messages, chatOptions, cancellationToken).ConfigureAwait(false);
            }
            catch (CassetteMissException ex)
            {
                string message = MissMessage(ex, prompt, variantName);
                misses.Enqueue(message);
                return Errored(message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                rateLimited.Value = ProviderFailure.Classify(ex, cancellationToken).StatusCode == 429;
                return Errored($"provider call failed ({ex.GetType().Name}): {ex.Message}");
            }

            stopwatch.Stop();
            // Rounded as cassettes store it (0.1 ms), so a recorded run and its offline replay report the same latency.
            double latency = Math.Round(CassetteResponseInfo.GetLatency(response)?.TotalMilliseconds ?? stopwatch.Elapsed.TotalMilliseconds, 1);
            var usage = UsageMapping.ToTokenUsage(response);
            decimal? cost = ChatCost.Of(response, catalog, prompt.Model);
            string output = response.Text ?? string.Empty;
            var input = new ScoringInput
            {
                Output = output,
                Expected = evalCase.Expected,
                Variables = variables,
                CostUsd = cost,
                LatencyMs = latency,
            };

            var scores = new List<ScoreResult>(scorers.Count);
            decimal judgeCost = 0;
            foreach (var scorer in scorers)
            {
                if (scorer is JudgeAssertion judgeAssertion)
                {
                    var outcome = await judgeAssertion.JudgeAsync(input, cancellationToken).ConfigureAwait(false);
                    judgeCost += outcome.CostUsd ?? 0;
                    scores.Add(outcome.ScoreResult);
                }
                else
                {
                    scores.Add(await scorer.ScoreAsync(input, cancellationToken).ConfigureAwait(false));
                }
            }

            runs.Add(new RunOutcome(output, scores, usage.InputTokens, usage.OutputTokens, cost, judgeCost, latency, response.ModelId, CassetteResponseInfo.IsReplayed(response)));
        }

        return Aggregate(runs);
    }

    private static CaseResult Aggregate(List<RunOutcome> runs)
    {
        var first = runs[0];
        var erroredScore = runs.SelectMany(r => r.Scores).FirstOrDefault(s => s.Errored);
        var repeatPassed = runs.Select(r => r.Scores.All(s => s.Passed && !s.Errored)).ToList();
        var shown = runs.FirstOrDefault(r => !r.Scores.All(s => s.Passed && !s.Errored)) ?? first;
        var status = erroredScore is not null ? CaseStatus.Errored
            : repeatPassed.All(p => p) ? CaseStatus.Passed
            : CaseStatus.Failed;
        return new CaseResult
        {
            Status = status,
            Output = shown.Output,
            Error = erroredScore is null ? null : $"{erroredScore.Scorer}: {erroredScore.Reason}",
            Scores = shown.Scores,
            RepeatPassed = runs.Count > 1 ? repeatPassed : Array.Empty<bool>(),
            InputTokens = (long)Math.Round(runs.Average(r => (double)r.InputTokens)),
            OutputTokens = (long)Math.Round(runs.Average(r => (double)r.OutputTokens)),
            Cost = runs.All(r => r.Cost is not null) ? runs.Sum(r => r.Cost!.Value) / runs.Count : null,
            JudgeCost = runs.Sum(r => r.JudgeCost),
            LatencyMs = runs.Average(r => r.LatencyMs),
            ServedBy = first.ServedBy,
            Replayed = runs.All(r => r.Replayed),
        };
    }

    // Native placeholders must all have a value; imported formats render a missing value as empty, as their runtimes do.
    private static List<string> MissingVariables(PromptDefinition prompt, EvalCase evalCase) => prompt.Document is not null
        ? new List<string>()
        : prompt.Messages
            .SelectMany(m => PromptTemplate.Placeholders(m.Template))
            .Where(name => !evalCase.Variables.ContainsKey(name))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>The case's messages, rendered by the prompt's engine with the case's values (JSON objects and lists keep their shape for templates that read them).</summary>
    private static List<ChatMessage> RenderMessages(PromptDefinition prompt, EvalCase evalCase) => PromptRenderer.Render(prompt, CaseValues(prompt, evalCase))
        .Select(m => new ChatMessage(RoleOf(m.Role), m.Content))
        .ToList();

    private static IReadOnlyDictionary<string, object?> CaseValues(PromptDefinition prompt, EvalCase evalCase)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var pair in evalCase.Variables)
        {
            values[pair.Key] = prompt.Document is not null && StructuredJson(pair.Value) is { } structured ? structured : pair.Value;
        }

        return values;
    }

    private static object? StructuredJson(string text)
    {
        var trimmed = text.TrimStart();
        if (trimmed.Length == 0 || (trimmed[0] != '{' && trimmed[0] != '['))
        {
            return null;
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(text);
            return LlmOps.Guardrails.Core.Prompts.Rendering.TemplateValues.FromJson(document.RootElement);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static CaseResult Errored(string reason) => new() { Status = CaseStatus.Errored, Error = reason };

    private static ChatRole RoleOf(string role) => role.ToLowerInvariant() switch
    {
        "system" => ChatRole.System,
        "user" => ChatRole.User,
        "assistant" => ChatRole.Assistant,
        "tool" => ChatRole.Tool,
        _ => new ChatRole(role),
    };

    private static ChatOptions BuildOptions(PromptDefinition prompt, string caseId)
    {
        var parameters = prompt.Parameters;
        var chatOptions = new ChatOptions
        {
            ModelId = prompt.Model,
            MaxOutputTokens = parameters.MaxOutputTokens,
            Temperature = (float?)parameters.Temperature,
            TopP = (float?)parameters.TopP,
            Seed = parameters.Seed,
            FrequencyPenalty = (float?)parameters.FrequencyPenalty,
            PresencePenalty = (float?)parameters.PresencePenalty,
            AdditionalProperties = new AdditionalPropertiesDictionary
            {
                [CassetteProperties.PromptId] = prompt.Id,
                [CassetteProperties.CaseId] = caseId,
            },
        };
        if (parameters.StopSequences.Count > 0) chatOptions.StopSequences = parameters.StopSequences.ToList();
        if (parameters.ResponseFormat is { } format
            && (string.Equals(format, "json", StringComparison.OrdinalIgnoreCase) || string.Equals(format, "json_object", StringComparison.OrdinalIgnoreCase)))
        {
            chatOptions.ResponseFormat = ChatResponseFormat.Json;
        }

        return chatOptions;
    }

    /// <summary>Runs git in <paramref name="workingDirectory"/>; the trimmed first line of its output, or null with the reason.</summary>
    internal static string? Git(string workingDirectory, out string? error, params string[] arguments)
    {
        string? stdout = GitCli.Run(workingDirectory, out error, arguments);
        if (stdout is null) return null;
        string line = stdout.Split('\n')[0].Trim();
        return line.Length == 0 ? null : line;
    }

    private sealed record RunOutcome(
        string Output, IReadOnlyList<ScoreResult> Scores, long InputTokens, long OutputTokens, decimal? Cost, decimal JudgeCost, double LatencyMs, string? ServedBy, bool Replayed);

    private sealed record UnitInfo(string PromptId, string Variant, string CaseId, string CaseFingerprint, string PromptHash)
    {
        public CheckpointEntry ToEntry(int repeats, CaseResult result) => new()
        {
            PromptId = PromptId,
            Variant = Variant,
            CaseId = CaseId,
            CaseFingerprint = CaseFingerprint,
            PromptHash = PromptHash,
            Repeats = repeats,
            Result = result,
        };
    }

    private sealed record VariantPlan(PromptDefinition Prompt, string Hash, EvalDataset Dataset, IReadOnlyDictionary<string, string> Fingerprints);

    private sealed record PromptPlan(VariantPlan? Baseline, VariantPlan Candidate)
    {
        public IEnumerable<VariantPlan> Variants() => Baseline is null ? new[] { Candidate } : new[] { Baseline, Candidate };
    }
}
