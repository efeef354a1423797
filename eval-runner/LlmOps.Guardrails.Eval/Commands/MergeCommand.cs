using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using LlmOps.Guardrails.Eval.Config;
using LlmOps.Guardrails.Eval.Execution;
using LlmOps.Guardrails.Eval.History;
using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.Commands;

/// <summary>
/// <c>dotnet eval merge</c>: recombines the results.json of <c>compare --shard i/n</c> runs into the run an unsharded
/// compare gives — same results.json, reports, headline, history and gate exit code.
/// </summary>
internal static class MergeCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var inputs = new Argument<string[]>("results") { Description = "The shards' results.json files, or the folders holding them.", Arity = ArgumentArity.OneOrMore };
        var config = new Option<string>("--config", "-c") { Description = "The eval config the shards ran with (its gate policy applies).", DefaultValueFactory = _ => EvalConfig.DefaultFileName };
        var outDir = new Option<string?>("--out", "-o") { Description = "Output folder. Default: .llmops/eval next to the config." };
        var history = new Option<string?>("--history") { Description = "The run history to append to. Default: .llmops/history.db next to the config." };
        var noHistory = new Option<bool>("--no-history") { Description = "Do not append the merged run to the history." };
        var command = new Command(
            "merge",
            "Merge the results.json of `compare --shard i/n` runs into one run, its reports and its gate verdict.\n\nExample:\n  dotnet eval merge shard-1 shard-2 shard-3 --out .llmops/eval")
        {
            inputs, config, outDir, history, noHistory,
        };
        command.SetAction(parseResult => Execute(
            parseResult.GetValue(inputs) ?? Array.Empty<string>(),
            parseResult.GetValue(config) ?? EvalConfig.DefaultFileName,
            parseResult.GetValue(outDir),
            parseResult.GetValue(history),
            parseResult.GetValue(noHistory),
            output,
            error));
        return command;
    }

    private static int Execute(string[] inputs, string configPath, string? outDir, string? history, bool noHistory, TextWriter output, TextWriter error)
    {
        string fullConfig = Path.GetFullPath(configPath);
        if (!File.Exists(fullConfig))
        {
            error.WriteLine($"error: no eval config at {fullConfig} (its gate policy judges the merged run; pass --config).");
            return ExitCodes.CouldNotRun;
        }

        var read = EvalConfigReader.ReadFile(fullConfig);
        if (!read.Succeeded || read.Config is null)
        {
            foreach (var diagnostic in read.Diagnostics) error.WriteLine(diagnostic.ToString());
            return ExitCodes.CouldNotRun;
        }

        var shards = new List<EvalRun>();
        foreach (string input in inputs)
        {
            string path = Directory.Exists(input) ? Path.Combine(input, "results.json") : input;
            try
            {
                shards.Add(EvalRunJson.ReadFile(path));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or EvalRunFormatException)
            {
                error.WriteLine($"error: cannot read {path}: {ex.Message}");
                return ExitCodes.CouldNotRun;
            }
        }

        EvalRun merged;
        try
        {
            merged = ShardMerger.Merge(shards);
        }
        catch (ShardMergeException ex)
        {
            error.WriteLine("error: cannot merge: " + ex.Message);
            return ExitCodes.CouldNotRun;
        }

        // The shards agree with each other; the gate applied must also be the one they ran under, or a merge with a
        // looser config would pass what the shards' config fails. Refused rather than warned: CI reads only the exit code.
        string? configHash = EvalRunner.ConfigFileHash(fullConfig);
        if (merged.Provenance.ConfigHash is { } shardHash && !string.Equals(shardHash, configHash, StringComparison.Ordinal))
        {
            error.WriteLine(
                $"error: cannot merge: the shards ran with another eval config than {fullConfig} (config hash {Short(shardHash)} in the shards, {Short(configHash)} here); pass the --config the shards were run with.");
            return ExitCodes.CouldNotRun;
        }

        var evalConfig = read.Config;
        string outFolder = Path.GetFullPath(outDir ?? Path.Combine(evalConfig.Directory, CompareCommand.DefaultOut));
        var gate = RunOutputs.WriteAndReport(merged, outFolder, evalConfig.Directory, CompareCommand.ToPolicy(evalConfig.Gate), output, error);
        RunOutputs.AppendHistory(merged, noHistory ? null : Path.GetFullPath(history ?? RunHistoryStore.DefaultPath(evalConfig.Directory)), "merge", error);
        return gate.ExitCode;
    }

    private static string Short(string? hash) => hash is null ? "unreadable" : hash[..Math.Min(12, hash.Length)];
}
