// Everything XBot runs on, in one resource group (main.bicep creates it). See docs/deploy.md.

param location string
param tags object
param environmentName string
param principalId string
param apiExists bool
param workerExists bool
param webExists bool
param appEnv string
param livePosts string
param workerMaxReplicas int

@secure()
param adminApiKey string
@secure()
param adminPassword string
@secure()
param postgresPassword string
@secure()
param twitterApiKey string
@secure()
param twitterApiSecret string
@secure()
param twitterAccessToken string
@secure()
param twitterAccessTokenSecret string
@secure()
param twitterBearerToken string
@secure()
param openAiApiKey string
@secure()
param alertWebhookUrl string
@secure()
param emergencyWebhookUrl string

var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var redisPrefix = appEnv == 'production' ? 'prod:' : 'stg:'
var postgresAdmin = 'xbot'
// The image a container app starts with before azd has deployed one; `azd deploy` replaces it.
var placeholderImage = 'mcr.microsoft.com/azuredocs/containerapps-helloworld:latest'
var containerPort = 8080

// Built-in role definitions.
var acrPullRole = '7f951dda-4ed3-4680-a7ca-43fe172d538f'
var keyVaultSecretsUserRole = '4633458b-17de-408a-b874-0445c86b69e6'
var keyVaultSecretsOfficerRole = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

// ---------------------------------------------------------------- monitoring

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${resourceToken}'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${resourceToken}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

// ---------------------------------------------------------------- registry and identities

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: 'cr${resourceToken}'
  location: location
  tags: tags
  sku: {
    name: 'Basic'
  }
  properties: {
    adminUserEnabled: false
  }
}

var services = [
  'api'
  'worker'
  'web'
]

// One identity per service: it pulls that service's image and reads only the secrets Key Vault gives it.
resource identities 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = [
  for service in services: {
    name: 'id-${service}-${resourceToken}'
    location: location
    tags: tags
  }
]

resource acrPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (service, i) in services: {
    name: guid(registry.id, service, acrPullRole)
    scope: registry
    properties: {
      principalId: identities[i].properties.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPullRole)
    }
  }
]

// ---------------------------------------------------------------- secrets

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv-${resourceToken}'
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
  }
}

resource vaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (service, i) in services: {
    name: guid(vault.id, service, keyVaultSecretsUserRole)
    scope: vault
    properties: {
      principalId: identities[i].properties.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRole)
    }
  }
]

// The operator who ran azd can read and rotate the secrets (the console password, the admin key).
resource vaultSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(principalId)) {
  name: guid(vault.id, principalId, keyVaultSecretsOfficerRole)
  scope: vault
  properties: {
    principalId: principalId
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsOfficerRole)
  }
}

resource adminApiKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'admin-api-key'
  properties: {
    value: adminApiKey
  }
}

resource adminPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'admin-password'
  properties: {
    value: adminPassword
  }
}

resource postgresPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'postgres-password'
  properties: {
    value: postgresPassword
  }
}

// The connection strings hold the Redis access key and the database password, so they are secrets too.
resource cacheConnectionSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'cache-connection'
  properties: {
    value: '${redis.properties.hostName}:${redis.properties.sslPort},password=${redis.listKeys().primaryKey},ssl=true,abortConnect=false'
  }
}

resource xbotdbConnectionSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'xbotdb-connection'
  properties: {
    value: 'Host=${postgres.properties.fullyQualifiedDomainName};Port=5432;Username=${postgresAdmin};Password=${postgresPassword};Database=${xbotdb.name};SSL Mode=Require'
  }
}

// Optional credentials: a secret exists only when a value was given (Key Vault refuses empty secrets), and the
// worker gets the variable only then, so "not configured" looks the same as locally.
resource twitterApiKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(twitterApiKey)) {
  parent: vault
  name: 'twitter-api-key'
  properties: {
    value: twitterApiKey
  }
}

resource twitterApiSecretSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(twitterApiSecret)) {
  parent: vault
  name: 'twitter-api-secret'
  properties: {
    value: twitterApiSecret
  }
}

resource twitterAccessTokenSecretResource 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(twitterAccessToken)) {
  parent: vault
  name: 'twitter-access-token'
  properties: {
    value: twitterAccessToken
  }
}

resource twitterAccessTokenSecretSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(twitterAccessTokenSecret)) {
  parent: vault
  name: 'twitter-access-token-secret'
  properties: {
    value: twitterAccessTokenSecret
  }
}

