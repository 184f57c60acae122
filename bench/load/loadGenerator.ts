import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { LoadRequest, LoadResult } from "./protocol.js";

/** The autocannon child process: one per suite, reused for every measurement. */
export class LoadGenerator {
  private constructor(private readonly child: ChildProcess) {}

  static async start(): Promise<LoadGenerator> {
    const child = fork(fileURLToPath(new URL("./cannonChild.ts", import.meta.url)), [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    await new Promise<void>((resolve, reject) => {
      child.once("message", () => resolve());
      child.once("exit", (code) => reject(new Error(`load generator exited (${code}) before it was ready`)));
    });
    return new LoadGenerator(child);
  }

  run(request: Omit<LoadRequest, "kind">): Promise<LoadResult> {
    return new Promise((resolve, reject) => {
      this.child.once("message", (message: LoadResult | { kind: "error"; message: string }) => {
        if (message.kind === "result") resolve(message);
        else reject(new Error(`load generator: ${message.message}`));
      });
      this.child.send({ kind: "run", ...request });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill();
    await exited;
  }
}
