using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Remask.Cli.Experiments;

/// <summary>
/// <c>remask experiment --jobs N</c>: trains N cells at once, each in a remask process of its own started with the
/// experiment's own command line plus <c>--cell KEY</c>, with <c>OMP_NUM_THREADS</c> = max(1, cores / N) libtorch threads
/// unless the user set it. Processes, not threads: torch's generator is global to a process, so two trainers in one
/// process would draw from the same stream and neither run would be reproducible.
/// <list type="bullet">
/// <item>The processes' output is passed through line by line (their progress lines start with the cell's key).</item>
/// <item>Interrupted (Ctrl-C, SIGTERM), it sends SIGTERM to every running process, which stops at its next step with a
/// checkpoint as on Ctrl-C (<see cref="CliApp"/>), waits for them, and returns 130; the same command continues.</item>
/// <item>A process that fails (exit code other than 0 and 130) has printed its own one-line error: no new cell starts,
/// the running ones finish, and its exit code is returned.</item>
/// </list>
/// </summary>
internal static partial class CellLanes
{
    /// <summary>Runs <paramref name="cells"/> (none finished) <paramref name="jobs"/> at a time; returns 0 when every one
    /// wrote its cell.json, 130 when interrupted, else the first failed process's exit code.</summary>
    public static int Run(IReadOnlyList<ExperimentCell> cells, int jobs, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        string threads = Environment.GetEnvironmentVariable("OMP_NUM_THREADS") is { Length: > 0 } set ? set
            : Math.Max(1, Environment.ProcessorCount / jobs).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Console.Error.WriteLine($"{cells.Count} cells, {jobs} at a time, {threads} libtorch thread(s) each");
        var queue = new Queue<ExperimentCell>(cells);
        var running = new Dictionary<Task, (ExperimentCell Cell, Process Process)>();
        int failure = CliApp.Ok;
        bool interrupted = false;
        using var onCancel = cancellationToken.Register(() =>
        {
            lock (running)
            {
                interrupted = true;
                foreach (var (_, p) in running.Values) Terminate(p);
            }
        });
        while (true)
        {
            lock (running)
                while (!interrupted && failure == CliApp.Ok && queue.Count > 0 && running.Count < jobs)
                {
                    var cell = queue.Dequeue();
                    var p = Start(cell, arguments, threads);
                    running[p.WaitForExitAsync()] = (cell, p);
                }
            Task[] waiting;
            lock (running) waiting = running.Keys.ToArray();
            if (waiting.Length == 0) break;
            var ended = waiting[Task.WaitAny(waiting)];
            (ExperimentCell Cell, Process Process) lane;
            lock (running)
            {
                lane = running[ended];
                running.Remove(ended);
            }
            using var process = lane.Process;
            process.WaitForExit(); // the last of its output has been passed on
            int code = process.ExitCode;
            if (code == CliApp.Interrupted) interrupted = true;
            else if (code != CliApp.Ok && failure == CliApp.Ok)
            {
                failure = code;
                Console.Error.WriteLine($"{lane.Cell.Key}: failed (exit {code}); no further cell starts, the running ones finish. Finished cells are kept.");
            }
        }
        if (failure != CliApp.Ok) return failure;
        if (interrupted)
        {
            Console.Error.WriteLine("interrupted; every running cell wrote its checkpoint. Continue with the same command.");
            return CliApp.Interrupted;
        }
        return CliApp.Ok;
    }

    /// <summary>Starts <c>remask ARGUMENTS --cell KEY</c> as this process was started (the apphost, or
    /// <c>dotnet remask.dll</c>), its output passed through to ours.</summary>
    private static Process Start(ExperimentCell cell, IReadOnlyList<string> arguments, string threads)
    {
        string host = Environment.ProcessPath ?? "dotnet";
        var psi = new ProcessStartInfo(host) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") psi.ArgumentList.Add(typeof(CellLanes).Assembly.Location);
        foreach (string a in arguments) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("--cell");
        psi.ArgumentList.Add(cell.Key);
        psi.Environment["OMP_NUM_THREADS"] = threads;
        var p = new Process { StartInfo = psi };
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) Console.Out.WriteLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private const int SIGTERM = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary>Asks a cell's process to stop at its next step (SIGTERM on Linux and macOS; elsewhere it is killed, and
    /// the cell resumes from its last checkpoint).</summary>
    private static void Terminate(Process p)
    {
        try
        {
            if (p.HasExited) return;
            if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) Kill(p.Id, SIGTERM);
            else p.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { } // it ended in between
    }
}
