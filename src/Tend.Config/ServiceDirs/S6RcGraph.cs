using Tend.Model;

namespace Tend.Config.ServiceDirs;

/// <summary>
/// Resolves the names of the s6-rc sources into the model, as s6-rc-compile and s6-overlay's
/// stage 2 order them: bundles expand to their atoms; a dependency on a oneshot waits for it to
/// complete successfully, on a longrun for it to start (to be ready, when it has a
/// notification-fd); every atom waits for the cont-init.d scripts; <c>user2</c> atoms also wait
/// for /etc/services.d; what <c>user</c> and <c>user2</c> reach (with dependencies) starts, the
/// rest is defined but down. Pipelines (producer-for / consumer-for) become StdinFrom, with the
/// producer depending on its consumer so the reader starts first and stops last.
/// </summary>
internal sealed class S6RcGraph
{
    /// <summary>s6-overlay's own services, which user sources may depend on.</summary>
    private const string Base = "base", FixAttrs = "fix-attrs", LegacyContInit = "legacy-cont-init", LegacyServices = "legacy-services";

    private readonly Dictionary<string, S6RcSource> _sources;
    private readonly IReadOnlyList<DependencySpec> _afterContInit;
    private readonly IReadOnlyList<DependencySpec> _afterServices;
    private readonly DiagnosticBag _diagnostics;
    private List<string> _userAtoms = [];

    public S6RcGraph(Dictionary<string, S6RcSource> sources, IReadOnlyList<DependencySpec> afterContInit,
        IReadOnlyList<DependencySpec> afterServices, DiagnosticBag diagnostics)
    {
        _sources = sources;
        _afterContInit = afterContInit;
        _afterServices = afterServices;
        _diagnostics = diagnostics;
    }

    /// <summary>The atoms' programs, in name order, with dependencies, AutoStart and pipelines filled in.</summary>
    public List<ProgramSpec> Resolve()
    {
        if (HasCycle()) return [];
        CheckBundles();
        var programs = _sources.Values.Where(s => s.Program is not null).ToDictionary(s => s.Name, s => s.Program!, StringComparer.Ordinal);
        var user2 = Atoms(S6RcSourceReader.UserBundles[1]).ToHashSet(StringComparer.Ordinal);
        _userAtoms = Atoms(S6RcSourceReader.UserBundles[0]).Where(a => !user2.Contains(a)).ToList();
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var bundle in S6RcSourceReader.UserBundles)
            foreach (var atom in Atoms(bundle)) AddWithDependencies(atom, wanted);

        foreach (var source in _sources.Values.Where(s => s.Program is not null).OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            var deps = new List<DependencySpec>(_afterContInit);
            foreach (var reference in source.Dependencies) deps.AddRange(Resolve(reference, programs, source.Name));
            if (user2.Contains(source.Name)) deps.AddRange(AfterLegacyServices(programs, source.Name));
            programs[source.Name] = programs[source.Name] with
            {
                DependsOn = Distinct(deps),
                AutoStart = wanted.Contains(source.Name),
            };
        }
        Pipelines(programs);
        return programs.Values.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>What a dependent waits for: s6-rc counts a oneshot up once it succeeded, a longrun once it runs (or is ready, with a notification-fd).</summary>
    public static DependencySpec UpCondition(ProgramSpec p, SourceLocation? at = null) =>
        new(p.Name,
            p.Kind == ProgramKind.Oneshot ? DependencyCondition.CompletedSuccessfully
            : p.NotificationFd is not null ? DependencyCondition.Ready
            : DependencyCondition.Started,
            at);

    private IEnumerable<DependencySpec> Resolve(S6RcReference reference, Dictionary<string, ProgramSpec> programs, string from)
    {
        switch (reference.Name)
        {
            case Base or FixAttrs:
                return []; // s6-overlay's own setup, done before Tend starts anything
            case LegacyContInit:
                return _afterContInit;
            case LegacyServices:
                return AfterLegacyServices(programs, from);
        }
        if (!_sources.ContainsKey(reference.Name))
        {
            _diagnostics.Error(reference.At, $"'{from}' depends on '{reference.Name}', which is not defined",
                $"define it in s6-rc.d/{reference.Name} with a type file, or remove this file");
            return [];
        }
        return Atoms(reference.Name).Where(programs.ContainsKey).Select(a => UpCondition(programs[a], reference.At));
    }

    /// <summary>
    /// s6-overlay's legacy-services depends on the user bundle, and user2 comes after it: what waits
    /// for either waits for every atom of <c>user</c> and every /etc/services.d longrun.
    /// </summary>
    private IEnumerable<DependencySpec> AfterLegacyServices(Dictionary<string, ProgramSpec> programs, string from) =>
        _userAtoms.Where(a => a != from && programs.ContainsKey(a)).Select(a => UpCondition(programs[a])).Concat(_afterServices);

