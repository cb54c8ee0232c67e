namespace Tend.ContainerTests.Infrastructure;

/// <summary>A scratch directory per test (mounted into containers), removed afterwards.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("tend-ct-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a file whole: a temporary name, then rename, so a reader never sees half of it.</summary>
    public string Write(string name, string content)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path + ".new", content);
        System.IO.File.Move(path + ".new", path, overwrite: true);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
