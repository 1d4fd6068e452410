namespace CnpgDrTemporal.Tests.Support;

/// <summary>Paths in the test project's source tree (not its bin folder), found from the running assembly.</summary>
public static class TestPaths
{
    public static string ProjectDirectory { get; } = Find();

    public static string RepositoryRoot => Path.GetFullPath(Path.Combine(ProjectDirectory, "..", ".."));

    public static string InProject(params string[] parts) => Path.Combine([ProjectDirectory, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CnpgDrTemporal.Tests.csproj")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"CnpgDrTemporal.Tests.csproj not found above {AppContext.BaseDirectory}");
    }
}