    /// <summary>The atoms a name stands for: itself, or a bundle's members, recursively (cycles are refused first).</summary>
    private IEnumerable<string> Atoms(string name)
    {
        if (!_sources.TryGetValue(name, out var source)) return [];
        if (source.Type != S6RcType.Bundle) return [name];
        return source.Contents.Where(c => _sources.ContainsKey(c.Name)).SelectMany(c => Atoms(c.Name)).Distinct();
    }

    /// <summary>Once, so each unknown member is reported once however often the bundle is expanded.</summary>
    private void CheckBundles()
    {
        foreach (var bundle in _sources.Values.Where(s => s.Type == S6RcType.Bundle))
            foreach (var c in bundle.Contents.Where(c => !_sources.ContainsKey(c.Name) && c.Name is not (Base or FixAttrs or LegacyContInit or LegacyServices)))
                _diagnostics.Error(c.At, $"bundle '{bundle.Name}' contains '{c.Name}', which is not defined", $"define it in s6-rc.d/{c.Name}, or remove this file");
    }

    private void AddWithDependencies(string atom, HashSet<string> wanted)
    {
        if (!wanted.Add(atom) || !_sources.TryGetValue(atom, out var source)) return;
        foreach (var d in source.Dependencies)
            if (_sources.ContainsKey(d.Name))
                foreach (var a in Atoms(d.Name)) AddWithDependencies(a, wanted);
    }

    private static List<DependencySpec> Distinct(List<DependencySpec> deps) =>
        deps.GroupBy(d => d.Program, StringComparer.Ordinal).Select(g => g.First()).ToList();

    /// <summary>producer-for and consumer-for must agree, as s6-rc-compile requires; Tend joins one producer to one consumer.</summary>
    private void Pipelines(Dictionary<string, ProgramSpec> programs)
    {
        foreach (var source in _sources.Values.Where(s => s.Type == S6RcType.Longrun && s.Program is not null))
        {
            if (source.ConsumerFor.Count > 1)
                _diagnostics.Error(source.ConsumerFor[1].At, $"'{source.Name}' consumes from several producers",
                    "Tend joins one producer to one consumer; give each producer its own logger");
            if (source.ProducerFor is not { } consumerRef) continue;
            var consumer = _sources.GetValueOrDefault(consumerRef.Name);
            if (consumer?.Program is null || consumer.Type != S6RcType.Longrun)
            {
                _diagnostics.Error(consumerRef.At, $"'{source.Name}' is a producer for '{consumerRef.Name}', which is not a longrun",
                    "producer-for names the longrun that reads this service's output");
                continue;
            }
            if (!consumer.ConsumerFor.Any(c => c.Name == source.Name))
            {
                _diagnostics.Error(consumerRef.At, $"'{source.Name}' is a producer for '{consumer.Name}', but '{consumer.Name}' has no consumer-for naming it",
                    $"write '{source.Name}' into {Path.Combine(consumer.Dir, "consumer-for")}");
                continue;
            }
            programs[consumer.Name] = programs[consumer.Name] with { StdinFrom = source.Name };
            var producer = programs[source.Name];
            programs[source.Name] = producer with
            {
                DependsOn = Distinct([.. producer.DependsOn, new DependencySpec(consumer.Name, DependencyCondition.Started, consumerRef.At)]),
            };
        }
        foreach (var source in _sources.Values)
            foreach (var c in source.ConsumerFor.Take(1))
                if (_sources.GetValueOrDefault(c.Name)?.ProducerFor?.Name != source.Name)
                    _diagnostics.Error(c.At, $"'{source.Name}' is a consumer for '{c.Name}', but '{c.Name}' has no producer-for naming it",
                        $"write '{source.Name}' into {Path.Combine(_sources.GetValueOrDefault(c.Name)?.Dir ?? c.Name, "producer-for")}");
    }

    /// <summary>
    /// A cycle through dependencies.d or contents.d would make s6-rc-compile refuse the set; it is
    /// reported once, at the file that closes it, as "a -> b -> a".
    /// </summary>
    private bool HasCycle()
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 on the path, 2 done
        var path = new List<(string Name, SourceLocation? At)>();
        var found = false;
        foreach (var name in _sources.Keys.Order(StringComparer.Ordinal))
            if (!found) Visit(name, null);
        return found;

        void Visit(string name, SourceLocation? at)
        {
            if (found) return;
            if (state.GetValueOrDefault(name) == 2) return;
            if (state.GetValueOrDefault(name) == 1)
            {
                var start = path.FindIndex(p => p.Name == name);
                var cycle = path.Skip(start).Select(p => p.Name).Append(name);
                _diagnostics.Error(at, $"dependency cycle: {string.Join(" -> ", cycle)}",
                    "services in a cycle would wait for each other forever; remove one of these dependencies");
                found = true;
                return;
            }
            state[name] = 1;
            path.Add((name, at));
            var source = _sources[name];
            foreach (var next in source.Dependencies.Concat(source.Contents))
                if (_sources.ContainsKey(next.Name)) Visit(next.Name, next.At);
            path.RemoveAt(path.Count - 1);
            state[name] = 2;
        }
    }
}
