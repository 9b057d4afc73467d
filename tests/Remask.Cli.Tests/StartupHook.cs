// A .NET startup hook (DOTNET_STARTUP_HOOKS=<this test assembly>) that TrainMpiCommandTests loads into a remask process:
// at exit it writes the names of the assemblies the process loaded to the file REMASK_TEST_ASSEMBLY_LOG names, to
// show that a run without MPI never loads Remask.Mpi or MPI.NET. The runtime requires the class to be named
// StartupHook, in no namespace.

/// <summary>Records the assemblies a process loaded (see the file's comment).</summary>
public static class StartupHook
{
    /// <summary>Called by the runtime before remask's Main.</summary>
    public static void Initialize()
    {
        string? log = Environment.GetEnvironmentVariable("REMASK_TEST_ASSEMBLY_LOG");
        if (string.IsNullOrEmpty(log)) return;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            File.WriteAllLines(log, AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name ?? ""));
    }
}