resource twitterBearerTokenSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(twitterBearerToken)) {
  parent: vault
  name: 'twitter-bearer-token'
  properties: {
    value: twitterBearerToken
  }
}

resource openAiApiKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(openAiApiKey)) {
  parent: vault
  name: 'openai-api-key'
  properties: {
    value: openAiApiKey
  }
}

resource alertWebhookUrlSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(alertWebhookUrl)) {
  parent: vault
  name: 'alert-webhook-url'
  properties: {
    value: alertWebhookUrl
  }
}

resource emergencyWebhookUrlSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(emergencyWebhookUrl)) {
  parent: vault
  name: 'emergency-webhook-url'
  properties: {
    value: emergencyWebhookUrl
  }
}

// ---------------------------------------------------------------- Redis and PostgreSQL

resource redis 'Microsoft.Cache/redis@2024-03-01' = {
  name: 'redis-${resourceToken}'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'Basic'
      family: 'C'
      capacity: 0
    }
    // TLS only (port 6380): the connection string says ssl=true.
    enableNonSslPort: false
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: 'psql-${resourceToken}'
  location: location
  tags: tags
  sku: {
    name: 'Standard_B1ms'
    tier: 'Burstable'
  }
  properties: {
    version: '16'
    administratorLogin: postgresAdmin
    administratorLoginPassword: postgresPassword
    authConfig: {
      passwordAuth: 'Enabled'
      activeDirectoryAuth: 'Disabled'
    }
    storage: {
      storageSizeGB: 32
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
    network: {
      publicNetworkAccess: 'Enabled'
    }
  }
}

// Container Apps on the consumption plan have no fixed outbound address: allow Azure services (0.0.0.0), with
// TLS required by the server and a generated password. docs/deploy.md says how to move to a virtual network.
resource postgresAllowAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: postgres
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource xbotdb 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: postgres
  name: 'xbotdb'
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

// pg_stat_statements is preloaded on flexible servers; allow-listing it lets `CREATE EXTENSION` enable the view.
resource allowedExtensions 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: postgres
  name: 'azure.extensions'
  properties: {
    value: 'PG_STAT_STATEMENTS'
    source: 'user-override'
  }
  dependsOn: [
    xbotdb
  ]
}

resource statementTracking 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: postgres
  name: 'pg_stat_statements.track'
  properties: {
    value: 'top'
    source: 'user-override'
  }
  // The server applies one configuration change at a time.
  dependsOn: [
    allowedExtensions
  ]
}

// ---------------------------------------------------------------- Container Apps

resource containerAppsEnvironment 'Microsoft.App/managedEnvironments@2024-10-02-preview' = {
  name: 'cae-${resourceToken}'
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logs.properties.customerId
        sharedKey: logs.listKeys().primarySharedKey
      }
    }
    // The managed OpenTelemetry agent: it gives every app OTEL_EXPORTER_OTLP_ENDPOINT, and the services'
    // OTLP exporter (ServiceDefaults) sends traces and logs through it to Application Insights.
    appInsightsConfiguration: {
      connectionString: appInsights.properties.ConnectionString
    }
    openTelemetryConfiguration: {
      tracesConfiguration: {
        destinations: [
          'appInsights'
        ]
      }
      logsConfiguration: {
        destinations: [
          'appInsights'
        ]
      }
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
    ]
  }
}

// Images already deployed stay deployed when `azd provision` runs again (azd's SERVICE_<NAME>_RESOURCE_EXISTS).
module apiImage 'modules/existing-image.bicep' = {
  name: 'api-image'
  params: {
    exists: apiExists
    name: 'api'
    fallback: placeholderImage
  }
}

module workerImage 'modules/existing-image.bicep' = {
  name: 'worker-image'
  params: {
    exists: workerExists
    name: 'worker'
    fallback: placeholderImage
  }
}

module webImage 'modules/existing-image.bicep' = {
  name: 'web-image'
  params: {
    exists: webExists
    name: 'web'
    fallback: placeholderImage
  }
}

// Secret references: Container Apps resolves each from Key Vault with the app's own identity.
func vaultSecret(name string, uri string, identityId string) object => {
  name: name
  keyVaultUrl: uri
  identity: identityId
}

// Telemetry identity of every service (platform.md's contract); the collector's address comes from the environment.
func telemetryEnvironment(service string, appEnvironment string) array => [
  {
    name: 'OTEL_SERVICE_NAME'
    value: service
  }
  {
    name: 'OTEL_RESOURCE_ATTRIBUTES'
    value: 'service.namespace=xbot,deployment.environment.name=${appEnvironment}'
  }
]

