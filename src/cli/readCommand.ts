import type { Command } from "commander";
import type { AppContext } from "../services.js";
import { withServices } from "./context.js";

/** A subcommand that only reads: what `read` returns is printed as JSON with --json (for scripts), else by `print`. */
export function readCommand<T>(
  parent: Command,
  name: string,
  spec: {
    description: string;
    read(deps: AppContext): Promise<T>;
    /** What --json prints, when it is not the value read. */
    json?(value: T): unknown;
    print(value: T): void;
  },
): void {
  parent
    .command(name)
    .description(spec.description)
    .option("--json", "machine-readable output")
    .action(async (options: { json?: boolean }) => {
      const value = await withServices((deps) => spec.read(deps));
      if (options.json) console.log(JSON.stringify(spec.json ? spec.json(value) : value, null, 2));
      else spec.print(value);
    });
}
