import type { Command } from "commander";
import { newApiKey } from "../server/apiKeys.js";
import { CliInputError } from "./context.js";

export function apiKeyCommand(program: Command): void {
  program
    .command("apikey")
    .description("intake API keys")
    .command("new <name>")
    .description("make a key for the CMS export job: prints the key once, and the hash to add to INTAKE_API_KEY_HASHES")
    .action((name: string) => {
      if (!/^[a-z0-9_-]{1,32}$/.test(name)) throw new CliInputError("name: expected 1–32 lower-case letters, digits, - or _");
      const { key, configEntry } = newApiKey(name);
      console.log(`Key (give it to the CMS export job; it is not stored anywhere):\n  ${key}\nAdd to INTAKE_API_KEY_HASHES (comma-separated, several keys allowed for rotation):\n  ${configEntry}`);
    });
}
