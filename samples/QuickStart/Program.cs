// Remask QuickStart: the library's main flow in one file, on the packed packages.
//
//   synthesise images -> corrupt their masks -> train U-Net-S on the noisy masks (2 epochs)
//   -> Monte Carlo dropout uncertainty -> relabel one mask -> Dice with the clean masks
//
// Tiny on purpose (16 images of 32 x 32, a narrow network): it runs in seconds on a CPU and shows the types a
// user meets, not the method's quality (docs/library.md has the full-size flow, README.md the demo's numbers).
using Remask.Core.Datasets;
using Remask.Core.Imaging;
using Remask.Core.Metrics;
using Remask.Core.Noise;
using Remask.Core.Relabeling;
using Remask.Core.Synthetic;
using Remask.Torch.Training;
using Remask.Torch.Uncertainty;

const int size = 32, seed = 1;

// 1. Synthesise: dermatoscopy-like RGB images with their clean masks (generated on demand, nothing on disk).
var train = new SyntheticSampleSet(SyntheticKind.Derm, count: 16, size, seed);
var test = new SyntheticSampleSet(SyntheticKind.Derm, count: 8, size, SyntheticSplits.TestSeed(seed));

// 2. Corrupt: the paper's crude annotation, each training mask replaced by a 3-vertex polygon.
ILabelNoise noise = NoiseModels.Parse("poly3");
var noisy = new InMemoryMasks();
for (int i = 0; i < train.Count; i++)
{
    Sample sample = train.Load(i);
    noisy.Add(sample.Name, noise.Apply(sample.Mask!, (ulong)i));
}

// 3. Train U-Net-S on the noisy masks; the test split's clean masks give D_clean after every epoch.
string run = Path.Combine(Path.GetTempPath(), "remask-quickstart-" + Guid.NewGuid().ToString("N"));
try
{
    var options = new TrainingOptions
    {
        Epochs = 2, Size = size, BatchSize = 8, LearningRate = 1e-2, Seed = seed,
        Widths = [4, 8, 16],   // the reference network is [32, 64, 128, 256, 512]; tiny here to run in seconds
    };
    var data = new TrainingData(train, TrainMasks: noisy, Test: test);
    TrainingResult result = new Trainer(data, options, run).Run(RunStart.New);
    using var model = result.Model;
    foreach (var epoch in result.Epochs)
        Console.WriteLine($"epoch {epoch.Epoch}: loss {epoch.TrainLoss:F3}, D_clean {epoch.DClean:F1} %");

    // 4. Uncertainty: 8 Monte Carlo dropout samples of the first training image.
    var estimator = new BoundEstimator(new MonteCarloDropout(samples: 8, seed: seed), model, size);
    ImageStack stack = UncertaintyRunner.Run(estimator, train, batchSize: 8).First();
    var maps = stack.MapsAtOriginalSize();
    Console.WriteLine($"{stack.Name}: mean aleatoric uncertainty {maps.Aleatoric.Average():F4}, epistemic {maps.Epistemic.Average():F4}");

    // 5. Relabel that image's noisy mask (the paper's rule, automatic δ, hole filling) and compare with the clean mask.
    Mask clean = train.Load(stack.Index).Mask!;
    Mask before = noisy.TryLoad(stack.Name)!;
    RelabelOutcome outcome = Relabeler.Relabel(before, maps.Mean, maps.Aleatoric, new RelabelSettings());
    var after = new Mask(before.Width, before.Height, outcome.Mask);
    double diceBefore = MaskScores.Of(stack.Name, before, clean).Dice;
    double diceAfter = MaskScores.Of(stack.Name, after, clean).Dice;
    Console.WriteLine($"relabel {stack.Name}: {outcome.Changed} pixels changed (δ {outcome.Delta:F4}{(outcome.Declined ? ", declined: " + outcome.Reason : "")})");
    Console.WriteLine($"Dice with the clean mask: noisy {diceBefore:F3}, relabeled {diceAfter:F3}");
    Console.WriteLine("QuickStart: ok");
}
finally
{
    if (Directory.Exists(run)) Directory.Delete(run, recursive: true);
}

/// <summary>Noisy masks kept in memory, looked up by sample name (a folder of mask files would be a <see cref="MaskFolderSource"/>).</summary>
sealed class InMemoryMasks : IMaskSource
{
    private readonly Dictionary<string, Mask> _masks = new();
    public string Location => "memory";
    public void Add(string name, Mask mask) => _masks[name] = mask;
    public Mask? TryLoad(string name) => _masks.GetValueOrDefault(name);
}
