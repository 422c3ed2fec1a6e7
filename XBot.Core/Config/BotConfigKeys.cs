using System.Text.Json;
using System.Text.Json.Nodes;

namespace XBot.Core.Config;

/// <summary>
/// The editable keys of <c>bot_config</c> (runbooks.md §2.2) with their defaults and ranges, and the
/// reserved keys that only their own writer may change.
/// </summary>
public static class BotConfigKeys
{
    public const string LearningEngineV2 = "learning_engine_v2";
    public const string PostFraction = "post_fraction";
    public const string Epsilon = "epsilon";
    public const string PostIntervalMin = "post_interval_min";
    public const string MaxHashtags = "max_hashtags";
    public const string QuietHours = "quiet_hours";
    public const string RateLimits = "rate_limits";
    public const string FeatureFlags = "feature_flags";
    public const string SpendDailyUsd = "spend_daily_usd";
    public const string SpendMonthlyUsd = "spend_monthly_usd";
    public const int MaxSpendUsd = 100_000;

    /// <summary>Written by the migration runner only, with environment <see cref="AllEnvironments"/>; read by the schema guard.</summary>
    public const string SchemaVersion = "schema_version";

    /// <summary>The persisted manual fallback switch, written only by <c>fallback enable|disable</c>.</summary>
    public const string FallbackMode = "fallback_mode";

    /// <summary>The environment of rows that apply to every environment (<c>schema_version</c>).</summary>
    public const string AllEnvironments = "*";

    public const int MaxRateLimit = 100_000;
    public const int MaxFeatureFlags = 64;

    /// <summary>Default flags of runbooks.md §6; a stored <c>feature_flags</c> object is laid over these.</summary>
    public const string DefaultFeatureFlags =
        """{"posting":true,"shadow_testing":true,"approval_required":false,"dual_write":true,"monitoring":true,"redis_rate_limiting":true,"redis_cache":true,"redis_queue":true,"redis_deduplication":true}""";

