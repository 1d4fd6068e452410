using CnpgDrTemporal.Tests.Git;
using CnpgDrTemporal.Tests.GitOps;

namespace CnpgDrTemporal.Tests.Rebuild;

public static class RebuildFixtures
{
    /// <summary>Adds a fixture database directory to the remote, as another engineer would.</summary>
    public static void AddDatabase(GitRemoteFixture remote, string database) =>
        remote.PushFromOtherClone(path => GitOpsFixtures.CopyDirectory(GitOpsFixtures.PathOf(database), Path.Combine(path, remote.DatabasesPath, database)), $"add {database}");
}
