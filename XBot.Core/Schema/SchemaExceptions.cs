namespace XBot.Core.Schema;

/// <summary>The request itself is wrong (a malformed or unknown version, a bad step count); nothing was changed.</summary>
public sealed class SchemaInputException(string message) : Exception(message);

/// <summary>A schema operation could not be done or found the database in a state it refuses to touch.</summary>
public sealed class SchemaOperationException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The migration files themselves are wrong (a malformed name or version, a missing undo script).</summary>
public sealed class MigrationCatalogueException(IReadOnlyList<string> problems)
    : Exception("The migration catalogue is invalid: " + string.Join(" ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
