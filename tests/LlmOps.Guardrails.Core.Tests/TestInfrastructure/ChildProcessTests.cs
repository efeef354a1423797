using System.Diagnostics;
using LlmOps.Guardrails.Tests.Shared;

namespace LlmOps.Guardrails.Core.Tests.TestInfrastructure;

/// <summary>
/// The child-process runner every test project shares (tests/Shared/Common/ChildProcess.cs): a timeout must stop the
/// whole tree and clean up, not leave a build or a server running for the next test to trip over.
/// </summary>
public class ChildProcessTests
{
    [Fact]
    public void A_timeout_stops_the_child_and_its_grandchild_removes_the_folder_and_names_the_command()
    {
        var work = Directory.CreateTempSubdirectory("llmops-timeout-").FullName;
        // Outside the work folder, which the timeout removes.
        var pidFile = Path.Combine(Path.GetTempPath(), $"llmops-timeout-pids-{Guid.NewGuid():N}.txt");
        try
        {
            var start = new ProcessStartInfo("bash") { WorkingDirectory = work };
            start.ArgumentList.Add("-c");
            // bash starts a grandchild and waits for it: the tree is bash -> sleep, as a build is dotnet -> MSBuild nodes.
            start.ArgumentList.Add($"sleep 600 & echo \"$$ $!\" > '{pidFile}'; wait");

            var timeout = Assert.Throws<ChildProcessTimeoutException>(() => ChildProcess.Run(start, TimeSpan.FromSeconds(3), [work]));

            var pids = File.ReadAllText(pidFile).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
            Assert.Equal(2, pids.Count);
            Assert.All(pids, pid => Assert.False(RunsAfterAWhile(pid), $"process {pid} survived the timeout"));
            Assert.False(Directory.Exists(work), "the child's folder was left behind");
            Assert.StartsWith("bash -c 'sleep 600", timeout.Command, StringComparison.Ordinal);
            Assert.Contains(ChildProcess.TimeoutVariable, timeout.Message, StringComparison.Ordinal);
            Assert.Contains(timeout.Command, timeout.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(pidFile);
            TestFolders.TryDelete(work);
        }
    }

    [Fact]
    public void A_child_that_finishes_in_time_returns_its_exit_code_and_both_streams()
    {
        var start = new ProcessStartInfo("bash");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("echo out; echo err >&2; exit 3");
        var errorLines = new List<string>();

        var result = ChildProcess.Run(start, onStandardErrorLine: errorLines.Add);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("out", result.StandardOutput.Trim());
        Assert.Equal("err", result.StandardError.Trim());
        Assert.Contains("out", result.Output, StringComparison.Ordinal);
        Assert.Contains("err", result.Output, StringComparison.Ordinal);
        Assert.Equal(["err"], errorLines);
    }

    [Theory]
    [InlineData(null, 20)]
    [InlineData("", 20)]
    [InlineData("45", 45)]
    [InlineData("2.5", 2.5)]
    public void The_limit_is_20_minutes_unless_the_variable_sets_it(string? value, double minutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(minutes), ChildProcess.ParseLimit(value));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("twenty")]
    public void A_limit_that_is_not_a_positive_number_of_minutes_is_refused(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ChildProcess.ParseLimit(value));
        Assert.Contains(ChildProcess.TimeoutVariable, error.Message, StringComparison.Ordinal);
    }

    /// <summary>A SIGKILL is delivered asynchronously: give a killed process a few seconds to disappear before calling it a survivor.</summary>
    private static bool RunsAfterAWhile(int pid)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (IsRunning(pid))
        {
            if (DateTime.UtcNow > deadline)
            {
                return true;
            }

            Thread.Sleep(100);
        }

        return false;
    }

    /// <summary>Alive, as opposed to gone or a zombie (a killed orphan may wait to be reaped by a container's init).</summary>
    private static bool IsRunning(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        try
        {
            var text = File.ReadAllText(stat);
            // Format: pid (comm) state ...; comm may contain spaces and parentheses, the state follows the last ')'.
            return text[(text.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
