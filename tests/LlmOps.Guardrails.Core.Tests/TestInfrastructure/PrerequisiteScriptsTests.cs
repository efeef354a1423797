using System.Diagnostics;
using LlmOps.Guardrails.Tests.Shared;

namespace LlmOps.Guardrails.Core.Tests.TestInfrastructure;

/// <summary>
/// The scripts that install what the tests start (.ci/chromium.sh, .ci/postgres.sh through .ci/apt-install.sh) say what
/// they install before they do, and install nothing with LLMOPS_TEST_INSTALL=0. Run against a PATH of their own, with
/// a stand-in apt-get, so the tests need neither root nor the network and never install anything.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // bash scripts and Unix file modes
public sealed class PrerequisiteScriptsTests : IDisposable
{
    private readonly string bin = Directory.CreateTempSubdirectory("llmops-prereq-bin-").FullName;

    public PrerequisiteScriptsTests()
    {
        // Only what the scripts use besides the program they look for: no chromium, no initdb on this PATH.
        foreach (var tool in new[] { "bash", "dirname", "mktemp", "rm", "cat", "touch", "chmod" })
        {
            File.CreateSymbolicLink(Path.Combine(bin, tool), Which(tool));
        }

        // Root as far as apt-install.sh can tell, so it calls apt-get without sudo.
        Script("id", "echo 0");
    }

    [Fact]
    public void With_installs_turned_off_a_missing_browser_is_named_with_its_script_and_apt_get_never_runs()
    {
        Script("apt-get", $"echo \"$@\" >> '{bin}/apt-get.log'");

        var result = Run("chromium.sh", install: "0");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Chromium is not installed and LLMOPS_TEST_INSTALL=0: run .ci/chromium.sh (apt-get, as root) or unset LLMOPS_TEST_INSTALL", result.StandardError.Trim());
        Assert.False(File.Exists(Path.Combine(bin, "apt-get.log")), "apt-get ran although installs were turned off");
    }

    [Fact]
    public void A_missing_browser_is_announced_in_one_line_before_apt_get_installs_it()
    {
        // The stand-in apt-get logs its call and provides the browser, as the real package does.
        Script("apt-get", $"echo \"$@\" >> '{bin}/apt-get.log'; touch '{bin}/chromium'; chmod +x '{bin}/chromium'");

        var result = Run("chromium.sh", install: null);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal("installing: chromium (headless HTML report tests) via .ci/chromium.sh (apt-get)", result.StandardError.Trim());
        Assert.Equal("-o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends chromium", File.ReadAllText(Path.Combine(bin, "apt-get.log")).Trim());
    }

    [Fact]
    public void A_browser_that_is_there_is_left_alone_silently()
    {
        Script("chromium", "true");
        Script("apt-get", $"echo \"$@\" >> '{bin}/apt-get.log'");

        var result = Run("chromium.sh", install: null);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.False(File.Exists(Path.Combine(bin, "apt-get.log")));
    }

    public void Dispose() => TestFolders.TryDelete(bin);

    private ChildProcess.Result Run(string script, string? install)
    {
        var start = new ProcessStartInfo(Path.Combine(bin, "bash"));
        start.ArgumentList.Add(Path.Combine(RepositoryFolder.Root, ".ci", script));
        start.Environment["PATH"] = bin;
        start.Environment.Remove("CHROMIUM");
        if (install is null)
        {
            start.Environment.Remove(TestPrerequisites.InstallVariable);
        }
        else
        {
            start.Environment[TestPrerequisites.InstallVariable] = install;
        }

        return ChildProcess.Run(start);
    }

    private void Script(string name, string body)
    {
        var path = Path.Combine(bin, name);
        File.WriteAllText(path, "#!" + Which("bash") + "\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static string Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException(tool + " is not on PATH");
}
