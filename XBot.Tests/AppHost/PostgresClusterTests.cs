using XBot.AppHost;
using XBot.AppHost.Resources;

namespace XBot.Tests.AppHost;

public sealed class PostgresClusterTests
{
    [Fact]
    public void A_folder_without_the_server_binaries_fails_with_install_instructions()
    {
        var error = Assert.Throws<AppHostConfigurationException>(() => PostgresCluster.LocateBinaries("/nonexistent/bin"));

        Assert.Contains("AppHost:PostgresBinDirectory is '/nonexistent/bin'", error.Message);
        Assert.Contains("apt-get install -y postgresql", error.Message);
    }

    [Fact]
    public void The_installed_binaries_are_found_without_configuration()
    {
        var directory = PostgresCluster.LocateBinaries(null);

        Assert.True(File.Exists(Path.Combine(directory, "initdb")));
        Assert.True(File.Exists(Path.Combine(directory, "postgres")));
    }
}
