using Remask.Core;
using Remask.Core.Imaging;
using Remask.Torch.Tests.Support;
using Remask.Torch.Training;

namespace Remask.Torch.Tests.Training;

public class BadInputTests
{
    private static TrainingOptions Tiny(int epochs = 1) => TrainerTests.Tiny(epochs);

    [Fact]
    public void Images_with_another_channel_count_are_reported_by_name()
    {
        using var dir = new TempDir();
        var train = new DiscSampleSet(6) { WrongChannels = [4] };
        var e = Assert.Throws<RemaskDataException>(() => new Trainer(new TrainingData(train), Tiny(), dir.Path).Run(RunStart.New));
        Assert.Equal("disc_004", e.Path);
        Assert.Contains("3 channel(s), but the first training image 'disc_000' has 1", e.Message);
    }

    [Fact]
    public void A_training_image_without_a_mask_is_reported_by_name()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<RemaskDataException>(() =>
            new Trainer(new TrainingData(new DiscSampleSet(6) { WithoutMask = [2] }), Tiny(), dir.Sub("a")).Run(RunStart.New));
        Assert.Equal("disc_002", e.Path);

        var partial = new InMemoryMasks("/noisy", name => name == "disc_005" ? null : Mask.Empty(32, 32));
        e = Assert.Throws<RemaskDataException>(() =>
            new Trainer(new TrainingData(new DiscSampleSet(6), partial), Tiny(), dir.Sub("b")).Run(RunStart.New));
        Assert.Equal("/noisy: no mask for training image 'disc_005'", e.Message);

        var wrongSize = new InMemoryMasks("/noisy", _ => Mask.Empty(16, 16));
        e = Assert.Throws<RemaskDataException>(() =>
            new Trainer(new TrainingData(new DiscSampleSet(6), wrongSize), Tiny(), dir.Sub("c")).Run(RunStart.New));
        Assert.Contains("mask is 16x16 but its image is 32x32", e.Message);
    }

    [Fact]
    public void An_existing_run_folder_is_refused_unless_resumed_or_overwritten()
    {
        using var dir = new TempDir();
        var data = new TrainingData(new DiscSampleSet(4));
        new Trainer(data, Tiny(), dir.Sub("run")).Run(RunStart.New);
        var e = Assert.Throws<RemaskDataException>(() => new Trainer(data, Tiny(), dir.Sub("run")).Run(RunStart.New));
        Assert.Contains("--resume", e.Message);
        Assert.Contains("--overwrite", e.Message);
        var again = new Trainer(data, Tiny(), dir.Sub("run")).Run(RunStart.Overwrite);
        Assert.Single(again.Epochs);

        Directory.CreateDirectory(dir.Sub("photos"));
        File.WriteAllText(Path.Combine(dir.Sub("photos"), "holiday.jpg"), "x");
        Assert.Contains("not a Remask run folder", Assert.Throws<RemaskDataException>(() =>
            new Trainer(data, Tiny(), dir.Sub("photos")).Run(RunStart.Overwrite)).Message);
        Assert.True(File.Exists(Path.Combine(dir.Sub("photos"), "holiday.jpg")));

        Assert.Throws<RemaskDataException>(() => new Trainer(data, Tiny(), dir.Sub("nothing")).Run(RunStart.Resume));
    }

    [Theory]
    [InlineData("state.json")]
    [InlineData("model.pt")]
    [InlineData("optimizer.pt")]
    public void A_corrupt_checkpoint_is_a_data_error_naming_the_file(string file)
    {
        using var dir = new TempDir();
        var data = new TrainingData(new DiscSampleSet(4));
        new Trainer(data, Tiny(1), dir.Path).Run(RunStart.New);
        string path = Path.Combine(Checkpoint.FolderOf(dir.Path), file);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 3)]);
        var e = Assert.Throws<RemaskDataException>(() => new Trainer(data, Tiny(2), dir.Path).Run(RunStart.Resume));
        Assert.StartsWith(path, e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public void Options_are_checked_before_anything_is_written()
    {
        using var dir = new TempDir();
        var data = new TrainingData(new DiscSampleSet(4));
        Assert.Throws<RemaskUsageException>(() => new Trainer(data, Tiny() with { Size = 30 }, dir.Sub("a")).Run(RunStart.New));
        Assert.Throws<RemaskUsageException>(() => new Trainer(data, Tiny() with { BatchSize = 0 }, dir.Sub("b")).Run(RunStart.New));
        Assert.False(Directory.Exists(dir.Sub("a")));
    }
}
