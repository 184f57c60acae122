import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The browser tests in the Agents Playground run on their own: npm run test:e2e (vitest.e2e.config.ts).
    exclude: [...configDefaults.exclude, "test/e2e/**"],
    globalSetup: ["test/setup/databases.ts"],
    // Database and HTTP tests do real I/O on a shared 2-core machine: generous limits, no timing assertions.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
