#!/usr/bin/env node
// Builds the Teams app package (a zip of manifest.json and the two icons) from teamsapp/manifest.json, offline.
//
//   node scripts/package-app.mjs [--dev] [--manifest <path>] [--out <path>]
//
// `${{NAME}}` placeholders (Teams Toolkit syntax) are filled from the process environment, then from
// <manifest folder>/env/.env.<REASSURE_ENV, default dev> if that file exists, then — with --dev only — from fixed
// development values, so CI can build a package with no secrets or Azure resources. Any placeholder still unfilled
// is an error naming the variable. The filled manifest is then checked against the Teams manifest schema 1.29 kept
// in teamsapp/schema, the version against the schema's semver pattern, and the icons' PNG dimensions; every problem
// is printed with where it is, and the exit code is 1. Teams Toolkit's teamsApp/zipAppPackage does the same job
// during provisioning; this script lets a package be built and checked without the toolkit or a Microsoft login.
import { existsSync, mkdirSync, readFileSync, createWriteStream } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import Ajv from "ajv-draft-04";
import yazl from "yazl";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SCHEMA_PATH = join(ROOT, "teamsapp", "schema", "teams-manifest-1.29.schema.json");
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Valid in shape only: never registered anywhere, so a dev package cannot be mistaken for a real one. */
const DEV_VALUES = {
  TEAMS_APP_ID: "00000000-0000-4000-8000-000000000001",
  BOT_ID: "00000000-0000-4000-8000-000000000002",
  BOT_DOMAIN: "localhost",
  DEVELOPER_NAME: "Reassure development build",
  DEVELOPER_WEBSITE_URL: "https://localhost/",
  DEVELOPER_PRIVACY_URL: "https://localhost/privacy",
  DEVELOPER_TERMS_OF_USE_URL: "https://localhost/terms",
};

/** Teams rejects icons of any other size: https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/apps-package */
const ICON_SIZES = { color: 192, outline: 32 };

class PackageError extends Error {
  constructor(heading, problems) {
    super([heading, ...problems.map((p) => `  - ${p}`)].join("\n"));
  }
}

/** Relative to the working directory when inside it, so messages stay short; absolute otherwise. */
function shown(path) {
  const near = relative(process.cwd(), path);
  return near === "" ? "." : near.startsWith("..") || isAbsolute(near) ? path : near;
}

/** KEY=VALUE per line; blank lines and #comments skipped; one pair of surrounding quotes removed. */
function readEnvFile(path) {
  const values = {};
  const problems = [];
  readFileSync(path, "utf8")
    .split(/\r?\n/)
    .forEach((raw, index) => {
      const line = raw.trim();
      if (line === "" || line.startsWith("#")) return;
      const match = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
      if (!match) return problems.push(`line ${index + 1}: expected KEY=VALUE`);
      const value = match[2];
      values[match[1]] = /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
    });
  if (problems.length > 0) throw new PackageError(`${shown(path)} is not a KEY=VALUE file:`, problems);
  return values;
}

function envFileFor(manifestPath) {
  const name = process.env.REASSURE_ENV || "dev";
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new PackageError("REASSURE_ENV must be a plain environment name:", [JSON.stringify(name)]);
  return join(dirname(manifestPath), "env", `.env.${name}`);
}

/** Empty counts as unset: Teams Toolkit env files list every variable, blank until provisioning fills it. */
function lookupFrom(sources) {
  return (name) => sources.map((source) => source[name]).find((value) => typeof value === "string" && value.trim() !== "");
}

/** Fills every placeholder in every string of the manifest; returns the filled copy and what could not be filled. */
function fillPlaceholders(value, lookup, path = "", missing = []) {
  if (typeof value === "string") {
    const filled = value.replace(PLACEHOLDER, (whole, name) => {
      const found = lookup(name);
      if (found === undefined) missing.push(`${name} (at ${path || "/"})`);
      return found ?? whole;
    });
    return { filled, missing };
  }
  if (Array.isArray(value)) return { filled: value.map((item, i) => fillPlaceholders(item, lookup, `${path}/${i}`, missing).filled), missing };
  if (value !== null && typeof value === "object") {
    const filled = Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fillPlaceholders(item, lookup, `${path}/${key}`, missing).filled]));
    return { filled, missing };
  }
  return { filled: value, missing };
}

function describeSchemaError(error) {
  const where = error.instancePath || "/";
  const detail =
    error.keyword === "additionalProperties" ? ` (${JSON.stringify(error.params.additionalProperty)})`
    : error.keyword === "enum" ? ` (${error.params.allowedValues.map((v) => JSON.stringify(v)).join(", ")})`
    : error.keyword === "const" ? ` (${JSON.stringify(error.params.allowedValue)})`
    : "";
  return `${where}: ${error.message}${detail}`;
}

