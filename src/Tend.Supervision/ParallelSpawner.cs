using Tend.Posix.Spawn;

namespace Tend.Supervision;

/// <summary>One program about to be spawned: its request (pipes made), then the outcome.</summary>
internal sealed class PendingStart(ProgramRuntime program, SpawnRequest request, int outRead, int errRead, string? error)
{
    public ProgramRuntime Program { get; } = program;
    public SpawnRequest Request { get; } = request;
    public int OutRead { get; } = outRead;
    public int ErrRead { get; } = errRead;

    /// <summary>Set before spawning when the request cannot be made (unknown user).</summary>
    public string? Error { get; } = error;

    public SpawnResult Result { get; set; }
}

/// <summary>
/// Runs the spawns of a batch on the calling thread and one short-lived helper thread. Spawns that
/// set a umask change a process-wide value for their duration, so they run alone, after the rest.
/// </summary>
internal static class ParallelSpawner
{
    private const int MinBatchForHelper = 4;

    public static void SpawnAll(IReadOnlyList<PendingStart> batch)
    {
        var shared = batch.Where(s => s.Error is null && s.Request.Umask is null).ToArray();
        var next = -1;
        void Work()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < shared.Length) shared[i].Result = Spawner.Spawn(shared[i].Request);
        }

        Thread? helper = null;
        if (shared.Length >= MinBatchForHelper && Environment.ProcessorCount > 1)
        {
            helper = new Thread(Work) { IsBackground = true, Name = "tend-spawn" };
            helper.Start();
        }
        Work();
        helper?.Join();

        foreach (var s in batch)
        {
            if (s.Error is not null) s.Result = new SpawnResult(0, 22, s.Error);
            else if (s.Request.Umask is not null) s.Result = Spawner.Spawn(s.Request);
        }
    }
}
