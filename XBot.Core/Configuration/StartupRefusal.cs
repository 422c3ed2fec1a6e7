using XBot.Core.Schema;

namespace XBot.Core.Configuration;

/// <summary>The start-up exceptions of XBot.Core an operator fixes (a setting out of range, an unmigrated database), for <c>StartupFailure.Describe</c>.</summary>
public static class StartupRefusal
{
    public static bool IsOperatorFixable(Exception exception) => exception is XBotConfigurationException or SchemaGuardException;
}
