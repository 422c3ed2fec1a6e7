using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace XBot.Tests.XSimulator.Contract;

/// <summary>
/// The part of X's OpenAPI document XBot relies on (<c>x-api-openapi-2.166.schema.json</c>, extracted by
/// <c>extract-schemas.py</c> from <c>openapi.json</c> of github.com/xdevplatform/docs; <see cref="Source"/>
/// names the version and commit), and checks of one captured exchange against it: the request's path,
/// query and body, and the response's body for its status and content type.
/// </summary>
internal sealed class XApiContract
{
    public const string FileName = "x-api-openapi-2.166.schema.json";

    private static readonly Lazy<XApiContract> Loaded = new(() => new XApiContract(
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "XSimulator", "Contract", FileName)))!.AsObject()));

    private readonly JsonObject _document;
    private readonly Dictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);
    private int _built;

    private XApiContract(JsonObject document) => _document = document;

    public static XApiContract Spec => Loaded.Value;

    /// <summary>Where the schemas come from: repository, path, commit and spec version.</summary>
    public JsonObject Source => _document["x-source"]!.AsObject();

    public string Version => Source["version"]!.GetValue<string>();

    /// <summary>Problems with the request of <paramref name="exchange"/>; empty when it conforms.</summary>
    public IReadOnlyList<string> CheckRequest(CapturedExchange exchange)
    {
        var (key, operation, pathValues) = Find(exchange);
        var problems = new List<string>();
        var parameters = operation["parameters"]!.AsObject();
        foreach (var (name, value) in pathValues)
        {
            problems.AddRange(Validate($"{key} path:{name}", parameters[name]!["schema"]!, JsonValue.Create(value)).Select(p => $"path {name}: {p}"));
        }
        var query = ParseQuery(exchange.Uri.Query);
        foreach (var (name, value) in query)
        {
            if (parameters[name] is not { } parameter || parameter["in"]!.GetValue<string>() != "query")
            {
                problems.Add($"query {name}: not a parameter of {key}");
                continue;
            }
            var schema = parameter["schema"]!;
            problems.AddRange(Validate($"{key} query:{name}", schema, AsJson(schema, value)).Select(p => $"query {name}={value}: {p}"));
        }
        foreach (var (name, parameter) in parameters)
        {
            if (parameter!["in"]!.GetValue<string>() == "query" && parameter["required"]!.GetValue<bool>() && !query.ContainsKey(name))
            {
                problems.Add($"query {name}: required but missing");
            }
        }

        if (operation["requestBody"] is { } bodySchema)
        {
            if (exchange.RequestBody is not { } body)
            {
                problems.Add("body: required but missing");
            }
            else
            {
                if (exchange.RequestContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
                {
                    problems.Add($"body: content type {exchange.RequestContentType ?? "(none)"}, expected application/json");
                }
                if (exchange.RequestContentLength != body.Length)
                {
                    problems.Add($"body: Content-Length {exchange.RequestContentLength?.ToString(CultureInfo.InvariantCulture) ?? "(none: chunked)"} for {body.Length} bytes");
                }
                problems.AddRange(ValidateJson($"{key} body", bodySchema, body).Select(p => $"body: {p}"));
            }
        }
        else if (exchange.RequestBody is { Length: > 0 })
        {
            problems.Add("body: the operation takes none");
        }
        return problems;
    }

    /// <summary>Problems with the response of <paramref name="exchange"/>; empty when it conforms.</summary>
    public IReadOnlyList<string> CheckResponse(CapturedExchange exchange)
    {
        var (key, operation, _) = Find(exchange);
        var responses = operation["responses"]!.AsObject();
        var status = exchange.Status.ToString(CultureInfo.InvariantCulture);
        var response = responses[status] ?? responses["default"];
        if (response is null)
        {
            return [$"status {status}: not a response of {key}"];
        }
        var contentType = exchange.ResponseContentType?.Split(';')[0].Trim() ?? "";
        if (response[contentType] is not { } schema)
        {
            return [$"status {status}: content type '{contentType}' is not one of {string.Join(", ", response.AsObject().Select(p => p.Key))}"];
        }
        return ValidateJson($"{key} {status} {contentType}", schema, exchange.ResponseBody).Select(p => $"{status} body: {p}").ToList();
    }

    private (string Key, JsonObject Operation, Dictionary<string, string> PathValues) Find(CapturedExchange exchange)
    {
        var path = exchange.Uri.AbsolutePath.TrimEnd('/').Split('/');
        foreach (var (key, operation) in _document["x-operations"]!.AsObject())
        {
            var space = key.IndexOf(' ', StringComparison.Ordinal);
            if (!string.Equals(key[..space], exchange.Method, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var template = key[(space + 1)..].Split('/');
            if (template.Length != path.Length)
            {
                continue;
            }
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            var matches = true;
            for (var i = 0; i < template.Length && matches; i++)
            {
                if (template[i].StartsWith('{'))
                {
                    values[template[i].Trim('{', '}')] = Uri.UnescapeDataString(path[i]);
                }
                else
                {
                    matches = template[i] == path[i];
                }
            }
            if (matches)
            {
                return (key, operation!.AsObject(), values);
            }
        }
        throw new InvalidOperationException($"{exchange.Method} {exchange.Uri.AbsolutePath} is not an operation of the contract.");
    }

    /// <summary>A query value as the spec types it: form style, not exploded, so an array is comma-separated.</summary>
    private static JsonNode? AsJson(JsonNode schema, string value)
    {
        var type = schema["type"]?.GetValue<string>();
        return type switch
        {
            "array" => new JsonArray(value.Split(',').Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
            "integer" => long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number) : JsonValue.Create(value),
            _ => JsonValue.Create(value),
        };
    }

    private static Dictionary<string, string> ParseQuery(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            result[name] = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
        }
        return result;
    }

    private IEnumerable<string> ValidateJson(string cacheKey, JsonNode schema, byte[] body)
    {
        JsonNode? instance;
        try
        {
            instance = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            return [$"not JSON ({e.Message})"];
        }
        return Validate(cacheKey, schema, instance);
    }

    private IEnumerable<string> Validate(string cacheKey, JsonNode schema, JsonNode? instance)
    {
        var compiled = Compile(cacheKey, schema);
        using var document = JsonDocument.Parse(instance?.ToJsonString() ?? "null");
        var results = compiled.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }
        return (results.Details ?? []).Prepend(results)
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}"))
            .DefaultIfEmpty("invalid")
            .ToList();
    }

    /// <summary>The schema with every $defs entry beside it, so that its references resolve; built once per use.</summary>
    private JsonSchema Compile(string cacheKey, JsonNode schema)
    {
        lock (_schemas)
        {
            if (!_schemas.TryGetValue(cacheKey, out var compiled))
            {
                var root = new JsonObject
                {
                    ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                    ["$defs"] = _document["$defs"]!.DeepClone(),
                    ["allOf"] = new JsonArray(schema.DeepClone()),
                };
                compiled = JsonSchema.FromText(root.ToJsonString(), baseUri: new Uri($"https://xbot.tests/x-api-contract/{++_built}"));
                _schemas[cacheKey] = compiled;
            }
            return compiled;
        }
    }
}

/// <summary>One request and its answer as they crossed the wire.</summary>
internal sealed record CapturedExchange(
    string Method, Uri Uri, string? RequestContentType, long? RequestContentLength, byte[]? RequestBody,
    int Status, string? ResponseContentType, byte[] ResponseBody);

/// <summary>Records every exchange of the HttpClient it is added to, reading both bodies without consuming them.</summary>
internal sealed class CapturingHandler : DelegatingHandler
{
    private readonly List<CapturedExchange> _exchanges = [];

    public IReadOnlyList<CapturedExchange> Exchanges
    {
        get
        {
            lock (_exchanges)
            {
                return [.. _exchanges];
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Read before sending: the length is what the content reports, so chunked content shows as null.
        var length = request.Content?.Headers.ContentLength;
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        lock (_exchanges)
        {
            _exchanges.Add(new CapturedExchange(request.Method.Method, request.RequestUri!, request.Content?.Headers.ContentType?.ToString(), length, body,
                (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, answer));
        }
        return response;
    }
}
