namespace XBot.Core.Schema;

public enum SchemaGuardVerdict
{
    /// <summary>The database is at exactly the app's version.</summary>
    Compatible,

    /// <summary>The database is newer by minor or patch: additive changes an older app can ignore.</summary>
    DatabaseNewerCompatible,

    /// <summary>The app needs migrations the database does not have yet.</summary>
    AppNewerRunMigrations,

    /// <summary>App and database differ in major version.</summary>
    MajorMismatch,

    /// <summary>The database has no schema_version at all.</summary>
    NotMigrated,
}

public sealed record SchemaGuardResult(SchemaGuardVerdict Verdict, SchemaVersion AppVersion, SchemaVersion? DatabaseVersion, string Message)
{
    public bool IsCompatible => Verdict is SchemaGuardVerdict.Compatible or SchemaGuardVerdict.DatabaseNewerCompatible;
}

/// <summary>The schema guard's rules (runbooks.md §7), as a pure function of the two versions.</summary>
public static class SchemaGuard
{
    public const string MigrateCommand = "dotnet run --project XBot.Worker -- db migrate";
    public const string RollbackCommand = "dotnet run --project XBot.Worker -- db rollback --to";

    public static SchemaGuardResult Evaluate(SchemaVersion app, SchemaVersion? database)
    {
        if (database is not { } db)
        {
            return new(SchemaGuardVerdict.NotMigrated, app, null,
                $"The database has no schema_version (never migrated); the app needs schema {app}. Run: {MigrateCommand} " +
                "(or db baseline --version V for a database whose schema was created by hand).");
        }
        if (db.Major != app.Major)
        {
            return new(SchemaGuardVerdict.MajorMismatch, app, db, db.Major < app.Major
                ? $"The app needs schema {app} but the database is at {db}, an older major version. Run: {MigrateCommand}."
                : $"The database schema {db} is a newer major version than the app's {app}. Deploy an app built for schema {db.Major}.x, " +
                  $"or roll the database back: {RollbackCommand} {app}.");
        }
        if (db == app)
        {
            return new(SchemaGuardVerdict.Compatible, app, db, $"The database schema {db} matches the app's {app}.");
        }
        return db > app
            ? new(SchemaGuardVerdict.DatabaseNewerCompatible, app, db,
                $"The database schema {db} is newer than the app's {app} by minor/patch only: compatible, since migrations are additive.")
            : new(SchemaGuardVerdict.AppNewerRunMigrations, app, db,
                $"The app needs schema {app} but the database is at {db}. Run: {MigrateCommand}.");
    }
}
