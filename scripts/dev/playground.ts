import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { projectRoot } from "../../src/paths.js";

/** The parts of the playground's own reading of `.m365agentsplayground.yml` (GET /_internal/v1/testConfig) we use. */
export interface PlaygroundPerson {
  id: string;
  name: string;
  aadObjectId: string;
}

export interface PlaygroundConfig {
  tenantId: string;
  bot: { id: string; name: string };
  currentUser: PlaygroundPerson;
  users: PlaygroundPerson[];
  personalChat: { id: string };
  groupChats: { id: string; name: string }[];
  /** The General channel comes first and its id is the team id, as in Teams. */
  teams: { id: string; name: string; aadGroupId: string; channels: { id: string; name: string }[] }[];
}

export interface RunningPlayground {
  child: ChildProcess;
  /** e.g. http://localhost:56150 — the page to open. */
  url: string;
  /** Where the bot must send replies and proactive messages: the playground's mock Bot Connector. */
  serviceUrl: string;
  config: PlaygroundConfig;
}

const BIN = join(projectRoot, "node_modules", ".bin", "agentsplayground");

/**
 * Starts the Agents Playground against the bot's endpoint and waits until it has read its config. It listens on 56150
 * unless that port is taken (then on a random one), so the port is read from its output rather than assumed.
 */
export async function startPlayground(options: { botEndpoint: string; logFile: string; timeoutMs?: number }): Promise<RunningPlayground> {
  const child = spawn(BIN, ["-e", options.botEndpoint, "-c", "msteams", "--disable-telemetry"], {
    cwd: projectRoot, // it reads .m365agentsplayground.yml from its working directory
    // No browser of its own (we print the URL), and its log file out of the source tree.
    env: { ...process.env, TEAMSAPPTESTER_BROWSER: "none", M365_AGENTS_PLAYGROUND_LOGFILE: options.logFile },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`the playground did not start within ${options.timeoutMs ?? 30_000} ms:\n${output}`)), options.timeoutMs ?? 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Listening on (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the playground exited (code ${code}) before listening:\n${output}`));
    });
  });
  const url = `http://localhost:${port}`;
  const response = await fetch(`${url}/_internal/v1/testConfig`);
  if (!response.ok) throw new Error(`the playground's config could not be read: HTTP ${response.status} ${await response.text()}`);
  const { config } = (await response.json()) as { config: PlaygroundConfig };
  return { child, url, serviceUrl: `${url}/_connector`, config };
}

/**
 * Sends an activity to the bot through the playground as anyone in the config, not only the page's user: the page
 * always acts as `currentUser`. The playground fills nothing in, so the activity must be complete.
 */
export async function sendCustomActivity(playgroundUrl: string, activity: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${playgroundUrl}/_internal/v1/customActivities`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(activity),
  });
  if (!response.ok) throw new Error(`custom activity refused: HTTP ${response.status} ${await response.text()}`);
}
