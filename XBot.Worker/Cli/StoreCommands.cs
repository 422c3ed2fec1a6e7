using System.CommandLine;

namespace XBot.Worker.Cli;

/// <summary>Dual-store verbs: <c>redis health</c>, <c>cache clear|rebuild</c>, <c>fallback ...</c>, <c>audit consistency</c>.</summary>
public static class StoreCommands
{
    public static IEnumerable<Command> Create(CliContext context) => [];
}
