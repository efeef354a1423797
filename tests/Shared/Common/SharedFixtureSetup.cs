using System;
using System.Collections.Concurrent;
using System.Reflection;
using System.Threading.Tasks;
using Xunit.Sdk;

namespace LlmOps.Guardrails.Tests.Shared;

/// <summary>
/// Sets up a fixture that many tests share (a package packed once, a server started once) so that a failure is reported
/// once. xunit v2 fails every test of a collection with the same exception when its fixture throws, which reads as N
/// unrelated failures; instead the fixture records the failure, the first test that needs it fails with the cause, and
/// every other one with a line that points at that test. xunit does not dispose a fixture whose constructor threw, so
/// the fixture's clean-up also runs here, at once.
/// </summary>
public sealed class SharedFixtureSetup
{
    private static readonly ConcurrentDictionary<Type, SharedFixtureSetup> ByFixture = new();
    private readonly object gate = new();
    private string? reportedBy;

    private SharedFixtureSetup(string description) => Description = description;

    /// <summary>What the fixture does, as the failure messages name it: "the analyzer package fixture (dotnet pack ...)".</summary>
    public string Description { get; }

    /// <summary>Why the set-up failed, or null.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Runs <paramref name="setUp"/> for <paramref name="fixture"/>; on failure runs <paramref name="cleanUp"/> and records why.</summary>
    public static void Run(Type fixture, string description, Action setUp, Action cleanUp)
    {
        var setup = Register(fixture, description);
        try
        {
            setUp();
        }
        catch (Exception ex)
        {
            setup.Failure = ex;
            cleanUp();
        }
    }

    /// <summary>As <see cref="Run"/>, for a fixture that sets up asynchronously (IAsyncLifetime).</summary>
    public static async Task RunAsync(Type fixture, string description, Func<Task> setUp, Func<Task> cleanUp)
    {
        var setup = Register(fixture, description);
        try
        {
            await setUp();
        }
        catch (Exception ex)
        {
            setup.Failure = ex;
            await cleanUp();
        }
    }

    /// <summary>The set-up of <paramref name="fixture"/> in this test run, or null before it ran.</summary>
    public static SharedFixtureSetup? Of(Type fixture) => ByFixture.TryGetValue(fixture, out var setup) ? setup : null;

    /// <summary>Fails <paramref name="test"/> when the set-up failed: with the cause the first time, with a pointer to that test after.</summary>
    public void ThrowIfFailed(string test)
    {
        if (Failure is null)
        {
            return;
        }

        lock (gate)
        {
            if (reportedBy is null)
            {
                reportedBy = test;
                // The cause is the inner exception: test runners print it, with its own stack, right below this line.
                throw new SharedFixtureFailedException($"{Description} failed, so the tests that share it cannot run (reported once, here; the cause follows).", Failure);
            }
        }

        throw new SharedFixtureFailedException($"{Description} failed: see {reportedBy}, which reports the cause.", null);
    }

    private static SharedFixtureSetup Register(Type fixture, string description)
    {
        var setup = new SharedFixtureSetup(description);
        ByFixture[fixture] = setup;
        return setup;
    }
}

/// <summary>A test did not run because the fixture it shares with others could not be set up.</summary>
public sealed class SharedFixtureFailedException(string message, Exception? cause) : Exception(message, cause);

/// <summary>
/// On a test class (or method) that uses a shared fixture: before each test, fails it when the fixture's set-up failed
/// (see <see cref="SharedFixtureSetup"/>), so that its body never runs against a half-built fixture.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
public sealed class RequiresSharedFixtureAttribute(Type fixture) : BeforeAfterTestAttribute
{
    public Type Fixture { get; } = fixture;

    public override void Before(MethodInfo methodUnderTest) =>
        SharedFixtureSetup.Of(Fixture)?.ThrowIfFailed($"{methodUnderTest.DeclaringType?.Name}.{methodUnderTest.Name}");
}
