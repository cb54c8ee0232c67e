namespace Tend.Config;

/// <summary>
/// Finds the cycles of a dependency graph, for the draft rules of tend.yaml and the model rules every
/// format passes alike. A depth-first search in declaration order; each edge back to a node still on
/// the path closes one cycle, returned once, rotated to start at its earliest-declared node.
/// Iterative, so a long chain of programs cannot overflow the stack.
/// </summary>
internal static class DependencyCycles
{
    /// <param name="nodes">Names in declaration order, each with the names it depends on (unknown names and itself ignored).</param>
    /// <returns>Each cycle as its names in order, the first name repeated at the end.</returns>
    public static IReadOnlyList<IReadOnlyList<string>> Find(IReadOnlyList<(string Name, IEnumerable<string> DependsOn)> nodes)
    {
        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, _) in nodes) order.TryAdd(name, order.Count);
        var edges = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, dependsOn) in nodes)
        {
            if (edges.ContainsKey(name)) continue;
            edges[name] = dependsOn.Where(d => d != name && order.ContainsKey(d)).Distinct().ToList();
        }

        var cycles = new List<IReadOnlyList<string>>();
        var reported = new HashSet<string>(StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var onPath = new Dictionary<string, int>(StringComparer.Ordinal); // name -> index in path
        var path = new List<string>();
        var next = new List<int>(); // per path entry: the next edge to follow

        foreach (var start in order.Keys)
        {
            if (done.Contains(start)) continue;
            Push(start);
            while (path.Count > 0)
            {
                var top = path.Count - 1;
                var node = path[top];
                if (next[top] == edges[node].Count)
                {
                    done.Add(node);
                    onPath.Remove(node);
                    path.RemoveAt(top);
                    next.RemoveAt(top);
                    continue;
                }
                var target = edges[node][next[top]++];
                if (onPath.TryGetValue(target, out var at)) Add(path.GetRange(at, path.Count - at));
                else if (!done.Contains(target)) Push(target);
            }
        }
        return cycles;

        void Push(string name)
        {
            onPath[name] = path.Count;
            path.Add(name);
            next.Add(0);
        }

        void Add(List<string> cycle)
        {
            var first = cycle.IndexOf(cycle.MinBy(n => order[n])!);
            var rotated = cycle.Skip(first).Concat(cycle.Take(first)).ToList();
            rotated.Add(rotated[0]);
            if (reported.Add(string.Join("\0", rotated))) cycles.Add(rotated);
        }
    }
}
