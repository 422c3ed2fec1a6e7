using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using YamlDotNet.RepresentationModel;

namespace XBot.Tests.Deploy;

/// <summary>
/// What infra/ deploys matches what the services read (platform.md's environment contract, runbooks §2.1) and what
/// azd expects, and no secret is a plain value. Checked offline on <c>bicep snapshot</c> and <c>bicep build</c>.
/// </summary>
public sealed partial class InfrastructureContractTests(DeploymentSnapshot deployment) : IClassFixture<DeploymentSnapshot>
{
    private static readonly string[] Telemetry = ["OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES"];
    private static readonly string[] Runbook = ["APP_ENV", "LIVE_POSTS", "REDIS_PREFIX"];
    private static readonly string[] Stores = ["ConnectionStrings__cache", "ConnectionStrings__xbotdb"];

    /// <summary>What each service reads at start-up (its options are validated there, so a missing one stops it).</summary>
    public static TheoryData<string, string[]> StartupSettings() => new()
    {
        // AddXBotRedisClient/AddXBotNpgsqlDataSource, ApiKeyOptions, XBotOptionsBinder.
        { "api", [.. Stores, .. Telemetry, .. Runbook, "Admin__ApiKey"] },
        // The same stores and runtime switches; the X and OpenAI credentials are optional (below).
        { "worker", [.. Stores, .. Telemetry, .. Runbook] },
        // AdminOptions (password and the api's key), service discovery of https+http://api, and ASP.NET Core's
        // forwarded headers behind the public ingress; no store, no runbook switch.
        { "web", [.. Telemetry, "Admin__Password", "Admin__ApiKey", "services__api__https__0", "services__api__http__0", "ASPNETCORE_FORWARDEDHEADERS_ENABLED"] },
    };

    [Theory]
    [MemberData(nameof(StartupSettings))]
    public void Every_service_gets_every_setting_it_reads_at_startup(string service, string[] settings)
    {
        var environment = DeploymentSnapshot.Environment(DeploymentSnapshot.Container(deployment.ContainerApp(service)));

        Assert.Empty(settings.Except(environment.Select(e => e.Name)));
        Assert.Equal(environment.Count, environment.Select(e => e.Name).Distinct().Count());
        Assert.Contains(environment, e => e is { Name: "OTEL_SERVICE_NAME", IsSecretRef: false } && e.Text == service);
    }

    [Fact]
    public void Console_gets_no_store_connection_and_no_runbook_switch()
    {
        var names = DeploymentSnapshot.Environment(DeploymentSnapshot.Container(deployment.ContainerApp("web"))).Select(e => e.Name).ToList();

        Assert.Empty(names.Intersect([.. Stores, .. Runbook]));
    }

    [Fact]
    public void Api_address_given_to_the_console_is_the_apis_internal_address()
    {
        var environment = DeploymentSnapshot.Environment(DeploymentSnapshot.Container(deployment.ContainerApp("web")));

        foreach (var (name, scheme) in new[] { ("services__api__https__0", "https"), ("services__api__http__0", "http") })
        {
            var value = environment.Single(e => e.Name == name).Text;
            Assert.Contains($"'{scheme}://{{0}}'", value);
            Assert.Contains("/providers/Microsoft.App/containerApps/api'", value);
            Assert.Contains(".configuration.ingress.fqdn", value);
        }
    }

    [Fact]
    public void Worker_gets_each_optional_credential_exactly_when_its_secret_exists()
    {
        var worker = deployment.ContainerApp("worker");
        var environment = DeploymentSnapshot.Environment(DeploymentSnapshot.Container(worker));
        var secrets = DeploymentSnapshot.Secrets(worker);
        var credentials = new Dictionary<string, (string Secret, string Parameter)>
        {
            ["TWITTER_API_KEY"] = ("twitter-api-key", "twitterApiKey"),
            ["TWITTER_API_SECRET"] = ("twitter-api-secret", "twitterApiSecret"),
            ["TWITTER_ACCESS_TOKEN"] = ("twitter-access-token", "twitterAccessToken"),
            ["TWITTER_ACCESS_TOKEN_SECRET"] = ("twitter-access-token-secret", "twitterAccessTokenSecret"),
            ["TWITTER_BEARER_TOKEN"] = ("twitter-bearer-token", "twitterBearerToken"),
            ["OPENAI_API_KEY"] = ("openai-api-key", "openAiApiKey"),
        };
        var envExpression = DeploymentSnapshot.Container(worker)["env"]!.ToString();
        var secretsExpression = worker["properties"]!["configuration"]!["secrets"]!.ToString();

        foreach (var (variable, (secret, parameter)) in credentials)
        {
            Assert.Contains(environment, e => e.Name == variable && e.IsSecretRef && e.Text == secret);
            Assert.Contains(secrets, s => s.Name == secret && s.IsVaultReference && s.Text.Contains($"secrets/{secret}", StringComparison.Ordinal));
            // Key Vault refuses an empty secret, and an app referring to a missing one does not start: the variable,
            // the app's reference and the vault's secret all exist under the same condition.
            var condition = $"not(empty(parameters('{parameter}')))";
            Assert.Contains($"if({condition}, createArray(createObject('name', '{variable}'", envExpression);
            Assert.Contains($"if({condition}, createArray(createObject('name', '{secret}'", secretsExpression);
            Assert.Equal($"[{condition}]", (string?)deployment.Resources("Microsoft.KeyVault/vaults/secrets").Single(r => ((string)r["name"]!).EndsWith("/" + secret, StringComparison.Ordinal))["condition"]);
        }
    }

