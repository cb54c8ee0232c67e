using Tend.Export.Compose;
using Tend.Export.Kubernetes;
using YamlDotNet.RepresentationModel;
using static Tend.UnitTests.Export.ExportedYaml;

namespace Tend.UnitTests.Export;

/// <summary>
/// Issue 26 item 1: `tend export` maps a program's held sockets to its ports, and says the
/// hand-over itself (LISTEN_FDS, sockets open across restarts) does not carry over.
/// </summary>
public class ExportSocketsTests
{
    private const string Web = """
        programs:
          web:
            command: ["gunicorn", "--bind", "fd://3", "app:app"]
            sockets: ["tcp://0.0.0.0:8080", "admin=tcp://[::]:9000", "unix:/run/web.sock"]
        """;

    [Fact]
    public void Compose_exposes_the_ports_and_warns_that_the_hand_over_does_not_carry_over()
    {
        var result = ComposeExporter.Export(ExportStorageTests.Read(Web), new ComposeOptions { Image = "app:1" });
        var doc = Documents(result.Text)[0];
        Assert.Equal(["8080", "9000"], Strings(Path(doc, "services", "web", "expose")!));
        var warning = Assert.Single(result.Warnings, w => w.Contains("sockets"));
        Assert.Contains("web: sockets tcp://0.0.0.0:8080, tcp://[::]:9000, unix:/run/web.sock: the socket hand-over (LISTEN_FDS, sockets held across restarts) does not carry over", warning);
        Assert.Contains("a Unix socket is not exported", warning);
        Assert.Contains("# tend: sockets tcp://0.0.0.0:8080", result.Text);
    }

    [Fact]
    public void Kubernetes_gives_the_container_and_the_service_the_ports()
    {
        var result = KubernetesExporter.Export(ExportStorageTests.Read(Web), new KubernetesOptions { Image = "app:1", Name = "app" });
        var container = Assert.Single(Containers(result.Text));
        var ports = ((YamlSequenceNode)Path(container, "ports")!).Cast<YamlMappingNode>().Select(m => Scalar(Path(m, "containerPort")!)).ToList();
        Assert.Equal(["8080", "9000"], ports);
        var service = Documents(result.Text).Single(d => Path(d, "kind") is { } kind && Scalar(kind) == "Service");
        Assert.Equal(["8080", "9000"], ((YamlSequenceNode)Path(service, "spec", "ports")!).Cast<YamlMappingNode>().Select(m => Scalar(Path(m, "port")!)));
        Assert.Contains(result.Warnings, w => w.Contains("the socket hand-over (LISTEN_FDS, sockets held across restarts) does not carry over"));
    }
}
