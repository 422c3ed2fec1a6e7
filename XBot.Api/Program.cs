using XBot.Core.Configuration;
using XBot.Core.Schema;

try
{
    XBot.Api.ApiApplication.Build(args).Run();
    return 0;
}
catch (Exception ex) when (StartupFailure.Describe(ex, e => e is XBotConfigurationException or SchemaGuardException) is { } failure)
{
    return StartupFailure.Report(failure);
}
