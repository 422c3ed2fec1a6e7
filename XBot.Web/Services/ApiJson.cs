using System.Text.Json;
using System.Text.Json.Serialization;

namespace XBot.Web.Services;

/// <summary>The api's JSON: web defaults (camelCase) with enums as names, as XBot.Api writes them.</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
