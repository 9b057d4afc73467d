namespace Remask.Fuzzing;

/// <summary>How one probe of one case ended.</summary>
public enum FuzzOutcome
{
    /// <summary>A one-line <see cref="Remask.Core.RemaskDataException"/> that names the file: a pass.</summary>
    Refused,
    /// <summary>Read, and the same data as the unmutated seed gives (the mutation touched nothing that is read): a pass.</summary>
    ReadSame,
    /// <summary>Read other, valid data (the file is still a valid file): a pass unless the checksums should have caught it.</summary>
    ReadChanged,
    /// <summary>Anything else: another exception, an error that does not name the file or spans lines, invalid data, a
    /// changed read past a checksum, a case over the time limit or over its allocation budget.</summary>
    Failed,
}

/// <summary>One probe of one case: the outcome, why it failed, and what it cost.</summary>
public sealed record ProbeResult(FuzzOutcome Outcome, string? Failure, TimeSpan Elapsed, long AllocatedBytes, long? PeakRssGrowthBytes);

/// <summary>A failed probe, with what is needed to rebuild the case: target, index, seed file and mutation.</summary>
public sealed record FuzzFailure(string Target, int Case, string SeedFile, string Mutation, string Probe, string Problem)
{
    public override string ToString() => $"{Target} case {Case} ({SeedFile}: {Mutation}) {Probe}: {Problem}";
}

/// <summary>A unit-test fuzz run that did not pass (<see cref="FuzzRunner.RunUnitTest"/>); the message is the report.</summary>
public sealed class FuzzFailedException(string report) : Exception(report);
