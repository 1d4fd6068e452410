using System.Globalization;

namespace CnpgDrTemporal.Activities.Data;

/// <summary>
/// A private directory for one throwaway instance: data dir, socket dir, log. Disposing stops the
/// server (immediate mode, then kill) and deletes the directory, so a failed restore leaves nothing.
/// </summary>
public sealed class RestoreWorkspace
{
    private readonly string? runAs;

    private RestoreWorkspace(string root, string socketDir, string? runAs)
    {
        Root = root;
        SocketDir = socketDir;
        this.runAs = runAs;
    }

    public string Root { get; }

    public string DataDir => Path.Combine(Root, "data");

    /// <summary>Kept short and apart from the work dir: a Unix socket path must fit in 107 bytes.</summary>
    public string SocketDir { get; }

    public string LogFile => Path.Combine(Root, "postgres.log");

    /// <summary>Where prefetched WAL waits for restore_command; it goes with the workspace.</summary>
    public string SpoolDir => Path.Combine(Root, "spool");

    public static RestoreWorkspace Create(string workDir, string name, string runAsUser)
    {
        Directory.CreateDirectory(workDir);
        var id = Guid.NewGuid().ToString("N")[..8];
        var root = Path.Combine(workDir, $"{name}-{DateTime.UtcNow:yyyyMMddHHmmss}-{id}");
        var ws = new RestoreWorkspace(root, Path.Combine(Path.GetTempPath(), $"cnpg-dr-{id}"), ProcessRunner.IsRoot ? runAsUser : null);
        Directory.CreateDirectory(ws.DataDir);
        Directory.CreateDirectory(ws.SocketDir);
        if (!OperatingSystem.IsWindows())
        {
            // PostgreSQL insists on a private data dir; the root stays traversable for the socket.
            File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            File.SetUnixFileMode(ws.DataDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        if (ws.runAs is not null)
        {
            Chown(ws.runAs, root);
            Chown(ws.runAs, ws.SocketDir);
        }

        return ws;
    }

    /// <summary>
    /// Local overrides appended last (later settings win): loopback only, private socket, no archiving
    /// (a restored data dir would otherwise archive into the source lineage), no TLS files from the pod.
    /// </summary>
    public async Task ConfigureRecoveryAsync(int port, string restoreCommand, DateTimeOffset? targetTime, CancellationToken ct)
    {
        var lines = new List<string>
        {
            "# --- cnpg-dr local restore",
            "listen_addresses = '127.0.0.1'",
            $"port = {port.ToString(CultureInfo.InvariantCulture)}",
            $"unix_socket_directories = '{SocketDir}'",
            "archive_mode = off",
            "archive_command = ''",
            "ssl = off",
            "fsync = off", // a throwaway copy: a crash means running the drill again, so nothing needs to reach the disk
            "shared_preload_libraries = ''",
            "logging_collector = off",
            "log_line_prefix = '%m [%p] '",
            $"hba_file = '{Path.Combine(DataDir, "pg_hba.conf")}'",
            $"ident_file = '{Path.Combine(DataDir, "pg_ident.conf")}'",
            $"restore_command = '{restoreCommand}'",
            "recovery_target_timeline = 'latest'",
            "recovery_target_action = 'promote'",
        };
        if (targetTime is { } t)
        {
            lines.Add($"recovery_target_time = '{t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)}+00'");
        }

        await File.AppendAllLinesAsync(Path.Combine(DataDir, "postgresql.auto.conf"), lines, ct).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(DataDir, "pg_hba.conf"), "local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n", ct).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(DataDir, "pg_ident.conf"), string.Empty, ct).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(DataDir, "recovery.signal"), string.Empty, ct).ConfigureAwait(false);
        if (runAs is not null)
        {
            Chown(runAs, Root);
        }
    }

    public async Task DisposeAsync(string pgCtl)
    {
        if (File.Exists(Path.Combine(DataDir, "postmaster.pid")))
        {
            var pid = ReadPid();
            await ProcessRunner.RunAsync(pgCtl, ["-D", DataDir, "-m", "immediate", "-w", "-t", "30", "stop"], runAs, TimeSpan.FromSeconds(40), CancellationToken.None).ConfigureAwait(false);
            if (pid is { } p && IsAlive(p))
            {
                using var process = System.Diagnostics.Process.GetProcessById(p);
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().ConfigureAwait(false);
            }
        }

        foreach (var dir in new[] { Root, SocketDir })
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    private int? ReadPid()
    {
        var first = File.ReadLines(Path.Combine(DataDir, "postmaster.pid")).FirstOrDefault();
        return int.TryParse(first, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    private static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}");

    private static void Chown(string user, string path)
    {
        using var chown = System.Diagnostics.Process.Start("chown", ["-R", $"{user}:", path]);
        chown?.WaitForExit();
        if (chown is null || chown.ExitCode != 0)
        {
            throw new DrException($"cannot hand {path} to OS user {user} (Dr:LocalRestore:RunAsUser)");
        }
    }
}
