import { defineConfig } from "vitest/config";

// End-to-end tests in the Agents Playground (`npm run test:e2e`): a real browser, the playground and the bot, one file
// at a time. The bot migrates its own database, so no global setup. Generous limits: the machine is shared and slow.
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: "forks",
    maxWorkers: 1,
    fileParallelism: false,
  },
});
