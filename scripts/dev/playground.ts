import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { projectRoot } from "../../src/paths.js";

/** The playground's own reading of `.m365agentsplayground.yml` (GET /_internal/v1/testConfig), the parts we use. */
export interface PlaygroundPerson {
  id: string;
  name: string;
  aadObjectId: string;
  /** userPrincipleName, givenName, surname, email: kept as read, for writing the file back. */
  [other: string]: string;
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
  /** Ends the playground (its whole process group when started `detached`) and resolves once it has exited. */
  stop(): Promise<void>;
}

const BIN = join(projectRoot, "node_modules", ".bin", "agentsplayground");

function stopper(child: ChildProcess, detached: boolean): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      if (detached && child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
      else child.kill("SIGTERM");
    } catch {
      // It ended between the check and the signal.
    }
    await exited;
  };
}

/**
 * Starts the Agents Playground against the bot's endpoint and waits until it has read its config. It listens on 56150
 * (or `port`) unless that port is taken (then on a random one), so the port is read from its output rather than assumed.
 * If it cannot be started, nothing is left running.
 */
export async function startPlayground(options: {
  botEndpoint: string;
  logFile: string;
  /** Default: `.m365agentsplayground.yml` in the project folder. */
  configFile?: string;
  /** Default 56150, the playground's own; 0 for any free port. */
  port?: number;
  /** In a process group of its own, which `stop()` ends as a whole (for tests: a terminal's Ctrl-C no longer reaches it). */
  detached?: boolean;
  timeoutMs?: number;
}): Promise<RunningPlayground> {
  const portArgs = options.port === undefined ? [] : ["--port", String(options.port)];
  const detached = options.detached ?? false;
  const child = spawn(BIN, ["-e", options.botEndpoint, "-c", "msteams", "--disable-telemetry", ...portArgs], {
    cwd: projectRoot,
    detached,
    // No browser of its own (we print the URL), and its log file out of the source tree.
    env: {
      ...process.env,
      TEAMSAPPTESTER_BROWSER: "none",
      M365_AGENTS_PLAYGROUND_LOGFILE: options.logFile,
      ...(options.configFile ? { M365_AGENTS_PLAYGROUND_CONFIG_PATH: options.configFile } : {}),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stop = stopper(child, detached);
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let output = "";
      const timeoutMs = options.timeoutMs ?? 30_000;
      const timer = setTimeout(() => reject(new Error(`the playground did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
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
      child.once("error", reject);
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`the playground exited (code ${code}) before listening:\n${output}`));
      });
    });
    const url = `http://localhost:${port}`;
    const response = await fetch(`${url}/_internal/v1/testConfig`);
    if (!response.ok) throw new Error(`the playground's config could not be read: HTTP ${response.status} ${await response.text()}`);
    const { config } = (await response.json()) as { config: PlaygroundConfig };
    return { child, url, serviceUrl: `${url}/_connector`, config, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The config file's content with someone else as the page's user (`currentUser`), and the old one moved into `users`
 * in their place: the page always acts as `currentUser`, and the schema wants exactly five other users. JSON is YAML.
 */
export function configFileAs(config: PlaygroundConfig, userId: string): string {
  const everyone = [config.currentUser, ...config.users];
  const me = everyone.find((p) => p.id === userId || p.name.toLowerCase().startsWith(userId.toLowerCase()));
  if (!me) throw new Error(`--as ${userId}: no such person in .m365agentsplayground.yml (${everyone.map((p) => `${p.id} ${p.name}`).join(", ")})`);
  const team = config.teams[0]!;
  const groupChat = config.groupChats[0]!;
  const file = {
    version: "0.1.1",
    tenantId: config.tenantId,
    bot: config.bot,
    currentUser: me,
    users: config.users.map((p) => (p.id === me.id ? config.currentUser : p)),
    personalChat: { id: config.personalChat.id },
    groupChat: { id: groupChat.id, name: groupChat.name },
    // The file lists only the channels besides General, whose id is the team's.
    team: { id: team.id, name: team.name, aadGroupId: team.aadGroupId, channels: team.channels.filter((c) => c.id !== team.id).map((c) => ({ id: c.id, name: c.name })) },
  };
  return JSON.stringify(file, null, 2) + "\n";
}

async function post(url: string, body: unknown): Promise<unknown> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${url}: HTTP ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/**
 * Sends a message to the bot as anyone in the config. The page can act only as `currentUser`, and the playground's
 * message endpoint ignores `from` (it always sends as `currentUser`), so this uses its custom-activity endpoint, which
 * forwards a complete activity as given. The message itself does not appear in the page; the bot's replies do. In a
 * channel it @mentions the bot, as Teams requires. Built like the activities the playground sends for the page.
 */
export async function sendMessageAs(
  playground: Pick<RunningPlayground, "url" | "serviceUrl" | "config">,
  message: { fromId: string; conversationId: string; text: string },
): Promise<void> {
  const { config } = playground;
  const from = [config.currentUser, ...config.users].find((p) => p.id === message.fromId);
  if (!from) throw new Error(`no person ${message.fromId} in the playground config`);
  const team = config.teams[0]!;
  const channel = team.channels.find((c) => c.id === message.conversationId);
  const groupChat = config.groupChats.find((c) => c.id === message.conversationId);
  const mention = `<at>${config.bot.name}</at>`;
  const tenant = { id: config.tenantId };
  const now = new Date().toISOString();
  await post(`${playground.url}/_internal/v1/customActivities`, {
    type: "message",
    id: randomUUID(),
    timestamp: now,
    localTimestamp: now,
    channelId: "msteams",
    serviceUrl: playground.serviceUrl,
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    recipient: config.bot,
    conversation: {
      id: message.conversationId,
      tenantId: config.tenantId,
      ...(channel ? { isGroup: true, conversationType: "channel" } : groupChat ? { isGroup: true, conversationType: "groupChat" } : { conversationType: "personal" }),
    },
    channelData: channel ? { tenant, team: { id: team.id }, channel: { id: channel.id } } : { tenant },
    text: channel || groupChat ? `${mention} ${message.text}` : message.text,
    textFormat: "plain",
    entities: channel || groupChat ? [{ type: "mention", mentioned: config.bot, text: mention }] : [],
    locale: "en-GB",
  });
}

/**
 * Clicks an Action.Execute button as anyone, through the endpoint the page uses: the playground fills in the user's
 * name and aadObjectId from the config, sends the `adaptiveCard/action` invoke and returns the bot's invoke response.
 * `threadId` is "<channel id>;messageid=<card message id>" for a card the bot posted as a new channel thread.
 */
export async function clickAs(
  playgroundUrl: string,
  click: { threadId: string; messageId: string; fromId: string; action: { title: string; verb: string; data: Record<string, unknown> } },
): Promise<{ statusCode?: number; type?: string; value?: unknown }> {
  return (await post(`${playgroundUrl}/_conversation/v1/invoke`, {
    name: "adaptiveCard/action",
    value: { action: { type: "Action.Execute", ...click.action } },
    from: { id: click.fromId },
    conversation: { id: click.threadId },
    replyToId: click.messageId,
  })) as { statusCode?: number; type?: string; value?: unknown };
}
