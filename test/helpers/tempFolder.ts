import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Every file under `dir` with the SHA-256 of its bytes: equal snapshots mean the folder is byte-for-byte unchanged. */
export function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[path] = createHash("sha256").update(readFileSync(path)).digest("hex");
    }
  };
  walk(dir);
  return files;
}

/**
 * Points this process's temporary folder (os.tmpdir(), which multipart parsers write uploads to) at a new empty folder
 * until `restore` is called, which deletes it. Tests run one file per process, so no other test writes there.
 */
export function isolatedTempFolder(): { dir: string; restore(): void } {
  const dir = mkdtempSync(join(tmpdir(), "reassure-tmp-watch-"));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return {
    dir,
    restore: () => {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
