namespace Remask.KillTesting;

/// <summary>The tiny data and run that the kill harness uses, the same for the bench and the tests.</summary>
public static class KillSetup
{
    /// <summary>Writes 8 training and 2 test synth-ct images of 16 x 16 under <paramref name="work"/>/data; returns the folder.</summary>
    public static string Synthesize(string remaskDll, string work)
    {
        string data = Path.Combine(work, "data");
        var (code, err, _) = RemaskProcess.Run(remaskDll, ["synth", "--kind", "ct", "--train", "8", "--test", "2", "--size", "16", "--seed", "5", "--out", data], TimeSpan.FromMinutes(2));
        if (code != 0) throw new InvalidOperationException($"remask synth failed (exit {code}): {err}");
        return data;
    }

    /// <summary><c>remask train</c>'s arguments after --out: <paramref name="epochs"/> epochs of 4 steps (batch 2) of a
    /// U-Net-S of widths 4, 8; with <c>relabel</c>, cross-fitted relabeling (2 folds, the default).</summary>
    public static string[] TrainArguments(string data, string method, int epochs = 12) =>
        ["--data", data, "--method", method, "--epochs", epochs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--size", "16", "--batch", "2", "--widths", "4,8", "--seed", "3"];
}
