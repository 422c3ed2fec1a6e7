using System.Text;

namespace XBot.Core.Schema;

/// <summary>One statement of a script: its code without comments, and the lines it spans (1-based).</summary>
public sealed record SqlStatement(string Code, int StartLine, int EndLine);

/// <summary>
/// Splits a migration script into statements at top-level semicolons, skipping comments, quoted
/// strings and identifiers, and dollar-quoted bodies. It is only as much of a SQL lexer as the
/// destructive-statement and view checks need; PostgreSQL itself still runs the script whole.
/// </summary>
public static class SqlScript
{
    public static IReadOnlyList<SqlStatement> Split(string script)
    {
        var statements = new List<SqlStatement>();
        var code = new StringBuilder();
        var line = 1;
        var startLine = 0;
        var i = 0;

        void Append(string text)
        {
            if (startLine == 0 && !string.IsNullOrWhiteSpace(text))
            {
                startLine = line;
            }
            code.Append(text);
        }

        void Advance(int end)
        {
            for (var k = i; k < end && k < script.Length; k++)
            {
                if (script[k] == '\n')
                {
                    line++;
                }
            }
            i = Math.Min(end, script.Length);
        }

        while (i < script.Length)
        {
            var c = script[i];
            var next = i + 1 < script.Length ? script[i + 1] : '\0';
            if (c == '-' && next == '-')
            {
                var end = script.IndexOf('\n', i);
                Advance(end < 0 ? script.Length : end);
                code.Append(' ');
            }
            else if (c == '/' && next == '*')
            {
                Advance(BlockCommentEnd(script, i));
                code.Append(' ');
            }
            else if (c is '\'' or '"')
            {
                var end = QuotedEnd(script, i, c);
                Append(script[i..end]);
                Advance(end);
            }
            else if (c == '$' && DollarTag(script, i) is { } tag)
            {
                var close = script.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                var end = close < 0 ? script.Length : close + tag.Length;
                Append(script[i..end]);
                Advance(end);
            }
            else if (c == ';')
            {
                Flush();
                Advance(i + 1);
            }
            else
            {
                Append(c.ToString());
                Advance(i + 1);
            }
        }
        Flush();
        return statements;

        void Flush()
        {
            var text = string.Join(' ', code.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            if (text.Length > 0)
            {
                statements.Add(new SqlStatement(text, startLine, line));
            }
            code.Clear();
            startLine = 0;
        }
    }

    /// <summary>
    /// Lowercases an unquoted identifier and drops quotes and a <c>public.</c> qualifier, so that names
    /// written differently in different statements compare the way PostgreSQL resolves them.
    /// </summary>
    public static string Identifier(string name)
    {
        var trimmed = name.Trim();
        if (trimmed.StartsWith("public.", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed["public.".Length..];
        }
        return trimmed.StartsWith('"') ? trimmed.Trim('"') : trimmed.ToLowerInvariant();
    }

    private static int BlockCommentEnd(string script, int start)
    {
        var depth = 0;
        for (var k = start; k < script.Length - 1; k++)
        {
            if (script[k] == '/' && script[k + 1] == '*')
            {
                depth++;
                k++;
            }
            else if (script[k] == '*' && script[k + 1] == '/')
            {
                depth--;
                k++;
                if (depth == 0)
                {
                    return k + 1;
                }
            }
        }
        return script.Length;
    }

    private static int QuotedEnd(string script, int start, char quote)
    {
        for (var k = start + 1; k < script.Length; k++)
        {
            if (script[k] == quote)
            {
                if (k + 1 < script.Length && script[k + 1] == quote)
                {
                    k++; // doubled quote inside the literal
                    continue;
                }
                return k + 1;
            }
        }
        return script.Length;
    }

    private static string? DollarTag(string script, int start)
    {
        var k = start + 1;
        while (k < script.Length && (char.IsLetterOrDigit(script[k]) || script[k] == '_'))
        {
            k++;
        }
        // $1 is a parameter, not a tag; a tag may not start with a digit.
        if (k < script.Length && script[k] == '$' && (k == start + 1 || !char.IsDigit(script[start + 1])))
        {
            return script[start..(k + 1)];
        }
        return null;
    }
}