    public static IReadOnlyList<BotConfigKey> All { get; } =
    [
        new(LearningEngineV2, "false", "true or false", (key, value) =>
            BotConfigKey.IsBool(value) ? JsonValue.Create(value.GetValue<bool>()) : throw key.Invalid(value)),

        Fraction(PostFraction, "0"),
        Fraction(Epsilon, "0.2"),
        IntegerRange(PostIntervalMin, "60", 15, 180),
        IntegerRange(MaxHashtags, "3", 1, 5),

        new(QuietHours, "[2,3,4,5]", "a list of distinct hours, whole numbers from 0 to 23, such as [2,3,4,5]", (key, value) =>
        {
            if (value is not JsonArray array)
            {
                throw key.Invalid(value);
            }
            var hours = new SortedSet<int>();
            foreach (var item in array)
            {
                var hour = item is null ? null : BotConfigKey.Integer(item);
                if (hour is not (>= 0 and <= 23))
                {
                    throw key.Invalid(value, $"{item?.ToJsonString() ?? "null"} is not an hour");
                }
                if (!hours.Add((int)hour.Value))
                {
                    throw key.Invalid(value, $"hour {hour} is listed twice");
                }
            }
            return new JsonArray([.. hours.Select(h => (JsonNode)JsonValue.Create(h))]);
        }),

        new(RateLimits, """{"daily":17,"hourly":4}""", $$"""an object {"daily": n, "hourly": n} with whole numbers from 1 to {{MaxRateLimit}}""", (key, value) =>
        {
            if (value is not JsonObject obj)
            {
                throw key.Invalid(value);
            }
            foreach (var (name, _) in obj)
            {
                if (name is not ("daily" or "hourly"))
                {
                    throw key.Invalid(value, $"unknown field '{name}'");
                }
            }
            var result = new JsonObject();
            foreach (var name in new[] { "daily", "hourly" })
            {
                if (!obj.TryGetPropertyValue(name, out var item) || item is null || BotConfigKey.Integer(item) is not (>= 1 and <= MaxRateLimit))
                {
                    throw key.Invalid(value, $"'{name}' is missing or out of range");
                }
                result[name] = (int)BotConfigKey.Integer(item)!.Value;
            }
            return result;
        }),

        SpendCap(SpendDailyUsd),
        SpendCap(SpendMonthlyUsd),

        new(FeatureFlags, DefaultFeatureFlags, $"an object of at most {MaxFeatureFlags} flags named with a-z, 0-9 and _ (1-64 characters), each true, false or a rollout percentage from 0 to 100", (key, value) =>
        {
            if (value is not JsonObject obj)
            {
                throw key.Invalid(value);
            }
            if (obj.Count > MaxFeatureFlags)
            {
                throw key.Invalid(value, $"{obj.Count} flags");
            }
            var result = new JsonObject();
            foreach (var (name, item) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (name.Length is 0 or > 64 || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
                {
                    throw key.Invalid(value, $"flag name '{name}'");
                }
                if (item is not null && BotConfigKey.IsBool(item))
                {
                    result[name] = item.GetValue<bool>();
                }
                else if (item is not null && BotConfigKey.Integer(item) is { } percent and >= 0 and <= 100)
                {
                    result[name] = (int)percent;
                }
                else
                {
                    throw key.Invalid(value, $"flag '{name}' is {item?.ToJsonString() ?? "null"}");
                }
            }
            return result;
        }),
    ];

    private static readonly Dictionary<string, BotConfigKey> ByName = All.ToDictionary(k => k.Name, StringComparer.Ordinal);

    public static bool TryGet(string name, out BotConfigKey key) => ByName.TryGetValue(name, out key!);

    /// <summary>The key, or an error that names it and lists the keys that exist.</summary>
    public static BotConfigKey Get(string name)
    {
        if (name == SchemaVersion)
        {
            throw new ConfigValidationException(name, $"{SchemaVersion} is written only by the migration runner (db migrate); it can't be set. Nothing was changed.");
        }
        if (name == FallbackMode)
        {
            throw new ConfigValidationException(name, $"{FallbackMode} is changed only with 'fallback enable|disable'. Nothing was changed.");
        }
        return TryGet(name, out var key)
            ? key
            : throw new ConfigValidationException(name, $"Unknown config key '{Shorten(name)}'. Known keys: {string.Join(", ", All.Select(k => k.Name))}. Nothing was changed.");
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..61] + "...";

    private static BotConfigKey Fraction(string name, string defaultJson) =>
        new(name, defaultJson, "a number from 0.0 to 1.0", (key, value) =>
            BotConfigKey.Number(value) is { } number and >= 0 and <= 1 ? JsonValue.Create(number) : throw key.Invalid(value));

    // X pay-per-use budget (issue 11): false means no cap; a number stops posting before a call would exceed it.
    private static BotConfigKey SpendCap(string name) =>
        new(name, "false", $"a dollar amount from 0 to {MaxSpendUsd}, or false for no cap", (key, value) =>
            value.GetValueKind() == System.Text.Json.JsonValueKind.False ? JsonValue.Create(false)
            : BotConfigKey.Number(value) is { } number and >= 0 and <= MaxSpendUsd ? JsonValue.Create(number)
            : throw key.Invalid(value));

    private static BotConfigKey IntegerRange(string name, string defaultJson, int min, int max) =>
        new(name, defaultJson, $"a whole number from {min} to {max}", (key, value) =>
            BotConfigKey.Integer(value) is { } number && number >= min && number <= max ? JsonValue.Create((int)number) : throw key.Invalid(value));

    /// <summary>Parses the text form an operator types (<c>0.3</c>, <c>true</c>, <c>[2,3]</c>); bad JSON names the key.</summary>
    public static JsonNode? ParseValue(string key, string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            throw new ConfigValidationException(key, $"{key}: '{Shorten(text)}' is not a JSON value (use for example 0.3, true, [2,3] or {{\"daily\":17,\"hourly\":4}}). Nothing was changed.");
        }
    }
}
