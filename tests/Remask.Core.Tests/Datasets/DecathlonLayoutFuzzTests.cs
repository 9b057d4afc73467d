using Remask.Fuzzing;
using Remask.Fuzzing.Targets;
using Xunit.Abstractions;

namespace Remask.Core.Tests.Datasets;

/// <summary>A Decathlon task's dataset.json under mutations (docs/reliability.md): discovery refuses it with an error that
/// names it, or lists samples that all lie inside the task folder, each name once.</summary>
public sealed class DecathlonLayoutFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Mutated_dataset_json_is_refused_or_read_within_the_task() => FuzzRunner.RunUnitTest(DatasetJsonTarget.Create(), output.WriteLine);
}
