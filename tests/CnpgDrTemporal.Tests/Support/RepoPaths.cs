namespace CnpgDrTemporal.Tests.Support;

/// <summary>Paths inside the checkout the tests run from.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CnpgDrTemporal.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("CnpgDrTemporal.sln not found above " + AppContext.BaseDirectory);
    }
}
