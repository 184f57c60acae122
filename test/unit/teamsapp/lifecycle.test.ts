import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const read = (path: string) => readFileSync(fileURLToPath(new URL(`../../../${path}`, import.meta.url)), "utf8");
// Comments dropped: they may show the ${{NAME}} syntax itself.
const yml = read("teamsapp/teamsapp.yml").replace(/^\s*#.*$/gm, "");
const bicep = read("teamsapp/infra/azure.bicep");
const parameters: Record<string, { value: string }> = JSON.parse(read("teamsapp/infra/azure.parameters.json")).parameters;
const envExample = read("teamsapp/env/.env.dev.example");

const placeholders = (text: string) => new Set([...text.matchAll(/\$\{\{\s*([A-Z0-9_]+)\s*\}\}/g)].map((m) => m[1]!));
const actions = (section: string) => [...section.matchAll(/^ {2}- uses: (\S+)/gm)].map((m) => m[1]);
/** `param name type [= default]`, with the decorators written on the lines above it. */
const bicepParams = [...bicep.matchAll(/((?:^@.*\n)*)^param (\w+) \w+( = .*)?$/gm)].map((m) => ({
  decorators: m[1]!,
  name: m[2]!,
  hasDefault: m[3] !== undefined,
}));

describe("teamsapp.yml and its Azure template", () => {
  it("provisions and deploys in the expected order", () => {
    const [provision, deploy] = yml.split(/^deploy:$/m);
    expect(actions(provision!)).toEqual([
      "teamsApp/create",
      "aadApp/create",
      "arm/deploy",
      "teamsApp/validateManifest",
      "teamsApp/zipAppPackage",
      "teamsApp/update",
    ]);
    expect(actions(deploy!)).toEqual(["cli/runNpmCommand", "cli/runNpmCommand", "azureAppService/zipDeploy"]);
    expect(yml).toContain("signInAudience: AzureADMyOrg");
  });

  it("lists in env/.env.dev.example every variable the yml, the ARM parameters and the manifest use", () => {
    const used = new Set([...placeholders(yml), ...placeholders(JSON.stringify(parameters)), ...placeholders(read("teamsapp/manifest.json"))]);
    const listed = new Set([...envExample.matchAll(/^#? ?([A-Z0-9_]+)=/gm)].map((m) => m[1]));
    expect([...used].filter((name) => !listed.has(name))).toEqual([]);
    for (const written of ["BOT_AZURE_APP_SERVICE_RESOURCE_ID", "BOT_DOMAIN"]) expect(bicep).toContain(`output ${written} string`);
  });

  it("passes every template parameter that has no default, and only declared ones", () => {
    const declared = new Set(bicepParams.map((p) => p.name));
    expect(Object.keys(parameters).filter((name) => !declared.has(name))).toEqual([]);
    expect(bicepParams.filter((p) => !p.hasDefault && !(p.name in parameters)).map((p) => p.name)).toEqual([]);
  });

  it("takes secrets only through @secure() parameters filled from SECRET_ variables", () => {
    const secure = bicepParams.filter((p) => p.decorators.includes("@secure()")).map((p) => p.name).sort();
    expect(secure).toEqual(["botAadAppClientSecret", "postgresAdminPassword"]);
    for (const name of secure) expect(parameters[name]!.value).toMatch(/^\$\{\{SECRET_[A-Z_]+\}\}$/);
    const fromSecrets = Object.entries(parameters).filter(([, p]) => p.value.includes("SECRET_")).map(([name]) => name).sort();
    expect(fromSecrets).toEqual(secure);
    expect(envExample).not.toMatch(/^SECRET_/m);
  });

  it("sets only app settings that the bot's configuration reads", () => {
    const config = read("src/config/env.ts");
    const settings = [...bicep.matchAll(/name: '([A-Z_]+)'\n\s+value:/g)].map((m) => m[1]!);
    expect(settings).toEqual(expect.arrayContaining(["BOT_ID", "BOT_PASSWORD", "BOT_TENANT_ID", "BOT_APP_TYPE", "DATABASE_URL", "NODE_ENV"]));
    const platform = new Set(["SCM_DO_BUILD_DURING_DEPLOYMENT"]);
    expect(settings.filter((name) => !platform.has(name) && !config.includes(`${name}:`))).toEqual([]);
    expect(bicep).toMatch(/name: 'BOT_APP_TYPE'\n\s+value: 'SingleTenant'/);
    expect(bicep).toMatch(/msaAppType: 'SingleTenant'/);
  });
});
