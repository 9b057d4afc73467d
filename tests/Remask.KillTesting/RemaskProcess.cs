using System.Diagnostics;

namespace Remask.KillTesting;

/// <summary>The built <c>remask</c> (remask.dll) run in its own process, one thread for libtorch (OMP_NUM_THREADS=1), with
/// its output drained in the background.</summary>
public sealed class RemaskProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _err;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public RemaskProcess(string remaskDll, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        psi.ArgumentList.Add(remaskDll);
        foreach (string a in args) psi.ArgumentList.Add(a);
        psi.Environment["OMP_NUM_THREADS"] = "1";
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment["COLUMNS"] = "200";
        _process = Process.Start(psi) ?? throw new InvalidOperationException("dotnet did not start");
        _process.StandardInput.Close();
        _err = _process.StandardError.ReadToEndAsync();
        _ = _process.StandardOutput.ReadToEndAsync();
    }

    /// <summary>Seconds since the process started.</summary>
    public double Elapsed => _clock.Elapsed.TotalSeconds;

    /// <summary>Runs to the end: exit code and standard error.</summary>
    public static (int ExitCode, string Err, double Seconds) Run(string remaskDll, IEnumerable<string> args, TimeSpan timeout)
    {
        using var p = new RemaskProcess(remaskDll, args);
        int code = p.Wait(timeout);
        return (code, p.Err, p.Elapsed);
    }

    /// <summary>Waits up to <paramref name="delay"/>, then sends SIGKILL (no handler runs, no finally block). Returns
    /// true when the kill landed (the process was still running), false when it had ended first.</summary>
    public bool KillAfter(TimeSpan delay)
    {
        if (_process.WaitForExit(delay)) return false;
        try { _process.Kill(); }   // SIGKILL on Unix; only this process (remask runs no children)
        catch (InvalidOperationException) { return false; }   // it ended meanwhile
        _process.WaitForExit();
        return _process.ExitCode == 128 + 9;   // killed by the signal (not ended just before it)
    }

    /// <summary>Waits for the end (killing the process after <paramref name="timeout"/>); the exit code.</summary>
    public int Wait(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill();
            _process.WaitForExit();
            throw new TimeoutException($"remask did not finish in {timeout.TotalSeconds:0} s");
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Standard error, once the process has ended.</summary>
    public string Err => _err.Result;

    public void Dispose() => _process.Dispose();
}
