namespace XBot.Core.Schema;

/// <summary>
/// One object of a schema as PostgreSQL itself describes it: kind (table, column, index, view,
/// constraint, trigger, function), a name unique within its kind, the table it belongs to (if any)
/// and its definition in PostgreSQL's own canonical text.
/// </summary>
public sealed record SchemaObject(string Kind, string Name, string? Table, string Definition)
{
    public string Key => $"{Kind} {Name}";

    public override string ToString() => $"{Kind} {Name}: {Definition}";
}

public enum SchemaChange
{
    Missing,
    Extra,
    Changed,
}

/// <summary>A difference between an expected and an actual schema.</summary>
public sealed record SchemaDifference(SchemaChange Change, string Kind, string Name, string? Expected, string? Actual)
{
    public override string ToString() => Change switch
    {
        SchemaChange.Missing => $"missing {Kind} {Name}: {Expected}",
        SchemaChange.Extra => $"extra {Kind} {Name}: {Actual}",
        _ => $"changed {Kind} {Name}: expected {Expected}, found {Actual}",
    };
}

/// <summary>The app's objects in one database schema (the journal table excluded), comparable and printable.</summary>
public sealed class SchemaSnapshot(IEnumerable<SchemaObject> objects)
{
    public static readonly SchemaSnapshot Empty = new([]);

    public IReadOnlyList<SchemaObject> Objects { get; } = [.. objects.OrderBy(o => o.Key, StringComparer.Ordinal)];

    public IEnumerable<string> Names(string kind) => Objects.Where(o => o.Kind == kind).Select(o => o.Name);

    /// <summary>A stable text dump, one object a line: equal dumps mean equal schemas.</summary>
    public string Dump() => string.Join('\n', Objects);

    /// <summary>
    /// Every difference from <paramref name="expected"/> to this snapshot. The columns, indexes and
    /// constraints of a table that is missing or extra as a whole are not listed again one by one.
    /// </summary>
    public IReadOnlyList<SchemaDifference> CompareTo(SchemaSnapshot expected)
    {
        var want = expected.Objects.ToDictionary(o => o.Key);
        var have = Objects.ToDictionary(o => o.Key);
        var wholeTables = new HashSet<string>(
            want.Values.Where(o => o.Kind == "table" && !have.ContainsKey(o.Key))
                .Concat(have.Values.Where(o => o.Kind == "table" && !want.ContainsKey(o.Key)))
                .Select(o => o.Name));

        var differences = new List<SchemaDifference>();
        foreach (var key in want.Keys.Union(have.Keys).Order(StringComparer.Ordinal))
        {
            want.TryGetValue(key, out var expectedObject);
            have.TryGetValue(key, out var actualObject);
            var any = (expectedObject ?? actualObject)!;
            if (any.Kind != "table" && any.Table is { } table && wholeTables.Contains(table))
            {
                continue;
            }
            if (actualObject is null)
            {
                differences.Add(new SchemaDifference(SchemaChange.Missing, any.Kind, any.Name, expectedObject!.Definition, null));
            }
            else if (expectedObject is null)
            {
                differences.Add(new SchemaDifference(SchemaChange.Extra, any.Kind, any.Name, null, actualObject.Definition));
            }
            else if (expectedObject.Definition != actualObject.Definition)
            {
                differences.Add(new SchemaDifference(SchemaChange.Changed, any.Kind, any.Name, expectedObject.Definition, actualObject.Definition));
            }
        }
        return differences;
    }
}
