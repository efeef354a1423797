using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LlmOps.Guardrails.Tests.Shared;
using Npgsql;

namespace LlmOps.Guardrails.Runtime.Tests.Budgets;

/// <summary>
/// A throwaway PostgreSQL server for the test run: initdb into a temp dir, pg_ctl start on a free port of 127.0.0.1
/// (unix socket in the temp dir too), one database, stopped and deleted on dispose. Run as the <c>postgres</c> user when
/// the tests run as root (initdb refuses root). When PostgreSQL cannot be started every test of the collection fails
/// with the reason (reported once, see <see cref="SharedFixtureSetup"/>): run .ci/postgres.sh to install it.
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    private const string ServiceUser = "postgres";
    private string? _root;
    private string? _binDir;
    private bool _asServiceUser;
    private bool _started;

    public string ConnectionString { get; private set; } = string.Empty;

    // A server that cannot start is reported once, by the collection's first test; the others point at it.
    public Task InitializeAsync() =>
        SharedFixtureSetup.RunAsync(typeof(PostgresServerFixture), "The PostgreSQL server fixture (initdb, pg_ctl start)", StartAsync, cleanUp: DisposeAsync);

    private async Task StartAsync()
    {
        try
        {
            // Looks on PATH, in /usr/lib/postgresql/*/bin and /usr/local/bin; when they are not there .ci/postgres.sh
            // installs them, or says why it did not (LLMOPS_TEST_INSTALL=0, no root).
            TestPrerequisites.Ensure("postgres.sh", () => FindBinDir() is not null);
            _binDir = FindBinDir()!;
            _asServiceUser = Environment.UserName == "root" || Run("id", "-u").Trim() == "0";

            // The postgres user must reach the directory (a root-only TMPDIR would not do), and the socket path must stay short.
            var tempRoot = _asServiceUser || Path.GetTempPath().Length > 40 ? "/tmp" : Path.GetTempPath();
            _root = Path.Combine(tempRoot, "llmops-pg-" + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(_root);
            var data = Path.Combine(_root, "data");
            if (_asServiceUser)
            {
                if (!TryRun("id", out _, ServiceUser))
                {
                    Run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", ServiceUser);
                }

                Run("chown", "-R", ServiceUser, _root);
            }

            Pg("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync");
            var port = FreePort();
            var settings = $"-p {port} -k {_root} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
            Pg("pg_ctl", "-D", data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "-o", settings, "start");
            _started = true;

            var admin = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false;Timeout=30";
            await using (var connection = new NpgsqlConnection(admin))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("CREATE DATABASE llmops_budgets", connection);
                await command.ExecuteNonQueryAsync();
            }

            ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=llmops_budgets;Maximum Pool Size=150;Timeout=30";
        }
        // A missing program passes through as it is: its message already names the program and the script that installs it.
        catch (Exception ex) when (ex is not PrerequisiteMissingException)
        {
            // Read before the clean-up (SharedFixtureSetup runs DisposeAsync) deletes the folder.
            var log = _root is not null && File.Exists(Path.Combine(_root, "server.log")) ? "\nserver.log:\n" + SafeRead(Path.Combine(_root, "server.log")) : string.Empty;
            throw new InvalidOperationException(
                "The PostgreSQL budget-store tests need a PostgreSQL server and could not start one (install it with .ci/postgres.sh): " + ex.Message + log, ex);
        }
    }

    public Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_started && _root is not null)
        {
            TryRunPg("pg_ctl", "-D", Path.Combine(_root, "data"), "-m", "immediate", "-w", "stop");
            _started = false;
        }

        if (_root is not null)
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }

            _root = null;
        }

        return Task.CompletedTask;
    }

    private static string? FindBinDir()
    {
        var candidates = new List<string>();
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            candidates.Add(dir);
        }

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            var versions = Directory.GetDirectories("/usr/lib/postgresql");
            Array.Sort(versions, (a, b) => VersionOf(b).CompareTo(VersionOf(a)));
            foreach (var version in versions)
            {
                candidates.Add(Path.Combine(version, "bin"));
            }
        }

        candidates.Add("/usr/local/bin");
        candidates.Add("/usr/local/pgsql/bin");
        foreach (var dir in candidates)
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
            {
                return dir;
            }
        }

        return null;
    }

    private static int VersionOf(string dir) => int.TryParse(Path.GetFileName(dir), out var v) ? v : 0;

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private void Pg(string tool, params string[] args)
    {
        var (file, all) = PgCommand(tool, args);
        Run(file, all);
    }

    private void TryRunPg(string tool, params string[] args)
    {
        var (file, all) = PgCommand(tool, args);
        TryRun(file, out _, all);
    }

    private (string File, string[] Args) PgCommand(string tool, string[] args)
    {
        var path = Path.Combine(_binDir!, tool);
        if (!_asServiceUser)
        {
            return (path, args);
        }

        var all = new string[args.Length + 4];
        all[0] = "-u";
        all[1] = ServiceUser;
        all[2] = "--";
        all[3] = path;
        Array.Copy(args, 0, all, 4, args.Length);
        return ("runuser", all);
    }

    private static string Run(string file, params string[] args)
    {
        if (!TryRun(file, out var output, args))
        {
            throw new InvalidOperationException($"'{file} {string.Join(' ', args)}' failed:\n{output}");
        }

        return output;
    }

    private static bool TryRun(string file, out string output, params string[] args)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = "/" };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        try
        {
            // A timeout is not a "no": it propagates and fails the fixture with the command that hung.
            var result = ChildProcess.Run(info);
            output = result.Output;
            return result.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            output = ex.Message;
            return false;
        }
    }

    private static string SafeRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "Budgets.PostgreSQL";
}
