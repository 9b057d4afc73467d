using Remask.Core.Datasets;
using Remask.Torch.Models;
using static TorchSharp.torch;

namespace Remask.Torch.Training;

/// <summary>Mean Dice in percent over a test set, against its clean masks and against noisy masks (Table 1 of the paper).</summary>
public sealed record TestScores(double? DClean, double? DNoisy, int Images);

/// <summary>Scores a model on a test set at the training size (images and masks resized to Size x Size).</summary>
public static class Evaluator
{
    public static TestScores Evaluate(UNetS model, ISampleSet test, IMaskSource? noisyMasks, int size, int batchSize,
        double threshold, int prefetch, CancellationToken cancellation)
    {
        if (test.Count == 0) return new TestScores(null, null, 0);
        bool hasClean = test.Load(0).Mask is not null;
        if (!hasClean && noisyMasks is null) return new TestScores(null, null, test.Count);
        int channels = model.Config.InChannels;
        var assembler = new BatchAssembler(test, "test", size, channels, "the training images");
        int batches = (test.Count + batchSize - 1) / batchSize;
        double sumClean = 0, sumNoisy = 0;
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var prefetched = Prefetcher.Stream(Enumerable.Range(0, batches).ToList(), b => assembler.Evaluation(
                Enumerable.Range(b * batchSize, Math.Min(batchSize, test.Count - b * batchSize)).ToArray(), hasClean, noisyMasks),
                prefetch, cancellation).GetEnumerator();
            for (int b = 0; b < batches; b++)
            {
                cancellation.ThrowIfCancellationRequested();
                prefetched.MoveNext();
                var batch = prefetched.Current;
                float[] probs = Probabilities(model, batch);
                int plane = size * size;
                for (int k = 0; k < batch.Count; k++)
                {
                    var p = probs.AsSpan(k * plane, plane);
                    if (batch.Masks is not null) sumClean += DiceScore.Of(p, batch.Masks.AsSpan(k * plane, plane), threshold);
                    if (batch.NoisyMasks is not null) sumNoisy += DiceScore.Of(p, batch.NoisyMasks.AsSpan(k * plane, plane), threshold);
                }
            }
        }
        finally
        {
            model.train(wasTraining);
        }
        return new TestScores(hasClean ? 100 * sumClean / test.Count : null, noisyMasks is null ? null : 100 * sumNoisy / test.Count, test.Count);
    }

    /// <summary>Sigmoid of the logits for a batch, N x S x S row-major, with the model as it is (mode unchanged).</summary>
    public static float[] Probabilities(UNetS model, Batch batch)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var x = tensor(batch.Images, batch.ImageShape);
        return model.call(x).sigmoid().data<float>().ToArray();
    }
}