// The runbook variables (runbooks §2.1) that api and worker read at start-up through XBot.Core.
func runbookEnvironment(appEnvironment string, prefix string, live string) array => [
  {
    name: 'APP_ENV'
    value: appEnvironment
  }
  {
    name: 'LIVE_POSTS'
    value: live
  }
  {
    name: 'REDIS_PREFIX'
    value: prefix
  }
]

var storeEnvironment = [
  {
    name: 'ConnectionStrings__cache'
    secretRef: 'cache-connection'
  }
  {
    name: 'ConnectionStrings__xbotdb'
    secretRef: 'xbotdb-connection'
  }
]

var probes = [
  {
    type: 'Liveness'
    httpGet: {
      path: '/alive'
      port: containerPort
    }
    initialDelaySeconds: 5
    periodSeconds: 10
    timeoutSeconds: 5
    failureThreshold: 3
  }
  {
    type: 'Readiness'
    httpGet: {
      path: '/health'
      port: containerPort
    }
    initialDelaySeconds: 5
    periodSeconds: 10
    timeoutSeconds: 5
    failureThreshold: 3
  }
]

resource api 'Microsoft.App/containerApps@2024-03-01' = {
  name: 'api'
  location: location
  tags: union(tags, {
    'azd-service-name': 'api'
  })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identities[0].id}': {}
    }
  }
  properties: {
    managedEnvironmentId: containerAppsEnvironment.id
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      // Internal: only the console (and the smoke job) inside the environment reach the api.
      ingress: {
        external: false
        targetPort: containerPort
        transport: 'auto'
        allowInsecure: false
      }
      registries: [
        {
          server: registry.properties.loginServer
          identity: identities[0].id
        }
      ]
      secrets: [
        vaultSecret('cache-connection', cacheConnectionSecret.properties.secretUri, identities[0].id)
        vaultSecret('xbotdb-connection', xbotdbConnectionSecret.properties.secretUri, identities[0].id)
        vaultSecret('admin-api-key', adminApiKeySecret.properties.secretUri, identities[0].id)
      ]
    }
    template: {
      containers: [
        {
          name: 'api'
          image: apiImage.outputs.image
          resources: {
            cpu: json('0.25')
            memory: '0.5Gi'
          }
          env: concat(
            storeEnvironment,
            telemetryEnvironment('api', appEnv),
            runbookEnvironment(appEnv, redisPrefix, livePosts),
            [
              {
                name: 'Admin__ApiKey'
                secretRef: 'admin-api-key'
              }
            ]
          )
          probes: probes
        }
      ]
      scale: {
        minReplicas: 1
        maxReplicas: 3
        rules: [
          {
            name: 'http'
            http: {
              metadata: {
                concurrentRequests: '50'
              }
            }
          }
        ]
      }
    }
  }
  dependsOn: [
    acrPull
    vaultSecretsUser
  ]
}

