using Tend.Fuzz;

// Tend.Fuzz TARGET                    under afl-fuzz: the fork server loop (input on stdin)
// Tend.Fuzz TARGET --replay PATH...   each file (or each file of a directory) once; exit 1 on a finding
if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine($"usage: Tend.Fuzz TARGET [--replay PATH...]; targets: {string.Join(' ', FuzzTargets.All.Keys)}");
    return 2;
}
if (args.Length > 1 && args[1] == "--replay") return Replay.Run(target, args[2..]);

// Out of process: a stack overflow or a hang kills the child, not the fork server, and is still reported.
SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    target(buffer.ToArray());
});
return 0;
