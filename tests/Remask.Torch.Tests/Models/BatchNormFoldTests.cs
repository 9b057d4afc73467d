using Remask.Torch.Inference;
using Remask.Torch.Models;
using static Remask.Torch.Tests.Uncertainty.EstimatorFixtures;
using static TorchSharp.torch;

namespace Remask.Torch.Tests.Models;

public class BatchNormFoldTests
{
    private static float[] Forward(UNetS model, Tensor x)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return model.call(x).data<float>().ToArray();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_folded_evaluation_forward_equals_the_unfolded_one(bool channelsLast)
    {
        using var model = TinyModel(channels: 2);                       // running statistics away from 0 and 1
        model.ChannelsLast = channelsLast;
        using var x = rand(3, 2, 16, 16);
        var plain = Forward(model, x);
        float[] folded;
        using (model.FoldBatchNorm())
        {
            Assert.True(model.BatchNormFolded);
            folded = Forward(model, x);
        }
        Assert.False(model.BatchNormFolded);
        Assert.True(MaxDifference(plain, folded) < 1e-5f, $"differ by {MaxDifference(plain, folded)}");
        Assert.True(plain.Select(Math.Abs).Max() > 0.1f);
        Assert.Equal(plain, Forward(model, x));                         // unfolded again: the module's own path, bit for bit
    }

    [Fact]
    public void The_fold_is_made_from_the_current_parameters_and_a_nested_scope_keeps_it()
    {
        using var model = TinyModel();
        using var x = rand(1, 1, 16, 16);
        var before = Forward(model, x);
        using (no_grad())
            foreach (var (name, p) in model.named_parameters().Where(p => p.name.StartsWith("down.0.1.")))
                p.add_(0.5);                                            // a different gamma and beta change the folded output too
        using (model.FoldBatchNorm())
        {
            var folded = Forward(model, x);
            model.FoldBatchNorm().Dispose();                            // a nested scope does not undo the outer fold
            Assert.True(model.BatchNormFolded);
            Assert.True(MaxDifference(before, folded) > 1e-3f);
            Assert.True(MaxDifference(Forward(model, x), folded) < 1e-6f);
        }
        Assert.True(MaxDifference(Forward(model, x), before) > 1e-3f);
    }

    [Fact]
    public void Training_mode_ignores_the_fold_and_model_modes_fold_only_while_they_last()
    {
        using var model = TinyModel();
        using var x = rand(4, 1, 16, 16);
        using (ModelModes.Evaluation(model)) Assert.True(model.BatchNormFolded);
        Assert.False(model.BatchNormFolded);
        using var copy = TinyModel();                                    // same seed: same weights and statistics
        copy.train();
        model.train();
        using (model.FoldBatchNorm())
        {
            manual_seed(7);
            var a = Forward(model, x);
            manual_seed(7);
            var b = Forward(copy, x);
            Assert.Equal(b, a);                                         // batch statistics and dropout, not the folded weights
        }
    }
}