resource worker 'Microsoft.App/containerApps@2024-03-01' = {
  name: 'worker'
  location: location
  tags: union(tags, {
    'azd-service-name': 'worker'
  })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identities[1].id}': {}
    }
  }
  properties: {
    managedEnvironmentId: containerAppsEnvironment.id
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      // No ingress: the worker serves /health and /alive to its probes only.
      registries: [
        {
          server: registry.properties.loginServer
          identity: identities[1].id
        }
      ]
      secrets: concat(
        [
          vaultSecret('cache-connection', cacheConnectionSecret.properties.secretUri, identities[1].id)
          vaultSecret('xbotdb-connection', xbotdbConnectionSecret.properties.secretUri, identities[1].id)
        ],
        !empty(twitterApiKey)
          ? [
              {
                name: 'twitter-api-key'
                keyVaultUrl: '${vault.properties.vaultUri}secrets/twitter-api-key'
                identity: identities[1].id
              }
            ]
          : [],
        !empty(twitterApiSecret)
          ? [
              {
                name: 'twitter-api-secret'
                keyVaultUrl: '${vault.properties.vaultUri}secrets/twitter-api-secret'
                identity: identities[1].id
              }
            ]
          : [],
        !empty(twitterAccessToken)
          ? [
              {
                name: 'twitter-access-token'
                keyVaultUrl: '${vault.properties.vaultUri}secrets/twitter-access-token'
                identity: identities[1].id
              }
            ]
          : [],
        !empty(twitterAccessTokenSecret)
          ? [
              {
                name: 'twitter-access-token-secret'
                keyVaultUrl: '${vault.properties.vaultUri}secrets/twitter-access-token-secret'
                identity: identities[1].id
              }
            ]
          : [],
        !empty(twitterBearerToken)
          ? [
              {
                name: 'twitter-bearer-token'
                keyVaultUrl: '${vault.properties.vaultUri}secrets/twitter-bearer-token'
                identity: identities[1].id
              }
            ]
          : [],
        !empty(openAiApiKey)
          ? [
              {
                name: 'openai-api-key'
                keyVaultUrl: '${vault.properties.vaultUri}secrets/openai-api-key'
                identity: identities[1].id
              }
            ]
          : [],
        !empty(alertWebhookUrl)
          ? [
              {
                name: 'alert-webhook-url'
                keyVaultUrl: '${vault.properties.vaultUri}secrets/alert-webhook-url'
                identity: identities[1].id
              }
            ]
          : [],
        !empty(emergencyWebhookUrl)
          ? [
              {
                name: 'emergency-webhook-url'
                keyVaultUrl: '${vault.properties.vaultUri}secrets/emergency-webhook-url'
                identity: identities[1].id
              }
            ]
          : []
      )
    }
    template: {
      containers: [
        {
          name: 'worker'
          image: workerImage.outputs.image
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
          env: concat(
            storeEnvironment,
            telemetryEnvironment('worker', appEnv),
            runbookEnvironment(appEnv, redisPrefix, livePosts),
            !empty(twitterApiKey) ? [{ name: 'TWITTER_API_KEY', secretRef: 'twitter-api-key' }] : [],
            !empty(twitterApiSecret) ? [{ name: 'TWITTER_API_SECRET', secretRef: 'twitter-api-secret' }] : [],
            !empty(twitterAccessToken) ? [{ name: 'TWITTER_ACCESS_TOKEN', secretRef: 'twitter-access-token' }] : [],
            !empty(twitterAccessTokenSecret)
              ? [{ name: 'TWITTER_ACCESS_TOKEN_SECRET', secretRef: 'twitter-access-token-secret' }]
              : [],
            !empty(twitterBearerToken) ? [{ name: 'TWITTER_BEARER_TOKEN', secretRef: 'twitter-bearer-token' }] : [],
            !empty(openAiApiKey) ? [{ name: 'OPENAI_API_KEY', secretRef: 'openai-api-key' }] : [],
            !empty(alertWebhookUrl) ? [{ name: 'ALERT_WEBHOOK_URL', secretRef: 'alert-webhook-url' }] : [],
            !empty(emergencyWebhookUrl) ? [{ name: 'EMERGENCY_WEBHOOK_URL', secretRef: 'emergency-webhook-url' }] : []
          )
          probes: probes
        }
      ]
      // Several replicas are safe: a PostgreSQL advisory lock admits one posting cycle at a time (docs/pipeline.md).
      scale: {
        minReplicas: 1
        maxReplicas: workerMaxReplicas
        rules: [
          {
            name: 'cpu'
            custom: {
              type: 'cpu'
              metadata: {
                type: 'Utilization'
                value: '70'
              }
            }
          }
        ]
      }
    }
  }
  dependsOn: [
    acrPull
    vaultSecretsUser
    twitterApiKeySecret
    twitterApiSecretSecret
    twitterAccessTokenSecretResource
    twitterAccessTokenSecretSecret
    twitterBearerTokenSecret
    openAiApiKeySecret
    alertWebhookUrlSecret
    emergencyWebhookUrlSecret
  ]
}

resource web 'Microsoft.App/containerApps@2024-03-01' = {
  name: 'web'
  location: location
  tags: union(tags, {
    'azd-service-name': 'web'
  })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identities[2].id}': {}
    }
  }
  properties: {
    managedEnvironmentId: containerAppsEnvironment.id
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: containerPort
        transport: 'auto'
        allowInsecure: false
        // The interactive console keeps its circuit on one replica.
        stickySessions: {
          affinity: 'sticky'
        }
      }
      registries: [
        {
          server: registry.properties.loginServer
          identity: identities[2].id
        }
      ]
      secrets: [
        vaultSecret('admin-password', adminPasswordSecret.properties.secretUri, identities[2].id)
        vaultSecret('admin-api-key', adminApiKeySecret.properties.secretUri, identities[2].id)
      ]
    }
    template: {
      containers: [
        {
          name: 'web'
          image: webImage.outputs.image
          resources: {
            cpu: json('0.25')
            memory: '0.5Gi'
          }
          env: concat(telemetryEnvironment('web', appEnv), [
            // Behind the ingress's TLS termination: ASP.NET Core then sees https (sign-in redirects, secure cookies).
            {
              name: 'ASPNETCORE_FORWARDEDHEADERS_ENABLED'
              value: 'true'
            }
            {
              name: 'Admin__Password'
              secretRef: 'admin-password'
            }
            {
              name: 'Admin__ApiKey'
              secretRef: 'admin-api-key'
            }
            // Service discovery resolves https+http://api to these (https first).
            {
              name: 'services__api__https__0'
              value: 'https://${api.properties.configuration.ingress.fqdn}'
            }
            {
              name: 'services__api__http__0'
              value: 'http://${api.properties.configuration.ingress.fqdn}'
            }
          ])
          probes: probes
        }
      ]
      // One replica: the console's sign-in cookies are protected with keys kept in the replica.
      scale: {
        minReplicas: 1
        maxReplicas: 1
      }
    }
  }
  dependsOn: [
    acrPull
    vaultSecretsUser
  ]
}

