using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace XBot.Core.Schema;

/// <summary>
/// A schema version, <c>major.minor.patch</c> as in semver but without pre-release or build parts:
/// migrations are ordered by it and the schema guard compares it.
/// </summary>
[JsonConverter(typeof(SchemaVersionJsonConverter))]
public readonly record struct SchemaVersion(int Major, int Minor, int Patch) : IComparable<SchemaVersion>
{
    /// <summary>Stands for "before the first migration", as in <c>db rollback --to 0.0.0</c>.</summary>
    public static readonly SchemaVersion Zero = new(0, 0, 0);

    public static bool TryParse([NotNullWhen(true)] string? text, out SchemaVersion version)
    {
        version = default;
        var parts = text?.Split('.');
        if (parts is not { Length: 3 })
        {
            return false;
        }
        var numbers = new int[3];
        for (var i = 0; i < 3; i++)
        {
            var part = parts[i];
            // Semver forbids leading zeros, so "01.0.0" is refused rather than read as 1.0.0.
            if (part.Length is 0 or > 9 || (part.Length > 1 && part[0] == '0') || !part.All(char.IsAsciiDigit))
            {
                return false;
            }
            numbers[i] = int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture);
        }
        version = new SchemaVersion(numbers[0], numbers[1], numbers[2]);
        return true;
    }

    /// <summary>Parses <paramref name="text"/>, naming <paramref name="what"/> in the error when it is malformed.</summary>
    public static SchemaVersion Parse(string? text, string what = "version") =>
        TryParse(text, out var version)
            ? version
            : throw new SchemaInputException($"{what} '{text}' is not a schema version; use major.minor.patch, for example 1.2.0.");

    public int CompareTo(SchemaVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major)
        : Minor != other.Minor ? Minor.CompareTo(other.Minor)
        : Patch.CompareTo(other.Patch);

    public static bool operator <(SchemaVersion left, SchemaVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(SchemaVersion left, SchemaVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(SchemaVersion left, SchemaVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(SchemaVersion left, SchemaVersion right) => left.CompareTo(right) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");
}

/// <summary>Writes a version as its text, "1.2.0", in CLI and API JSON.</summary>
public sealed class SchemaVersionJsonConverter : JsonConverter<SchemaVersion>
{
    public override SchemaVersion Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        SchemaVersion.TryParse(reader.GetString(), out var version) ? version : throw new JsonException("expected a version such as \"1.2.0\"");

    public override void Write(Utf8JsonWriter writer, SchemaVersion value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
