using XBot.Core.Configuration;

try
{
    XBot.Api.ApiApplication.Build(args).Run();
    return 0;
}
catch (Exception ex) when (StartupFailure.Describe(ex, StartupRefusal.IsOperatorFixable) is { } failure)
{
    return StartupFailure.Report(failure);
}