// ---------------------------------------------------------------- jobs

// `db migrate` with the worker's image, started by the promote workflow before `azd deploy` rolls out new
// revisions (docs/deploy.md). The migrator is concurrency-safe, and the schema guard refuses to start a
// revision newer than the schema, so a revision never serves an unmigrated database.
resource migrateJob 'Microsoft.App/jobs@2024-03-01' = {
  name: 'migrate'
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identities[1].id}': {}
    }
  }
  properties: {
    environmentId: containerAppsEnvironment.id
    workloadProfileName: 'Consumption'
    configuration: {
      triggerType: 'Manual'
      replicaTimeout: 900
      replicaRetryLimit: 0
      manualTriggerConfig: {
        parallelism: 1
        replicaCompletionCount: 1
      }
      registries: [
        {
          server: registry.properties.loginServer
          identity: identities[1].id
        }
      ]
      secrets: [
        vaultSecret('xbotdb-connection', xbotdbConnectionSecret.properties.secretUri, identities[1].id)
      ]
    }
    template: {
      containers: [
        {
          name: 'migrate'
          image: workerImage.outputs.image
          args: [
            'db'
            'migrate'
          ]
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
          env: [
            {
              name: 'ConnectionStrings__xbotdb'
              secretRef: 'xbotdb-connection'
            }
            {
              name: 'APP_ENV'
              value: appEnv
            }
          ]
        }
      ]
    }
  }
  dependsOn: [
    acrPull
    vaultSecretsUser
  ]
}

// scripts/smoke-test.sh from inside the environment, where the internal api is reachable. The script is embedded
// here at build time, so the job always runs the repository's script.
resource smokeJob 'Microsoft.App/jobs@2024-03-01' = {
  name: 'smoke'
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identities[0].id}': {}
    }
  }
  properties: {
    environmentId: containerAppsEnvironment.id
    workloadProfileName: 'Consumption'
    configuration: {
      triggerType: 'Manual'
      replicaTimeout: 300
      replicaRetryLimit: 0
      manualTriggerConfig: {
        parallelism: 1
        replicaCompletionCount: 1
      }
      secrets: [
        vaultSecret('admin-api-key', adminApiKeySecret.properties.secretUri, identities[0].id)
      ]
    }
    template: {
      containers: [
        {
          name: 'smoke'
          // Has bash and curl, which the script needs.
          image: 'mcr.microsoft.com/azure-cli:latest'
          command: [
            'bash'
            '-c'
            loadTextContent('../scripts/smoke-test.sh')
            'smoke-test.sh'
            'https://${api.properties.configuration.ingress.fqdn}'
          ]
          resources: {
            cpu: json('0.25')
            memory: '0.5Gi'
          }
          env: [
            {
              name: 'Admin__ApiKey'
              secretRef: 'admin-api-key'
            }
          ]
        }
      ]
    }
  }
  dependsOn: [
    vaultSecretsUser
  ]
}

output registryLoginServer string = registry.properties.loginServer
output registryName string = registry.name
output containerAppsEnvironmentName string = containerAppsEnvironment.name
output keyVaultName string = vault.name
output keyVaultEndpoint string = vault.properties.vaultUri
output apiName string = api.name
output workerName string = worker.name
output webName string = web.name
output webUrl string = 'https://${web.properties.configuration.ingress.fqdn}'
output apiInternalUrl string = 'https://${api.properties.configuration.ingress.fqdn}'
output migrateJobName string = migrateJob.name
output smokeJobName string = smokeJob.name
