using System.CommandLine;
using Tend.Export.Compose;
using Tend.Export.Kubernetes;

namespace Tend.Cli.Commands;

/// <summary>
/// `tend export compose|kubernetes CONFIG`: the all-in-one configuration as separate containers.
/// The document goes to stdout; what could not be mapped is a comment in it and a warning on stderr.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(string[] tail)
    {
        var command = new Command("export", "Write a docker-compose.yml or Kubernetes manifests for a configuration");
        command.Add(Compose(tail));
        command.Add(Kubernetes(tail));
        return command;
    }

    private static Option<string?> ImageOption() => new("--image")
    {
        Description = "The image every service runs (it must contain the programs and the tend binary)",
        HelpName = "NAME",
    };

    private static Command Compose(string[] tail)
    {
        var input = new ConfigInput();
        var image = ImageOption();
        var groupBy = OptionValues.Choice("--group-by",
            "One service per program, or per supervisord group (a group's programs share a container)", "program", "program", "group");
        var volume = new Option<string[]>("--volume")
        {
            Description = "Mount SRC:DST[:ro] in every service (repeatable)",
            HelpName = "SRC:DST",
            AllowMultipleArgumentsPerToken = false,
        };
        var keepVolumes = OptionValues.Flag("--keep-volumes",
            "Share each working directory between the services through a named volume, as the one container did");
        var envExample = new Option<string?>("--env-example")
        {
            Description = "Also write a .env example listing the ${VAR} variables the file refers to (with their defaults) to FILE",
            HelpName = "FILE",
        };
        var command = new Command("compose", "Write a docker-compose.yml: one service per program, jobs as cron services") { image, groupBy, volume, keepVolumes, envExample };
        input.AddTo(command);
        command.SetAction(parsed =>
        {
            var config = input.Load(parsed, tail);
            if (config is null) return ExitCodes.Usage;
            var result = ComposeExporter.Export(config, new ComposeOptions
            {
                Image = parsed.GetValue(image),
                GroupBy = parsed.GetValue(groupBy) == "group" ? ComposeGrouping.Group : ComposeGrouping.Program,
                Volumes = parsed.GetValue(volume) ?? [],
                KeepVolumes = parsed.GetValue(keepVolumes),
            });
            if (parsed.GetValue(envExample) is { } envFile)
            {
                try
                {
                    File.WriteAllText(envFile, result.EnvExample ?? "# The Tend configuration refers to no ${VAR}: nothing to set.\n");
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"tend: --env-example {envFile}: {Model.ErrorText.Of(e)}");
                    return ExitCodes.Usage;
                }
            }
            return ConfigInput.Emit(result);
        });
        return command;
    }

    private static Command Kubernetes(string[] tail)
    {
        var input = new ConfigInput();
        var image = ImageOption();
        var layout = OptionValues.Choice("--layout",
            "pod: one Deployment with a container per program; split: a Deployment per program", "pod", "pod", "split");
        var name = new Option<string?>("--name") { Description = "Name of the app (default: from the config's file or folder name)" };
        var ns = new Option<string?>("--namespace") { Description = "metadata.namespace of every object", HelpName = "NAME" };
        var label = new Option<string[]>("--label")
        {
            Description = "Add the label KEY=VALUE to every object and pod (repeatable)",
            HelpName = "KEY=VALUE",
            AllowMultipleArgumentsPerToken = false,
        };
        var requests = new Option<string?>("--requests") { Description = "resources.requests of every container, e.g. cpu=100m,memory=64Mi", HelpName = "NAME=QTY,..." };
        var limits = new Option<string?>("--limits") { Description = "resources.limits of every container, e.g. cpu=1,memory=256Mi", HelpName = "NAME=QTY,..." };
        var storage = new Option<string?>("--storage") { Description = "Size each persistent directory's PersistentVolumeClaim requests (default 1Gi)", HelpName = "QTY" };
        var readOnlyRoot = OptionValues.Flag("--read-only-root",
            "readOnlyRootFilesystem in every container; /tmp, the shared and the persistent directories are volumes");
        var command = new Command("kubernetes", "Write Kubernetes manifests: Deployments, Services, Jobs and CronJobs")
            { image, layout, name, ns, label, requests, limits, storage, readOnlyRoot };
        input.AddTo(command);
        command.SetAction(parsed =>
        {
            var config = input.Load(parsed, tail);
            if (config is null) return ExitCodes.Usage;
            var options = new KubernetesOptions
            {
                Image = parsed.GetValue(image),
                Layout = parsed.GetValue(layout) == "split" ? KubernetesLayout.Split : KubernetesLayout.Pod,
                Name = parsed.GetValue(name),
                ReadOnlyRoot = parsed.GetValue(readOnlyRoot),
            };
            string? error = null;
            int Bad(string option) { Console.Error.WriteLine($"tend: {option}: {error}"); return ExitCodes.Usage; }
            if (parsed.GetValue(ns) is { } nsText && (options = options with { Namespace = KubernetesOptionValues.Namespace(nsText, out error) }).Namespace is null)
                return Bad("--namespace");
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var text in parsed.GetValue(label) ?? [])
            {
                if (KubernetesOptionValues.Label(text, out error) is not { } pair) return Bad("--label");
                labels[pair.Key] = pair.Value;
            }
            options = options with { Labels = labels };
            if (parsed.GetValue(requests) is { } r)
            {
                if (KubernetesOptionValues.Resources(r, out error) is not { } values) return Bad("--requests");
                options = options with { Requests = values };
            }
            if (parsed.GetValue(limits) is { } l)
            {
                if (KubernetesOptionValues.Resources(l, out error) is not { } values) return Bad("--limits");
                options = options with { Limits = values };
            }
            if (parsed.GetValue(storage) is { } s)
            {
                if (KubernetesOptionValues.Quantity(s, out error) is not { } size) return Bad("--storage");
                options = options with { Storage = size };
            }
            return ConfigInput.Emit(KubernetesExporter.Export(config, options));
        });
        return command;
    }
}
