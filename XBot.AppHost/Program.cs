using XBot.AppHost;

var builder = DistributedApplication.CreateBuilder(args);
if (!builder.TryLockDataDirectory(out var problem))
{
    return Refuse(problem!, 1);
}
try
{
    builder.AddXBotApplication();
}
catch (AppHostConfigurationException ex)
{
    return Refuse(ex.Message, 2);
}
try
{
    builder.Build().Run();
}
catch (Exception ex) when (AddressInUse.Describe(ex) is { } inUse)
{
    return Refuse(inUse, 1);
}
return 0;

// One line an operator can act on, instead of a stack trace.
static int Refuse(string problem, int exitCode)
{
    Console.Error.WriteLine($"error: {problem}");
    return exitCode;
}
