using XBot.AppHost;

var builder = DistributedApplication.CreateBuilder(args);
if (!builder.TryLockDataDirectory(out var problem))
{
    Console.Error.WriteLine($"error: {problem}");
    return 1;
}
try
{
    builder.AddXBotApplication();
}
catch (AppHostConfigurationException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}
builder.Build().Run();
return 0;
