using System.Diagnostics;
using System.IO;
using LlmOps.Guardrails.Tests.Shared;

namespace LlmOps.Guardrails.Eval.Tests.Execution;

/// <summary>A throwaway git repository under the temp folder (/tmp) with a "base" commit.</summary>
internal sealed class TempGitRepo : IDisposable
{
    public TempGitRepo()
    {
        Root = Path.Combine(Path.GetTempPath(), "llmops-compare-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        Git("init", "-q", "-b", "main");
        Git("config", "user.email", "eval-tests@example.invalid");
        Git("config", "user.name", "Eval Tests");
        Git("config", "commit.gpgsign", "false");
    }

    public string Root { get; }

    public string ConfigPath => Path.Combine(Root, "llmops.eval.yaml");

    public string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public void Write(string relative, string text)
    {
        string full = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text.Replace("\r\n", "\n"));
    }

    public void Delete(string relative) => File.Delete(PathOf(relative));

    public void CommitAll(string message)
    {
        Git("add", "-A");
        Git("commit", "-q", "-m", message);
    }

    public string Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Root };
        foreach (var a in args) start.ArgumentList.Add(a);
        var result = ChildProcess.Run(start);
        if (result.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {result.StandardError}");
        return result.StandardOutput.Trim();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