    [Fact]
    public void Otlp_endpoint_comes_from_the_environments_OpenTelemetry_agent_which_sends_to_Application_Insights()
    {
        // Container Apps gives every app OTEL_EXPORTER_OTLP_ENDPOINT when the managed agent is on, and ServiceDefaults
        // exports over OTLP exactly when that variable is set.
        var environment = deployment.Resources("Microsoft.App/managedEnvironments").Single()["properties"]!;

        Assert.Contains("Microsoft.Insights/components/", environment["appInsightsConfiguration"]!["connectionString"]!.ToString());
        Assert.Contains("appInsights", environment["openTelemetryConfiguration"]!["tracesConfiguration"]!["destinations"]!.AsArray().Select(d => (string)d!));
        Assert.Contains("appInsights", environment["openTelemetryConfiguration"]!["logsConfiguration"]!["destinations"]!.AsArray().Select(d => (string)d!));
        Assert.Equal("log-analytics", (string)environment["appLogsConfiguration"]!["destination"]!);
    }

    [Fact]
    public void Secrets_reach_apps_and_jobs_only_as_Key_Vault_references_through_their_own_identity()
    {
        var workloads = deployment.Resources("Microsoft.App/containerApps").Concat(deployment.Resources("Microsoft.App/jobs")).ToList();
        Assert.Equal(5, workloads.Count);

        foreach (var workload in workloads)
        {
            var name = (string)workload["name"]!;
            var secrets = DeploymentSnapshot.Secrets(workload);
            Assert.All(secrets, s => Assert.True(s.IsVaultReference, $"{name}: secret {s.Name} is a plain value"));
            // Read with the workload's own identity; where the snapshot left an expression, the identity is
            // id-<service>-<token> with the service taken from the template's `services` list.
            var identity = workload["identity"]!["userAssignedIdentities"]!.AsObject().Single().Key;
            var owner = IdentityOwner().Match(identity).Groups[1].Value;
            var asExpression = $"'identity', resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', format('id-{{0}}-{{1}}', variables('services')[{Array.IndexOf(ServicesVariable(), owner)}]";
            Assert.All(secrets, s => Assert.True(s.Text.Contains(identity, StringComparison.Ordinal) || s.Text.Contains(asExpression, StringComparison.Ordinal), $"{name}: secret {s.Name} is not read with the app's identity {owner}: {s.Text}"));

            var environment = DeploymentSnapshot.Environment(DeploymentSnapshot.Container(workload));
            foreach (var entry in environment.Where(e => SecretLooking().IsMatch(e.Name)))
            {
                Assert.True(entry.IsSecretRef, $"{name}: {entry.Name} is a plain value, not a secretRef");
            }
            foreach (var entry in environment.Where(e => e.IsSecretRef))
            {
                Assert.True(secrets.Any(s => s.Name == entry.Text), $"{name}: {entry.Name} refers to secret {entry.Text}, which the app does not declare");
            }
        }
    }