function schemaProblems(manifest) {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, "utf8"));
  const ajv = new Ajv({
    allErrors: true,
    // The official schema puts some keywords beside no "type" (e.g. maxItems on an untyped node); that is how it is
    // published, not a fault in our manifest, so strict type checks of the schema itself are off.
    strictTypes: false,
    // The schema's only format is "uri" (on $schema). ajv-formats is not a dependency: a scheme followed by
    // non-space characters is enough to catch a mistyped $schema.
    formats: { uri: /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/ },
  });
  const validate = ajv.compile(schema);
  const problems = validate(manifest) ? [] : validate.errors.map(describeSchemaError);
  // Teams requires a semver version, but the 1.29 schema only limits its length; use the schema's own pattern.
  const semver = new RegExp(schema.definitions.semver.pattern);
  if (typeof manifest.version === "string" && !semver.test(manifest.version)) {
    problems.push(`/version: must be a version like 1.2.3 (got ${JSON.stringify(manifest.version)})`);
  }
  return problems;
}

/** An icon's path as the package will hold it: a plain file name at the zip root, beside manifest.json. */
function iconProblems(manifest, manifestDir) {
  const problems = [];
  const icons = {};
  for (const [kind, size] of Object.entries(ICON_SIZES)) {
    const name = manifest.icons?.[kind];
    if (typeof name !== "string") continue; // the schema check reports it
    if (name !== basename(name) || isAbsolute(name)) {
      problems.push(`/icons/${kind}: must be a file name at the package root (got ${JSON.stringify(name)})`);
      continue;
    }
    const path = join(manifestDir, name);
    if (!existsSync(path)) {
      problems.push(`/icons/${kind}: ${shown(path)} does not exist`);
      continue;
    }
    const png = readFileSync(path);
    const isPng = png.length >= 24 && png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    if (!isPng || png.toString("ascii", 12, 16) !== "IHDR") {
      problems.push(`/icons/${kind}: ${shown(path)} is not a PNG file`);
      continue;
    }
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    if (width !== size || height !== size) {
      problems.push(`/icons/${kind}: ${shown(path)} is ${width}×${height}; Teams needs ${size}×${size}`);
      continue;
    }
    icons[name] = png;
  }
  return { problems, icons };
}

// A fixed timestamp, so the same inputs give the same zip bytes.
const ENTRY_OPTIONS = { mtime: new Date(2024, 0, 1), mode: 0o100644 };

function writeZip(outPath, entries) {
  mkdirSync(dirname(outPath), { recursive: true });
  const zip = new yazl.ZipFile();
  for (const [name, bytes] of Object.entries(entries)) zip.addBuffer(bytes, name, ENTRY_OPTIONS);
  zip.end();
  return new Promise((done, fail) => {
    zip.outputStream.pipe(createWriteStream(outPath)).on("close", done).on("error", fail);
  });
}

async function main() {
  const { values: options } = parseArgs({
    options: {
      dev: { type: "boolean", default: false },
      manifest: { type: "string", default: join(ROOT, "teamsapp", "manifest.json") },
      out: { type: "string", default: join(ROOT, "teamsapp", "build", "reassure.zip") },
    },
  });
  const manifestPath = resolve(options.manifest);
  const outPath = resolve(options.out);

  let template;
  try {
    template = JSON.parse(readFileSync(manifestPath, "utf8"));
  } catch (error) {
    throw new PackageError(`Cannot read ${shown(manifestPath)} as JSON:`, [error.message]);
  }

  const envFile = envFileFor(manifestPath);
  const fileValues = existsSync(envFile) ? readEnvFile(envFile) : {};
  const lookup = lookupFrom([process.env, fileValues, options.dev ? DEV_VALUES : {}]);
  const { filled: manifest, missing } = fillPlaceholders(template, lookup);
  if (missing.length > 0) {
    const hint = options.dev ? "" : ", or pass --dev for a development build";
    throw new PackageError(
      `Unfilled placeholders in ${shown(manifestPath)}; set them in the environment or in ${shown(envFile)}${hint}:`,
      missing,
    );
  }

  const { problems: badIcons, icons } = iconProblems(manifest, dirname(manifestPath));
  const problems = [...schemaProblems(manifest), ...badIcons];
  if (problems.length > 0) throw new PackageError(`${shown(manifestPath)} is not a valid Teams app manifest (schema 1.29):`, problems);

  await writeZip(outPath, { "manifest.json": Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), ...icons });
  console.log(shown(outPath));
}

main().catch((error) => {
  console.error(error instanceof PackageError ? error.message : error);
  process.exitCode = 1;
});
