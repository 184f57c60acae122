import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { zipEntries } from "./zipEntries.js";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const SCRIPT = join(ROOT, "scripts", "package-app.mjs");
const TEAMSAPP = join(ROOT, "teamsapp");
const work = mkdtempSync(join(tmpdir(), "reassure-package-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the script as `npm run package` would. The environment is reduced to PATH, and REASSURE_ENV names an env file
 * that does not exist, so neither the developer's shell nor a local teamsapp/env/.env.dev can fill a placeholder.
 */
function packageApp(args: string[], env: Record<string, string> = {}): Run {
  const result = spawnSync(process.execPath, [SCRIPT, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", REASSURE_ENV: "unit-test-absent", ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let copies = 0;
/** A folder holding a copy of the app package sources, with the manifest changed by `edit`. */
function manifestCopy(edit: (manifest: Record<string, any>) => void): string {
  const dir = join(work, `app-${++copies}`);
  mkdirSync(dir);
  for (const icon of ["color.png", "outline.png"]) copyFileSync(join(TEAMSAPP, icon), join(dir, icon));
  const manifest = JSON.parse(readFileSync(join(TEAMSAPP, "manifest.json"), "utf8"));
  edit(manifest);
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest, null, 2));
  return join(dir, "manifest.json");
}

describe("scripts/package-app.mjs", { timeout: 60_000 }, () => {
  it("with --dev, builds a zip of exactly manifest.json and the two icons, every placeholder filled", () => {
    const out = join(work, "dev", "reassure.zip");
    const run = packageApp(["--dev", "--out", out]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(out);

    const entries = zipEntries(readFileSync(out));
    expect([...entries.keys()].sort()).toEqual(["color.png", "manifest.json", "outline.png"]);
    expect(entries.get("color.png")).toEqual(readFileSync(join(TEAMSAPP, "color.png")));
    expect(entries.get("outline.png")).toEqual(readFileSync(join(TEAMSAPP, "outline.png")));

    const text = entries.get("manifest.json")!.toString("utf8");
    expect(text).not.toContain("${{");
    const manifest = JSON.parse(text);
    expect(manifest.id).toBe("00000000-0000-4000-8000-000000000001");
    expect(manifest.bots[0].botId).toBe("00000000-0000-4000-8000-000000000002");
    expect(manifest.validDomains).toEqual(["localhost"]);
    expect(manifest.developer.privacyUrl).toMatch(/^https:\/\//);
  });

  it("builds the same bytes from the same inputs", () => {
    const first = join(work, "same-1.zip");
    const second = join(work, "same-2.zip");
    expect(packageApp(["--dev", "--out", first]).status).toBe(0);
    expect(packageApp(["--dev", "--out", second]).status).toBe(0);
    expect(readFileSync(first).equals(readFileSync(second))).toBe(true);
  });

  it("fills placeholders from the process environment first, then from env/.env.<REASSURE_ENV> beside the manifest", () => {
    const manifestPath = manifestCopy(() => {});
    const envDir = join(manifestPath, "..", "env");
    mkdirSync(envDir);
    writeFileSync(
      join(envDir, ".env.staging"),
      [
        "# written by Teams Toolkit",
        "TEAMS_APP_ID=11111111-2222-4333-8444-555555555555",
        'BOT_ID="66666666-7777-4888-8999-aaaaaaaaaaaa"',
        "",
        "BOT_DOMAIN=from-file.example.net",
        "DEVELOPER_NAME='Example Police'",
        "DEVELOPER_WEBSITE_URL=https://police.example/",
        "DEVELOPER_PRIVACY_URL=https://police.example/privacy",
        "DEVELOPER_TERMS_OF_USE_URL=https://police.example/terms",
      ].join("\n"),
    );
    const out = join(work, "staging.zip");
    const run = packageApp(["--manifest", manifestPath, "--out", out], { REASSURE_ENV: "staging", BOT_DOMAIN: "reassure-staging.azurewebsites.net" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);

    const manifest = JSON.parse(zipEntries(readFileSync(out)).get("manifest.json")!.toString("utf8"));
    expect(manifest.id).toBe("11111111-2222-4333-8444-555555555555");
    expect(manifest.bots[0].botId).toBe("66666666-7777-4888-8999-aaaaaaaaaaaa");
    expect(manifest.developer.name).toBe("Example Police");
    expect(manifest.validDomains).toEqual(["reassure-staging.azurewebsites.net"]);
  });

  it("without --dev or any values, fails naming every unfilled variable and where it is", () => {
    const out = join(work, "none.zip");
    const run = packageApp(["--out", out]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("TEAMS_APP_ID (at /id)");
    expect(run.stderr).toContain("BOT_ID (at /bots/0/botId)");
    expect(run.stderr).toContain("BOT_DOMAIN (at /validDomains/0)");
    expect(run.stderr).toContain("DEVELOPER_PRIVACY_URL (at /developer/privacyUrl)");
    expect(existsSync(out)).toBe(false);
  });

  it("treats an empty value as unfilled, as Teams Toolkit env files list variables before provisioning sets them", () => {
    const run = packageApp(["--dev", "--out", join(work, "empty.zip")], { TEAMS_APP_ID: "" });
    expect(run.status).toBe(0);
    const strict = packageApp(["--out", join(work, "empty-strict.zip")], { TEAMS_APP_ID: " " });
    expect(strict.stderr).toContain("TEAMS_APP_ID (at /id)");
  });

  it("names a placeholder that even --dev cannot fill", () => {
    const manifestPath = manifestCopy((m) => {
      m.name.short = "${{APP_SHORT_NAME}}";
    });
    const out = join(work, "unfilled.zip");
    const run = packageApp(["--dev", "--manifest", manifestPath, "--out", out]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("APP_SHORT_NAME (at /name/short)");
    expect(run.stderr).not.toContain("BOT_ID");
    expect(existsSync(out)).toBe(false);
  });

  it("fails on a command title longer than the schema's 128 characters, with the field's path and the message", () => {
    const manifestPath = manifestCopy((m) => {
      m.bots[0].commandLists[0].commands[1].title = "/" + "m".repeat(128);
    });
    const out = join(work, "long-title.zip");
    const run = packageApp(["--dev", "--manifest", manifestPath, "--out", out]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("/bots/0/commandLists/0/commands/1/title: must NOT have more than 128 characters");
    expect(existsSync(out)).toBe(false);
  });

  it("reports every schema error at once: a missing required field, an unknown scope, a wrong manifestVersion", () => {
    const manifestPath = manifestCopy((m) => {
      delete m.developer;
      m.bots[0].scopes.push("meetings");
      m.manifestVersion = "1.17";
    });
    const run = packageApp(["--dev", "--manifest", manifestPath, "--out", join(work, "many.zip")]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("/: must have required property 'developer'");
    expect(run.stderr).toContain("/bots/0/scopes/2: must be equal to one of the allowed values");
    expect(run.stderr).toContain('/manifestVersion: must be equal to constant ("1.29")');
  });

  it("rejects a version that is not semver, which the 1.29 schema itself does not check", () => {
    const manifestPath = manifestCopy((m) => {
      m.version = "1.0";
    });
    const run = packageApp(["--dev", "--manifest", manifestPath, "--out", join(work, "version.zip")]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('/version: must be a version like 1.2.3 (got "1.0")');
  });

  it("rejects an icon of the wrong size", () => {
    const manifestPath = manifestCopy(() => {});
    copyFileSync(join(TEAMSAPP, "outline.png"), join(manifestPath, "..", "color.png"));
    const run = packageApp(["--dev", "--manifest", manifestPath, "--out", join(work, "icon.zip")]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/\/icons\/color: .*color\.png is 32×32; Teams needs 192×192/);
  });
});
