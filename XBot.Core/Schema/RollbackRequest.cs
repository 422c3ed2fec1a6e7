namespace XBot.Core.Schema;

/// <summary>
/// What <c>db rollback</c> undoes: the newest <see cref="Steps"/> migrations, or every applied
/// migration newer than <see cref="To"/> (0.0.0 for all of them). Exactly one of the two is set.
/// </summary>
public sealed record RollbackRequest(int? Steps, SchemaVersion? To)
{
    /// <summary>Checks the operator's input before anything touches the database.</summary>
    public static RollbackRequest Parse(int? steps, string? to)
    {
        if (steps is not null && to is not null)
        {
            throw new SchemaInputException("give either --steps N or --to VERSION, not both.");
        }
        if (steps is null && to is null)
        {
            throw new SchemaInputException("give --steps N (how many migrations to undo) or --to VERSION (the version to return to, 0.0.0 for empty).");
        }
        if (steps is <= 0)
        {
            throw new SchemaInputException($"--steps is {steps}; use a whole number of at least 1.");
        }
        return new RollbackRequest(steps, to is null ? null : SchemaVersion.Parse(to, "--to"));
    }
}
