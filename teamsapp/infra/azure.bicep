// Azure resources for one Reassure environment, deployed by `arm/deploy` in ../teamsapp.yml:
//   - an App Service plan and a Linux web app running the bot (Node 20) at https://<name>.azurewebsites.net/api/messages
//   - Azure Database for PostgreSQL Flexible Server with the `reassure` database, TLS required
//   - an Azure Bot registration (single tenant) pointing at the web app, with the Microsoft Teams channel on.
// Secrets arrive only as @secure() parameters, filled by the toolkit from SECRET_* variables in env/.env.<env>.user.
// Arrays and objects are written one item per line: ../teamsapp.yml pins Bicep v0.9.1, older than one-line syntax.

@minLength(4)
@maxLength(20)
@description('Base of every resource name: lowercase letters and digits. The web app name must be unique across Azure (<name>.azurewebsites.net).')
param resourceBaseName string

@description('Azure region for the web app and database. The Azure Bot registration is always global.')
param location string = resourceGroup().location

@description('App Service plan size. Always On needs Basic (B1) or above.')
@allowed([
  'B1'
  'B2'
  'B3'
  'S1'
  'S2'
  'S3'
  'P0v3'
  'P1v3'
  'P2v3'
  'P3v3'
])
param appServiceSku string = 'B1'

@description('Runtime stack of the Linux web app.')
param linuxFxVersion string = 'NODE|20-lts'

@description('Application (client) id of the bot\'s Microsoft Entra app registration.')
param botAadAppClientId string

@secure()
@description('Client secret of the bot\'s Microsoft Entra app registration.')
param botAadAppClientSecret string

@description('Microsoft Entra tenant that owns the bot\'s single-tenant app registration.')
param botTenantId string

@maxLength(42)
@description('Name shown for the bot in Azure.')
param botDisplayName string = 'Reassure'

@description('Azure Bot pricing tier. Microsoft Teams is a standard channel, free on F0.')
@allowed([
  'F0'
  'S1'
])
param botServiceSku string = 'F0'

@description('Comma-separated Microsoft Entra object ids given the admin role when the bot first starts.')
param bootstrapAdmins string = ''

@description('PostgreSQL administrator login name.')
param postgresAdminLogin string = 'reassureadmin'

@secure()
@minLength(12)
@description('PostgreSQL administrator password.')
param postgresAdminPassword string

@allowed([
  '15'
  '16'
])
param postgresVersion string = '16'

@description('PostgreSQL compute size, e.g. Standard_B1ms (Burstable) or Standard_D2ds_v5 (GeneralPurpose).')
param postgresSkuName string = 'Standard_B1ms'

@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param postgresSkuTier string = 'Burstable'

// A string because the toolkit fills parameters from env variables as text.
@description('PostgreSQL storage in GiB.')
@allowed([
  '32'
  '64'
  '128'
  '256'
  '512'
  '1024'
  '2048'
])
param postgresStorageSizeGB string = '32'

@description('PostgreSQL standby replica. Not available on the Burstable tier.')
@allowed([
  'Disabled'
  'SameZone'
  'ZoneRedundant'
])
param postgresHighAvailability string = 'Disabled'

var databaseName = 'reassure'
var postgresServerName = '${resourceBaseName}-pg'

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: resourceBaseName
  location: location
  kind: 'linux'
  sku: {
    name: appServiceSku
  }
  properties: {
    reserved: true // Linux
  }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: postgresServerName
  location: location
  sku: {
    name: postgresSkuName
    tier: postgresSkuTier
  }
  properties: {
    version: postgresVersion
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    authConfig: {
      activeDirectoryAuth: 'Disabled'
      passwordAuth: 'Enabled'
    }
    storage: {
      storageSizeGB: int(postgresStorageSizeGB)
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: postgresHighAvailability
    }
    network: {
      publicNetworkAccess: 'Enabled'
    }
  }
}

// The server rejects parallel changes ("ServerIsBusy"), so its children are applied one after another.
resource requireTls 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: postgres
  name: 'require_secure_transport'
  properties: {
    value: 'ON'
    source: 'user-override'
  }
}

// Start and end 0.0.0.0 is Azure's special rule for "allow Azure services": the web app's outbound addresses are
// Azure addresses. Any Azure-hosted client can then try to connect (with the password); put the server in a virtual
// network with private access to narrow that.
resource allowAzureServices 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: postgres
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
  dependsOn: [
    requireTls
  ]
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: postgres
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
  dependsOn: [
    allowAzureServices
  ]
}

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: resourceBaseName
  location: location
  kind: 'app,linux'
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: linuxFxVersion
      alwaysOn: true
      appCommandLine: 'npm start'
      healthCheckPath: '/healthz'
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        {
          name: 'NODE_ENV'
          value: 'production'
        }
        {
          name: 'BOT_ID'
          value: botAadAppClientId
        }
        {
          name: 'BOT_PASSWORD'
          value: botAadAppClientSecret
        }
        {
          name: 'BOT_TENANT_ID'
          value: botTenantId
        }
        {
          name: 'BOT_APP_TYPE'
          value: 'SingleTenant'
        }
        {
          name: 'DATABASE_URL'
          value: 'postgresql://${postgresAdminLogin}:${uriComponent(postgresAdminPassword)}@${postgres.properties.fullyQualifiedDomainName}:5432/${database.name}?sslmode=require'
        }
        // The database starts empty, and the app only migrates PostgreSQL on start when asked to.
        {
          name: 'DB_MIGRATE_ON_START'
          value: 'true'
        }
        {
          name: 'BOOTSTRAP_ADMINS'
          value: bootstrapAdmins
        }
        // The deployment zip already holds the built app and its node_modules: no build on the server.
        {
          name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
          value: 'false'
        }
      ]
    }
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: resourceBaseName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: botServiceSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${site.properties.defaultHostName}/api/messages'
    msaAppId: botAadAppClientId
    msaAppType: 'SingleTenant'
    msaAppTenantId: botTenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      // Adding the channel in the Azure portal asks the operator to accept the Teams channel terms; deploying this
      // template is that acceptance.
      acceptedTerms: true
    }
  }
}

// Upper-case names: the toolkit writes each output to env/.env.<env> under its own name.
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = site.id
output BOT_DOMAIN string = site.properties.defaultHostName
output BOT_ENDPOINT string = 'https://${site.properties.defaultHostName}'
output POSTGRES_SERVER_FQDN string = postgres.properties.fullyQualifiedDomainName