    [Fact]
    public void Secret_parameters_are_secure_and_Key_Vault_holds_only_secure_values()
    {
        var main = deployment.Template;
        var resources = main["resources"] is JsonArray array ? array : [.. main["resources"]!.AsObject().Select(r => r.Value)];
        var nested = resources.Single(r => (string)r!["type"]! == "Microsoft.Resources/deployments")!["properties"]!["template"]!.AsObject();

        foreach (var template in new[] { main, nested })
        {
            foreach (var (name, definition) in template["parameters"]!.AsObject().Where(p => SecretLookingParameter().IsMatch(p.Key)))
            {
                Assert.True((string)definition!["type"]! == "securestring", $"parameter {name} is not @secure()");
            }
        }
        var secureParameters = nested["parameters"]!.AsObject().Where(p => (string)p.Value!["type"]! == "securestring").Select(p => p.Key).ToList();
        foreach (var secret in deployment.Resources("Microsoft.KeyVault/vaults/secrets"))
        {
            var value = secret["properties"]!["value"]!.ToString();
            Assert.True(
                secureParameters.Any(p => value.Contains($"parameters('{p}')", StringComparison.Ordinal)) || value.Contains("listKeys(", StringComparison.Ordinal),
                $"{secret["name"]} is not made from a secure parameter or a resource's keys: {value}");
        }
        foreach (var template in new[] { main, nested })
        {
            var secure = template["parameters"]!.AsObject().Where(p => (string)p.Value!["type"]! == "securestring").Select(p => $"parameters('{p.Key}')");
            foreach (var (name, output) in template["outputs"]!.AsObject())
            {
                var value = output!["value"]!.ToString();
                Assert.False(secure.Any(value.Contains) || value.Contains("listKeys(", StringComparison.Ordinal), $"output {name} gives away a secret: {value}");
            }
        }
    }

    [Fact]
    public void Store_connection_strings_say_TLS_and_name_xbotdb_and_PostgreSQL_allows_pg_stat_statements()
    {
        var redis = deployment.Resources("Microsoft.Cache/redis").Single()["properties"]!;
        Assert.False((bool)redis["enableNonSslPort"]!);
        Assert.Equal("1.2", (string)redis["minimumTlsVersion"]!);

        var cache = Vault("cache-connection");
        Assert.Matches(@"^\[format\('\{0\}:\{1\},password=\{2\},ssl=true,abortConnect=false'", cache);
        Assert.Contains(".sslPort", cache);

        var xbotdb = Vault("xbotdb-connection");
        Assert.Contains("Host={0};Port=5432;Username={1};Password={2};Database={3};SSL Mode=Require", xbotdb);
        Assert.Contains(deployment.Resources("Microsoft.DBforPostgreSQL/flexibleServers/databases"), d => ((string)d["name"]!).EndsWith("/xbotdb", StringComparison.Ordinal));
        var extensions = deployment.Resources("Microsoft.DBforPostgreSQL/flexibleServers/configurations").Single(c => ((string)c["name"]!).EndsWith("/azure.extensions", StringComparison.Ordinal));
        Assert.Contains("PG_STAT_STATEMENTS", ((string)extensions["properties"]!["value"]!).Split(','));
    }

    [Theory]
    [InlineData("api", "internal")]
    [InlineData("worker", "none")]
    [InlineData("web", "external")]
    public void Ingress_probes_and_tag_of_each_service(string service, string ingress)
    {
        var app = deployment.ContainerApp(service);
        var configuration = app["properties"]!["configuration"]!;

        switch (ingress)
        {
            case "none":
                Assert.Null(configuration["ingress"]);
                break;
            default:
                Assert.Equal(ingress == "external", (bool)configuration["ingress"]!["external"]!);
                Assert.Equal(8080, (int)configuration["ingress"]!["targetPort"]!);
                Assert.False((bool)configuration["ingress"]!["allowInsecure"]!);
                break;
        }
        var probes = DeploymentSnapshot.Container(app)["probes"]!.AsArray().ToDictionary(p => (string)p!["type"]!, p => p!["httpGet"]!);
        Assert.Equal("/alive", (string)probes["Liveness"]["path"]!);
        Assert.Equal("/health", (string)probes["Readiness"]["path"]!);
        Assert.All(probes.Values, p => Assert.Equal(8080, (int)p["port"]!));
        Assert.Equal(service, (string)app["tags"]!["azd-service-name"]!);
        Assert.Equal("Single", (string)configuration["activeRevisionsMode"]!);
        Assert.Contains("/userAssignedIdentities/id-" + service + "-", (string)configuration["registries"]![0]!["identity"]!);
    }

    [Fact]
    public void Worker_may_run_several_replicas()
    {
        var scale = deployment.ContainerApp("worker")["properties"]!["template"]!["scale"]!;

        Assert.True((int)scale["maxReplicas"]! > 1);
        Assert.Equal(1, (int)scale["minReplicas"]!);
    }

    [Fact]
    public void Migrate_job_runs_db_migrate_with_the_workers_image_and_database()
    {
        var job = DeploymentSnapshot.Container(deployment.Resource("Microsoft.App/jobs", "migrate"));
        var worker = DeploymentSnapshot.Container(deployment.ContainerApp("worker"));

        Assert.Equal(["db", "migrate"], job["args"]!.AsArray().Select(a => (string)a!));
        Assert.Equal(worker["image"]!.ToString(), job["image"]!.ToString());
        Assert.Contains(DeploymentSnapshot.Environment(job), e => e is { Name: "ConnectionStrings__xbotdb", IsSecretRef: true });
    }

