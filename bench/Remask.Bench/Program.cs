using Remask.Bench;

// Each suite is a class with a Run method; the first argument picks it.
var suites = new Dictionary<string, Func<string[], int>>(StringComparer.OrdinalIgnoreCase)
{
    ["jpeg"] = JpegBench.Run,
    ["noise"] = NoiseBench.Run,
    ["relabel"] = RelabelBench.Run,
};
if (args.Length == 0 || !suites.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: dotnet run -c Release --project bench/Remask.Bench -- SUITE   (suites: {string.Join(", ", suites.Keys)})");
    return 2;
}
return run(args[1..]);
