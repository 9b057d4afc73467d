namespace Remask.Core.Datasets;

/// <summary>Counts and statistics of one split, as <c>remask info</c> shows them.</summary>
public sealed record SplitSummary(
    string Name,
    int Images,
    int WithMask,
    int Unreadable,
    IReadOnlyDictionary<string, int> Sizes,
    IReadOnlyDictionary<int, int> Channels,
    double? MeanForegroundShare,
    int EmptyMasks);

/// <summary>What <c>remask info</c> reports: the layout, a summary per split and every problem found.</summary>
public sealed record DatasetSummary(string Root, DatasetLayout Layout, IReadOnlyList<SplitSummary> Splits, IReadOnlyList<DatasetProblem> Problems)
{
    /// <summary>
    /// Reads every sample of every split (images and masks) and gathers sizes, channels and foreground shares.
    /// A sample that cannot be read is counted and reported, and the scan goes on.
    /// </summary>
    public static DatasetSummary Compute(DatasetIndex index, DatasetOptions options,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        var problems = new List<DatasetProblem>(index.Problems);
        var splits = new List<SplitSummary>();
        int total = index.Splits.Sum(s => s.Samples.Count), done = 0;
        foreach (var split in index.Splits)
        {
            var set = DatasetDiscovery.Open(split, options);
            var results = new (string? Size, int Channels, double? Share, DatasetProblem? Problem)[set.Count];
            var parallel = new ParallelOptions
            {
                CancellationToken = cancellationToken,
                // Volume slices are read in order so that each volume is decoded once.
                MaxDegreeOfParallelism = split.Samples.Any(s => s.IsSlice) ? 1 : Environment.ProcessorCount,
            };
            Parallel.For(0, set.Count, parallel, i =>
            {
                try
                {
                    Sample s = set.Load(i);
                    results[i] = ($"{s.Image.Width}x{s.Image.Height}", s.Image.Channels, s.Mask?.ForegroundShare, null);
                }
                catch (RemaskDataException e)
                {
                    results[i] = (null, 0, null, new DatasetProblem(e.Path, e.Problem));
                }
                int d = Interlocked.Increment(ref done);
                progress?.Report((d, total));
            });
            var ok = results.Where(r => r.Problem is null).ToList();
            var shares = ok.Where(r => r.Share is not null).Select(r => r.Share!.Value).ToList();
            problems.AddRange(results.Where(r => r.Problem is not null).Select(r => r.Problem!));
            splits.Add(new SplitSummary(
                split.Name,
                split.Samples.Count,
                split.WithMask,
                results.Count(r => r.Problem is not null),
                ok.GroupBy(r => r.Size!).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
                ok.GroupBy(r => r.Channels).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count()),
                shares.Count > 0 ? shares.Average() : null,
                shares.Count(v => v == 0)));
        }
        return new DatasetSummary(index.Root, index.Layout, splits, problems);
    }
}
