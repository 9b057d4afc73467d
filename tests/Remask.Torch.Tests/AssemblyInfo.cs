// torch's random generator and thread pool are process-wide: tests that seed it must not run concurrently.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
