using Npgsql;

namespace XBot.Core.Schema;

/// <summary>
/// Reads a database's schema (the connection's current schema, normally <c>public</c>) from the
/// PostgreSQL catalogue. Definitions come from PostgreSQL's own deparsers (format_type, pg_get_indexdef,
/// pg_get_viewdef, ...), so two databases built by the same SQL describe themselves identically.
/// </summary>
public static class SchemaInspector
{
    private const string Tables = """
        SELECT c.relname, NULL, CASE c.relkind WHEN 'p' THEN 'partitioned table' ELSE 'table' END
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND c.relname <> 'schema_migrations'
          AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
        """;

    private const string Columns = """
        SELECT c.relname || '.' || a.attname, c.relname,
               format_type(a.atttypid, a.atttypmod)
               || CASE WHEN a.attnotnull THEN ' not null' ELSE ' null' END
               || CASE a.attidentity WHEN 'a' THEN ' identity always' WHEN 'd' THEN ' identity by default' ELSE '' END
               || CASE WHEN a.attgenerated = 's' THEN ' generated always as ' || pg_get_expr(d.adbin, d.adrelid) || ' stored'
                       WHEN d.adbin IS NOT NULL THEN ' default ' || pg_get_expr(d.adbin, d.adrelid)
                       ELSE '' END
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND c.relname <> 'schema_migrations'
          AND a.attnum > 0 AND NOT a.attisdropped
          AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
        """;

    private const string Indexes = """
        SELECT i.relname, t.relname, pg_get_indexdef(i.oid)
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class t ON t.oid = x.indrelid
        JOIN pg_namespace n ON n.oid = i.relnamespace
        WHERE n.nspname = current_schema() AND t.relname <> 'schema_migrations'
        """;

    private const string Views = """
        SELECT c.relname, NULL, CASE c.relkind WHEN 'm' THEN 'materialized ' ELSE '' END || pg_get_viewdef(c.oid, true)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('v', 'm')
          AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
        """;

    private const string Constraints = """
        SELECT t.relname || '.' || con.conname, t.relname, pg_get_constraintdef(con.oid)
        FROM pg_constraint con
        JOIN pg_class t ON t.oid = con.conrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = current_schema() AND t.relname <> 'schema_migrations'
        """;

    private const string Triggers = """
        SELECT t.relname || '.' || tg.tgname, t.relname, pg_get_triggerdef(tg.oid)
        FROM pg_trigger tg
        JOIN pg_class t ON t.oid = tg.tgrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = current_schema() AND NOT tg.tgisinternal
        """;

    // Tables, views and functions an extension owns (pg_depend 'e': pg_stat_statements' views, which the AppHost creates)
    // belong to the extension, not to our migrations.
    private const string Functions = """
        SELECT p.oid::regprocedure::text, NULL, md5(pg_get_functiondef(p.oid))
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = current_schema() AND p.prokind IN ('f', 'p')
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
        """;

    private static readonly (string Kind, string Sql)[] Queries =
    [
        ("table", Tables),
        ("column", Columns),
        ("index", Indexes),
        ("view", Views),
        ("constraint", Constraints),
        ("trigger", Triggers),
        ("function", Functions),
    ];

    public static async Task<SchemaSnapshot> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var objects = new List<SchemaObject>();
        foreach (var (kind, sql) in Queries)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                objects.Add(new SchemaObject(kind, reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2)));
            }
        }
        return new SchemaSnapshot(objects);
    }
}
