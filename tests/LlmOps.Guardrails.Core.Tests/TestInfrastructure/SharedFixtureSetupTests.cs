using System.Reflection;
using LlmOps.Guardrails.Tests.Shared;

namespace LlmOps.Guardrails.Core.Tests.TestInfrastructure;

/// <summary>
/// A fixture that many tests share (tests/Shared/Common/SharedFixtureSetup.cs) reports its failure once: the first
/// test fails with the cause, the others point at that test, and the fixture's folder is removed at once.
/// </summary>
public class SharedFixtureSetupTests
{
    // Stand-ins for fixture types: the set-ups are registered per fixture type.
    private sealed class FailingPack;

    private sealed class WorkingPack;

    [Fact]
    public void A_failed_set_up_is_reported_by_the_first_test_with_its_cause_and_the_others_point_there()
    {
        var work = Directory.CreateTempSubdirectory("llmops-fixture-").FullName;
        var cause = new ChildProcessTimeoutException("dotnet pack Analyzers.csproj (in /repo)", TimeSpan.FromMinutes(20), "");

        SharedFixtureSetup.Run(typeof(FailingPack), "The package fixture (dotnet pack)", () => throw cause, () => TestFolders.TryDelete(work));
        var attribute = new RequiresSharedFixtureAttribute(typeof(FailingPack));

        Assert.False(Directory.Exists(work), "the fixture's folder must go when its set-up fails: xunit will not dispose it");
        var first = Assert.Throws<SharedFixtureFailedException>(() => attribute.Before(Method(nameof(First))));
        Assert.Same(cause, first.InnerException);
        Assert.Contains("dotnet pack Analyzers.csproj (in /repo)", first.InnerException!.Message, StringComparison.Ordinal);
        Assert.StartsWith("The package fixture (dotnet pack) failed", first.Message, StringComparison.Ordinal);

        var second = Assert.Throws<SharedFixtureFailedException>(() => attribute.Before(Method(nameof(Second))));
        Assert.Equal("The package fixture (dotnet pack) failed: see SharedFixtureSetupTests.First, which reports the cause.", second.Message);
        Assert.Null(second.InnerException);
    }

    [Fact]
    public void A_set_up_that_worked_lets_every_test_run_and_keeps_its_folder()
    {
        var work = Directory.CreateTempSubdirectory("llmops-fixture-").FullName;
        try
        {
            SharedFixtureSetup.Run(typeof(WorkingPack), "The package fixture (dotnet pack)", () => { }, () => TestFolders.TryDelete(work));
            var attribute = new RequiresSharedFixtureAttribute(typeof(WorkingPack));

            attribute.Before(Method(nameof(First)));
            attribute.Before(Method(nameof(Second)));
            Assert.True(Directory.Exists(work));
        }
        finally
        {
            TestFolders.TryDelete(work);
        }
    }

    private static MethodInfo Method(string name) => typeof(SharedFixtureSetupTests).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!;

    // Test methods as the attribute sees them: only their names matter here.
    private static void First()
    {
    }

    private static void Second()
    {
    }
}
