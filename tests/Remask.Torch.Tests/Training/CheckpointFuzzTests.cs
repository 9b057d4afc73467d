using System.Text.Json.Nodes;
using Remask.Core;
using Remask.Fuzzing;
using Remask.Fuzzing.Torch;
using Remask.Torch.Tests.Support;
using Remask.Torch.Training;
using Xunit.Abstractions;

namespace Remask.Torch.Tests.Training;

/// <summary>
/// A run's checkpoint under mutation, resumed as <c>train --resume</c> does (docs/reliability.md), and the minimal forms
/// of what the fuzzer found: a generator state of the wrong size or an invalid position aborted the whole process inside
/// libtorch; null lists, undefined phases and huge channel counts in state.json got past ReadState; a checkpoint whose
/// options differ from run.json's was blamed on the caller.
/// </summary>
public sealed class CheckpointFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Mutated_checkpoints_are_refused_or_resumed_correctly()
    {
        using var scratch = new TempDir();
        FuzzRunner.RunUnitTest(TorchTargets.Checkpoint(scratch.Path), output.WriteLine, cases: 200);
    }

    /// <summary>A finished tiny run, and its state.json edited by <paramref name="edit"/>.</summary>
    private static string RunWithState(TempDir dir, Action<JsonObject> edit)
    {
        var data = new TrainingData(new DiscSampleSet(4));
        new Trainer(data, TrainerTests.Tiny(1), dir.Path).Run(RunStart.New).Model.Dispose();
        string state = Path.Combine(Checkpoint.FolderOf(dir.Path), "state.json");
        var json = JsonNode.Parse(File.ReadAllText(state))!.AsObject();
        edit(json);
        File.WriteAllText(state, json.ToJsonString());
        return state;
    }

    public static TheoryData<string, string> GeneratorStates() => new()
    {
        { "shorter", "a generator state of 5038 bytes" },
        { "left 0", "invalid Mersenne Twister state" },
        { "next 625", "invalid Mersenne Twister state" },
    };

    [Theory]
    [MemberData(nameof(GeneratorStates))]
    public void A_bad_generator_state_is_a_data_error_not_a_process_abort(string damage, string problem)
    {
        using var dir = new TempDir();
        string state = RunWithState(dir, json =>
        {
            byte[] rng = Convert.FromBase64String(json["rng_state"]!.GetValue<string>());
            if (damage == "shorter") rng = rng[..5038];
            else if (damage == "left 0") BitConverter.TryWriteBytes(rng.AsSpan(8), 0);
            else BitConverter.TryWriteBytes(rng.AsSpan(16), 625L);
            json["rng_state"] = Convert.ToBase64String(rng);
        });
        var e = Assert.Throws<RemaskDataException>(() => Checkpoint.ReadState(dir.Path));
        Assert.Equal(state, e.Path);
        Assert.Contains(problem, e.Message);
    }

    [Theory]
    [InlineData("rows", "null", "a field is missing")]
    [InlineData("weighting_tally", "null", "a field is missing")]
    [InlineData("phase", "7", "values out of range")]
    [InlineData("in_channels", "100000", "values out of range")]
    [InlineData("loss_sum", "\"NaN\"", "values out of range")]
    public void A_state_field_a_resume_would_trip_over_is_refused_by_read_state(string field, string value, string problem)
    {
        using var dir = new TempDir();
        string state = RunWithState(dir, json => json[field] = JsonNode.Parse(value));
        var e = Assert.Throws<RemaskDataException>(() => Checkpoint.ReadState(dir.Path));
        Assert.Equal(state, e.Path);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Options_in_the_checkpoint_that_differ_from_run_json_name_the_checkpoint()
    {
        using var dir = new TempDir();
        string state = RunWithState(dir, json => json["options"]!["batch_size"] = 7);
        var data = new TrainingData(new DiscSampleSet(4));
        var e = Assert.Throws<RemaskDataException>(() => new Trainer(data, RunInfo.Read(dir.Path).Options, dir.Path).Run(RunStart.Resume));
        Assert.Equal(state, e.Path);
        Assert.Contains("its options differ from those run.json records", e.Message);
    }
}
