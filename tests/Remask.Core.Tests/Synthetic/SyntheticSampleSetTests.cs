using Remask.Core.Synthetic;

namespace Remask.Core.Tests.Synthetic;

public class SyntheticSampleSetTests
{
    [Fact]
    public void Names_and_samples_follow_the_index()
    {
        var set = new SyntheticSampleSet(SyntheticKind.Derm, 200, 32, 9);
        Assert.Equal(200, set.Count);
        Assert.Equal("derm_000123", set.NameOf(123));
        Assert.Equal("ct_000004", new SyntheticSampleSet(SyntheticKind.Ct, 5, 32, 9).NameOf(4));
        var s = set.Load(123);
        Assert.Equal("derm_000123", s.Name);
        Assert.Equal(ImageMeasures.Bytes(SynthDerm.Generate(123, 32, 9).Image), ImageMeasures.Bytes(s.Image));
    }

    [Fact]
    public void A_sample_does_not_depend_on_the_order_or_thread_it_is_loaded_in()
    {
        foreach (var kind in new[] { SyntheticKind.Derm, SyntheticKind.Ct })
        {
            var set = new SyntheticSampleSet(kind, 12, 32, 4);
            var forward = Enumerable.Range(0, 12).Select(i => ImageMeasures.Bytes(set.Load(i).Image)).ToArray();
            var parallel = new byte[12][];
            Parallel.For(0, 12, i => parallel[11 - i] = ImageMeasures.Bytes(set.Load(11 - i).Image));
            var alone = ImageMeasures.Bytes(new SyntheticSampleSet(kind, 12, 32, 4).Load(7).Image);
            for (int i = 0; i < 12; i++) Assert.Equal(forward[i], parallel[i]);
            Assert.Equal(forward[7], alone);
        }
    }

    [Fact]
    public void Bad_options_are_usage_errors_and_bad_indices_are_refused()
    {
        Assert.Throws<RemaskUsageException>(() => new SyntheticSampleSet(SyntheticKind.Ct, -1, 64, 1));
        Assert.Throws<RemaskUsageException>(() => new SyntheticSampleSet(SyntheticKind.Ct, 5, 8, 1));
        Assert.Throws<RemaskUsageException>(() => new SyntheticSampleSet(SyntheticKind.Ct, 5, 5000, 1));
        var set = new SyntheticSampleSet(SyntheticKind.Ct, 5, 32, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => set.Load(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => set.NameOf(-1));
    }

    [Theory]
    [InlineData("derm", SyntheticKind.Derm)]
    [InlineData("synth-derm", SyntheticKind.Derm)]
    [InlineData(" CT ", SyntheticKind.Ct)]
    [InlineData("Synth-CT", SyntheticKind.Ct)]
    public void Kind_names_are_read(string text, SyntheticKind kind) => Assert.Equal(kind, SyntheticDatasets.ParseKind(text));

    [Fact]
    public void The_set_generates_at_its_difficulty()
    {
        var hard = new SyntheticSampleSet(SyntheticKind.Ct, 3, 32, 9, SyntheticDifficulty.Hard);
        Assert.Equal(SyntheticDifficulty.Hard, hard.Difficulty);
        Assert.Equal(SyntheticDifficulty.Standard, new SyntheticSampleSet(SyntheticKind.Ct, 3, 32, 9).Difficulty);
        Assert.Equal(ImageMeasures.Bytes(SynthCt.Generate(2, 32, 9, SyntheticDifficulty.Hard).Image), ImageMeasures.Bytes(hard.Load(2).Image));
        Assert.Equal("ct_000002", hard.NameOf(2));
    }

    [Theory]
    [InlineData("synth-derm", SyntheticKind.Derm, SyntheticDifficulty.Standard)]
    [InlineData("synth-ct", SyntheticKind.Ct, SyntheticDifficulty.Standard)]
    [InlineData("synth-derm-hard", SyntheticKind.Derm, SyntheticDifficulty.Hard)]
    [InlineData("synth-ct-hard", SyntheticKind.Ct, SyntheticDifficulty.Hard)]
    public void Dataset_names_carry_kind_and_difficulty(string name, SyntheticKind kind, SyntheticDifficulty difficulty)
    {
        Assert.Equal((kind, difficulty), SyntheticDatasets.ParseDatasetName(name));
        Assert.Equal(name, SyntheticDatasets.DatasetName(kind, difficulty));
        Assert.True(SyntheticDatasets.IsDatasetName(name));
    }

    [Theory]
    [InlineData("synth-derm-standard")]   // standard has no suffix: one name per dataset
    [InlineData("synth-derm-extreme")]
    [InlineData("synth-mri")]
    [InlineData("synth-")]
    public void Unknown_dataset_names_are_usage_errors_naming_them(string name)
    {
        var e = Assert.Throws<RemaskUsageException>(() => SyntheticDatasets.ParseDatasetName(name));
        Assert.Contains($"'{name}'", e.Message);
        Assert.Contains("synth-ct-hard", e.Message);
    }

    [Theory]
    [InlineData("standard", SyntheticDifficulty.Standard)]
    [InlineData(" Hard ", SyntheticDifficulty.Hard)]
    public void Difficulties_are_read(string text, SyntheticDifficulty difficulty)
    {
        Assert.Equal(difficulty, SyntheticDifficulties.Parse(text));
        Assert.Equal(text.Trim().ToLowerInvariant(), SyntheticDifficulties.Name(difficulty));
    }

    [Fact]
    public void Unknown_difficulties_are_usage_errors()
    {
        var e = Assert.Throws<RemaskUsageException>(() => SyntheticDifficulties.Parse("extreme"));
        Assert.Equal("--difficulty: 'extreme' is not a difficulty (use standard or hard)", e.Message);
        Assert.Throws<RemaskUsageException>(() => SyntheticDifficulties.Parse(null));
    }

    [Fact]
    public void Unknown_kinds_are_usage_errors()
    {
        var e = Assert.Throws<RemaskUsageException>(() => SyntheticDatasets.ParseKind("mri"));
        Assert.Contains("mri", e.Message);
    }
}
