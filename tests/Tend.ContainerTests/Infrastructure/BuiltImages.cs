namespace Tend.ContainerTests.Infrastructure;

/// <summary>
/// The images, built before a test class's first test starts: xunit creates class fixtures outside
/// the tests' Timeout. On a fresh, loaded machine the first build (debootstrap, then the
/// Debian-based examples' apt-get) takes minutes, which the first tests to need an image would
/// otherwise pay inside their own two minutes. Every test class takes this fixture; the build runs
/// once (Images), and a failed build fails every class with its output.
/// </summary>
public sealed class BuiltImages
{
    public BuiltImages() => Images.EnsureBuilt();
}
