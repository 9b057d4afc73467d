using Remask.Torch.Interchange;
using Remask.Torch.Models;
using Remask.Torch.Tests.Support;
using static TorchSharp.torch;

namespace Remask.Torch.Tests.Models;

public class WeightAverageTests
{
    /// <summary>A model whose every floating-point tensor is filled with <paramref name="value"/> and whose integer
    /// buffers hold <paramref name="count"/>.</summary>
    private static string Filled(TempDir dir, string name, double value, long count)
    {
        using var model = new UNetS(new UNetSConfig(1, [4, 8]));
        using (no_grad())
            foreach (var (_, t) in model.state_dict())
                if (t.is_floating_point()) t.fill_(value); else t.fill_(count);
        string path = dir.Sub(name + ".pt");
        StateDictFile.Save(model, path);
        return path;
    }

    [Fact]
    public void Every_float_tensor_becomes_the_mean_of_the_files_and_integer_buffers_come_from_the_last()
    {
        using var dir = new TempDir();
        string[] files = [Filled(dir, "a", 1, 5), Filled(dir, "b", 2, 6), Filled(dir, "c", 6, 7)];
        using var target = new UNetS(new UNetSConfig(1, [4, 8]));
        WeightAverage.Into(target, files);

        int floats = 0, ints = 0;
        foreach (var (name, t) in target.state_dict())
        {
            if (t.is_floating_point())
            {
                floats++;
                Assert.All(t.to(ScalarType.Float64).data<double>().ToArray(), v => Assert.Equal(3.0, v, 6));
            }
            else
            {
                ints++;
                Assert.All(t.to(ScalarType.Int64).data<long>().ToArray(), v => Assert.Equal(7L, v));
            }
        }
        Assert.True(floats > 0 && ints > 0, $"{floats} float and {ints} integer tensors");
    }

    [Fact]
    public void One_file_copies_it_and_no_file_changes_nothing()
    {
        using var dir = new TempDir();
        using var target = new UNetS(new UNetSConfig(1, [4, 8]));
        var before = Training.TrainerTests.Weights(target);
        WeightAverage.Into(target, []);
        Assert.All(Training.TrainerTests.Weights(target), kv => Assert.Equal(before[kv.Key], kv.Value));
        WeightAverage.Into(target, [Filled(dir, "a", 0.5, 1)]);
        Assert.All(Training.TrainerTests.Weights(target), kv => Assert.All(kv.Value, v => Assert.True(v == 0.5f || v == 1f, kv.Key)));
    }
}