    [Fact]
    public void Smoke_job_runs_the_repositorys_script_against_the_api()
    {
        var command = DeploymentSnapshot.Container(deployment.Resource("Microsoft.App/jobs", "smoke"))["command"]!.AsArray().Select(c => c!.ToString()).ToList();
        var script = File.ReadAllText(Path.Combine(BicepCli.RepositoryRoot, "scripts", "smoke-test.sh"));

        Assert.Equal(["bash", "-c"], command.Take(2));
        Assert.Equal(script, command[2]);
        Assert.Contains("/providers/Microsoft.App/containerApps/api'", command[4]);
    }

    [Fact]
    public void Azure_yaml_names_only_existing_projects_each_with_its_container_app_and_image_settings()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(BicepCli.RepositoryRoot, "azure.yaml"))));
        var root = (YamlMappingNode)yaml.Documents.Single().RootNode;
        var services = (YamlMappingNode)root["services"];

        Assert.Equal(["api", "web", "worker"], services.Children.Keys.Select(k => k.ToString()).Order());
        Assert.Equal("infra", root["infra"]["path"].ToString());
        foreach (var (key, value) in services.Children)
        {
            var service = (YamlMappingNode)value;
            var directory = Path.GetFullPath(Path.Combine(BicepCli.RepositoryRoot, service["project"].ToString()));
            var projects = Directory.Exists(directory) ? Directory.GetFiles(directory, "*.csproj") : [];
            Assert.True(projects.Length == 1, $"azure.yaml service {key}: no single project in {directory}");
            Assert.Equal("dotnet", service["language"].ToString());
            Assert.Equal("containerapp", service["host"].ToString());
            Assert.Equal($"xbot-{key}", XDocument.Load(projects[0]).Descendants("ContainerRepository").Single().Value);
            Assert.Equal(key.ToString(), (string)deployment.ContainerApp(key.ToString())["tags"]!["azd-service-name"]!);
        }
    }

    [Fact]
    public void Parameters_file_follows_azd_conventions_and_leaves_no_parameter_to_a_prompt()
    {
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(BicepCli.RepositoryRoot, "infra", "main.parameters.json")))!["parameters"]!.AsObject();
        var declared = deployment.Template["parameters"]!.AsObject();

        Assert.Equal("${AZURE_ENV_NAME}", (string)file["environmentName"]!["value"]!);
        Assert.Equal("${AZURE_LOCATION}", (string)file["location"]!["value"]!);
        Assert.Equal("${AZURE_PRINCIPAL_ID}", (string)file["principalId"]!["value"]!);
        foreach (var service in new[] { "api", "worker", "web" })
        {
            Assert.StartsWith($"${{SERVICE_{service.ToUpperInvariant()}_RESOURCE_EXISTS", (string)file[$"{service}Exists"]!["value"]!);
        }
        Assert.Empty(file.Select(p => p.Key).Except(declared.Select(p => p.Key)));
        // azd prompts for a parameter without a value; the generated secrets carry azd's `generate` metadata instead.
        foreach (var (name, definition) in declared.Where(p => !file.ContainsKey(p.Key) && p.Value!["defaultValue"] is null))
        {
            Assert.True((string?)definition!["metadata"]?["azd"]?["type"] == "generate", $"parameter {name} has no value, default or azd generate");
        }
    }

    private string[] ServicesVariable()
    {
        var resources = deployment.Template["resources"] is JsonArray array ? array : [.. deployment.Template["resources"]!.AsObject().Select(r => r.Value)];
        var nested = resources.Single(r => (string)r!["type"]! == "Microsoft.Resources/deployments")!["properties"]!["template"]!;
        return [.. nested["variables"]!["services"]!.AsArray().Select(s => (string)s!)];
    }

    private string Vault(string secret) =>
        deployment.Resources("Microsoft.KeyVault/vaults/secrets").Single(r => ((string)r["name"]!).EndsWith("/" + secret, StringComparison.Ordinal))["properties"]!["value"]!.ToString();

    [GeneratedRegex("/userAssignedIdentities/id-([a-z]+)-")]
    private static partial Regex IdentityOwner();

    [GeneratedRegex("KEY|SECRET|TOKEN|PASSWORD|Password|ApiKey|ConnectionStrings__", RegexOptions.CultureInvariant)]
    private static partial Regex SecretLooking();

    [GeneratedRegex("key|secret|token|password", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretLookingParameter();
}
