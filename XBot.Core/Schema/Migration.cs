using System.Security.Cryptography;
using System.Text;

namespace XBot.Core.Schema;

/// <summary>One versioned migration: its forward script, its undo script and the forward script's checksum.</summary>
public sealed class Migration(SchemaVersion version, string name, string script, string undoScript)
{
    public SchemaVersion Version { get; } = version;

    public string Name { get; } = name;

    public string Script { get; } = script;

    public string UndoScript { get; } = undoScript;

    /// <summary>SHA-256 of the forward script, as lowercase hex; the journal keeps it to detect later edits.</summary>
    public string Checksum { get; } = ComputeChecksum(script);

    public string FileName => $"V{Version}__{Name}.sql";

    public string UndoFileName => $"V{Version}__{Name}.undo.sql";

    /// <summary>
    /// Line endings are normalised first so that a checkout with CRLF endings (git autocrlf on Windows)
    /// does not look like an edited migration.
    /// </summary>
    public static string ComputeChecksum(string script)
    {
        var normalised = script.ReplaceLineEndings("\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalised)));
    }

    public override string ToString() => FileName;
}
