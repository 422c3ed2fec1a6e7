using XBot.AppHost;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.AppHost;

public sealed class DataDirectoryLockTests
{
    [Fact]
    public void A_data_directory_is_held_by_one_apphost_and_free_again_when_it_stops()
    {
        var directory = AspireTestExtensions.NewDataDirectory();
        try
        {
            var first = DataDirectoryLock.TryTake(directory, out var none);
            Assert.NotNull(first);
            Assert.Null(none);

            var second = DataDirectoryLock.TryTake(directory, out var problem);

            Assert.Null(second);
            Assert.Equal(
                $"Another XBot AppHost (pid {Environment.ProcessId}) is already running on the data directory {directory}. " +
                $"Use that one (its console and dashboard addresses are in its output), or stop it first " +
                $"(Ctrl+C in its terminal, or kill {Environment.ProcessId}) and run this again.",
                problem);

            first.Dispose();
            using var third = DataDirectoryLock.TryTake(directory, out var again);
            Assert.NotNull(third);
            Assert.Null(again);
        }
        finally
        {
            AspireTestExtensions.DeleteDataDirectory(directory);
        }
    }

    [Fact]
    public void A_data_directory_that_cannot_be_made_is_named_with_the_reason_not_taken_for_a_running_apphost()
    {
        // A folder inside a regular file can't exist, even for root.
        var file = Path.GetTempFileName();
        try
        {
            var directory = Path.Combine(file, "apphost");

            var taken = DataDirectoryLock.TryTake(directory, out var problem);

            Assert.Null(taken);
            Assert.StartsWith($"The data directory {directory} can't be used: ", problem);
            Assert.EndsWith("Set AppHost:DataDirectory to a folder this user can write.", problem);
            Assert.DoesNotContain("Another XBot AppHost", problem);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
