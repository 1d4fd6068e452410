using CnpgDrTemporal.Activities;
using CnpgDrTemporal.Worker;
using CnpgDrTemporal.Workflows;
using Xunit;

namespace CnpgDrTemporal.Tests.Worker;

public class LocalDevServerTests
{
    [Fact]
    public void Start_options_use_the_cli_path_a_sqlite_file_under_the_data_dir_and_the_ui()
    {
        var options = LocalDevServer.StartOptions(new TemporalOptions { Namespace = "dr" }, "/opt/temporal", "/home/op/.local/share");

        Assert.Equal("/opt/temporal", options.DevServerOptions.ExistingPath);
        Assert.Equal("/home/op/.local/share/cnpg-dr/temporal.sqlite", options.DevServerOptions.DatabaseFilename);
        Assert.True(options.UI);
        Assert.Equal(8233, options.UIPort);
        Assert.Equal("127.0.0.1:7233", options.TargetHost);
        Assert.Equal("dr", options.Namespace);
        Assert.Same(DrDataConverter.Instance, options.DataConverter);
        Assert.Null(LocalDevServer.StartOptions(new TemporalOptions(), " ", "/d").DevServerOptions.ExistingPath);
    }

    [Fact]
    public void Banner_prints_the_ui_and_commands_that_work_without_flags_on_default_ports()
    {
        var banner = LocalDevServer.Banner(new TemporalOptions(), "127.0.0.1:7233");

        Assert.Contains("UI:      http://127.0.0.1:8233", banner, StringComparison.Ordinal);
        Assert.Contains("temporal workflow start --task-queue cnpg-dr --type RecoveryWorkflow --workflow-id cnpg-dr-<db> --input '{\"database\":\"<db>\",\"dryRun\":true}'", banner, StringComparison.Ordinal);
        Assert.Contains("--name approve --input '{\"step\":\"plan\"", banner, StringComparison.Ordinal);
        Assert.Contains("--address 127.0.0.1:9999 --namespace dr", LocalDevServer.Banner(new TemporalOptions { Namespace = "dr" }, "127.0.0.1:9999"), StringComparison.Ordinal);
    }
}
