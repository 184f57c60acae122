import { userInfo } from "node:os";
import { loadConfig, type Config } from "../config/env.js";
import { createLogger } from "../log.js";
import { createServices } from "../services.js";
import { openStore } from "../store/prismaStore.js";
import type { AppContext } from "../services.js";

/** Exit codes: 0 done, 1 failed, 2 the input was refused (nothing written). */
export const EXIT = { ok: 0, failed: 1, invalidInput: 2 } as const;

export class CliInputError extends Error {}

export function cliActor(): string {
  return `cli:${userInfo().username}`;
}

/** Opens the configured store and services for one command, and always closes the store. */
export async function withServices<T>(work: (deps: AppContext, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  // CLI output is for people; logs go to stderr so `--json` stdout stays clean.
  const logger = createLogger(config.logLevel === "info" ? "warn" : config.logLevel, process.stderr as never);
  const store = await openStore(config.databaseUrl);
  try {
    return await work(createServices(config, store, logger), config);
  } finally {
    await store.close();
  }
}
