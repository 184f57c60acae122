import { expect } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/env.js";

/** The problems `loadConfig` lists for this environment; fails the test if it accepts it. */
export function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).problems];
  }
  throw new Error("expected the configuration to be refused");
}
