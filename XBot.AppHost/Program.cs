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
try
{
    builder.Build().Run();
}
catch (Exception ex) when (AddressInUse.Describe(ex) is { } inUse)
{
    Console.Error.WriteLine($"error: {inUse}");
    return 1;
}
return 0;
