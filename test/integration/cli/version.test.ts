import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";

describe("reassure --version", () => {
  it("prints package.json's version and exits 0, without touching a database", async () => {
    const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    for (const flag of ["--version", "-V"]) {
      const { code, stdout, stderr } = await runCli([flag], { DATABASE_URL: "file:/nonexistent/folder/reassure.db" });
      expect(code, stderr).toBe(0);
      expect(stdout.trim()).toBe(version);
    }
  });
});
