using Remask.Torch.Models;
using static TorchSharp.torch;

namespace Remask.Torch.Tests.Models;

public class UNetSFunctionalTests
{
    private static float[] Values(Tensor t) => t.to(ScalarType.Float32).contiguous().data<float>().ToArray();

    private static Dictionary<string, float[]> Buffers(UNetS model) =>
        model.named_buffers().ToDictionary(b => b.name, b => Values(b.buffer));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Functional_forward_equals_the_module_forward_in_training_and_evaluation_mode(bool channelsLast)
    {
        manual_seed(1);
        using var model = new UNetS(new UNetSConfig(3, [4, 8, 16], dropoutP: 0.3)) { ChannelsLast = channelsLast };
        using var x = rand(3, 3, 32, 32);
        var parameters = UNetSFunctional.Parameters(model);

        model.train();
        var before = Buffers(model);
        manual_seed(5);
        using var functional = UNetSFunctional.Forward(model, parameters, x);
        // Batch statistics were used, but nothing was stored: running statistics and batch counters are as they were.
        Assert.All(Buffers(model), kv => Assert.Equal(before[kv.Key], kv.Value));
        manual_seed(5);
        using var module = model.call(x);
        Assert.Equal(Values(module), Values(functional));
        Assert.Contains(Buffers(model), kv => !kv.Value.SequenceEqual(before[kv.Key]));

        // Evaluation mode reads the running statistics the module's step has just moved.
        model.eval();
        using var evalModule = model.call(x);
        using var evalFunctional = UNetSFunctional.Forward(model, parameters, x);
        Assert.Equal(Values(evalModule), Values(evalFunctional));
        Assert.NotEqual(Values(module), Values(evalModule));
    }

    /// <summary>The training step's forward pass (<c>updateRunningStatistics</c>, with a record): the module's logits,
    /// dropout masks, running statistics and batch counters, bit for bit.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Functional_forward_with_a_record_moves_the_running_statistics_as_the_module_does(bool channelsLast)
    {
        manual_seed(1);
        using var a = new UNetS(new UNetSConfig(3, [4, 8, 16], dropoutP: 0.3)) { ChannelsLast = channelsLast };
        using var b = new UNetS(new UNetSConfig(3, [4, 8, 16], dropoutP: 0.3)) { ChannelsLast = channelsLast };
        b.load_state_dict(a.state_dict());
        a.train();
        b.train();
        using var x = rand(3, 3, 32, 32);
        for (int step = 0; step < 2; step++)
        {
            manual_seed(5 + step);
            using var module = a.call(x);
            manual_seed(5 + step);
            using var record = new ForwardRecord();
            using var functional = UNetSFunctional.Forward(b, UNetSFunctional.Parameters(b), x, record, updateRunningStatistics: true);
            Assert.Equal(Values(module), Values(functional));
            var expected = Buffers(a);
            Assert.All(Buffers(b), kv => Assert.Equal(expected[kv.Key], kv.Value));
        }
        Assert.Equal(2, Buffers(b)["down.0.1.num_batches_tracked"][0]);
        b.eval();
        Assert.Throws<InvalidOperationException>(() => UNetSFunctional.Forward(b, UNetSFunctional.Parameters(b), x, updateRunningStatistics: true));
    }

    [Fact]
    public void Functional_forward_uses_the_given_tensors_and_differentiates_through_them()
    {
        manual_seed(2);
        using var model = new UNetS(new UNetSConfig(1, [4, 8], dropoutP: 0));
        model.eval();
        using var x = rand(2, 1, 16, 16);
        var own = UNetSFunctional.Parameters(model);
        var doubled = own.ToDictionary(kv => kv.Key, kv => kv.Value.detach() * 2);
        doubled["head.bias"].requires_grad_(true);
        using var output = UNetSFunctional.Forward(model, doubled, x);
        using (no_grad())
            foreach (var (name, p) in own) p.copy_(doubled[name]);
        using var module = model.call(x);
        Assert.Equal(Values(module), Values(output));
        // d sum(output) / d head.bias = number of output pixels.
        var grad = autograd.grad([output.sum()], [doubled["head.bias"]])[0];
        Assert.Equal(2 * 16 * 16, grad.item<float>());
    }
}
