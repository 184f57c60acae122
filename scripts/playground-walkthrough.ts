// Drives `scripts/dev.ts` + the Agents Playground page in headless Chromium through the referral flow and saves
// screenshots in docs/playground/. A reference for the e2e tests, and a quick check that the local setup works.
//   node --import tsx scripts/playground-walkthrough.ts
// Part 1, the page as the HCOP: @Reassure /allocate in General; cards appear in "Ward SNTs"; the HCOP's own Claim is
// refused; Olu (an officer) claims through the playground's invoke endpoint and the page shows the edited card.
// Part 2, the page as Olu (dev.ts --as): the HCOP's /allocate is posted through the playground's message endpoint;
// Olu clicks Claim on the page, then Record attempt.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { projectRoot } from "../src/paths.js";
import { launchChromium } from "./lib/chromium.js";
import { clickAs, sendMessageAs, type PlaygroundConfig } from "./dev/playground.js";

const OUT = join(projectRoot, "docs", "playground");
const OLU = "29:olu-okafor";
const HANA = "29:hana-hussain";

interface PostedCard {
  channelId: string;
  messageId: string;
  card: { body?: { text?: string }[]; actions?: { title: string; verb: string; data: Record<string, unknown> }[] };
}

/** Starts dev.ts and resolves, with the playground's URL, once it has seeded and printed its banner. */
async function startDev(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(projectRoot, "scripts", "dev.ts"), ...args], { cwd: projectRoot, stdio: ["ignore", "pipe", "pipe"] });
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`dev.ts did not start:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ctrl-C stops both.")) {
        clearTimeout(timer);
        // Not always 56150: the playground takes another port when that one is in use.
        resolve(/the playground at (\S+)/.exec(output)![1]!);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`dev.ts exited (${code}):\n${output}`)));
  });
  return { child, url };
}

async function stopDev(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGINT");
  await exited;
}

/**
 * Records, from the page's websocket (the playground's own feed), every card the bot posts as a new channel thread,
 * and the ids of messages the bot has edited since (`edited`).
 */
function watchCards(page: Page): PostedCard[] & { edited: Set<string> } {
  const cards = Object.assign([] as PostedCard[], { edited: new Set<string>() });
  page.on("websocket", (ws) =>
    ws.on("framereceived", (frame) => {
      let event: { action?: string; actionConversationId?: string; message?: { messageId: string; attachments?: { content?: PostedCard["card"] }[] } };
      try {
        event = JSON.parse(String(frame.payload));
      } catch {
        return;
      }
      const card = event.message?.attachments?.[0]?.content;
      if (event.action === "createMessage" && card?.actions?.some((a) => a.verb === "claim")) {
        cards.push({ channelId: event.actionConversationId!, messageId: event.message!.messageId, card });
      }
      if (event.action === "updateMessage" && event.message) cards.edited.add(event.message.messageId);
    }),
  );
  return cards;
}

async function openPage(page: Page, playground: string, expectedUser: string): Promise<PlaygroundConfig> {
  await page.goto(playground, { waitUntil: "networkidle" });
  // The page shows the default mock team until the playground has connected to the bot and sent its config.
  const config = ((await (await fetch(`${playground}/_internal/v1/testConfig`)).json()) as { config: PlaygroundConfig }).config;
  await page.getByText(config.teams[0]!.name).first().waitFor();
  await page.getByText(expectedUser).first().waitFor();
  return config;
}

const crimeRefOf = (card: PostedCard["card"]) => /— (\S+)$/.exec(card.body?.find((b) => b.text?.startsWith("Reassurance contact"))?.text ?? "")?.[1] ?? "";

async function expectSoon(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  for (const started = Date.now(); !condition(); await new Promise((resolve) => setTimeout(resolve, 100))) {
    if (Date.now() - started > timeoutMs) throw new Error(`waited ${timeoutMs} ms for ${what}`);
  }
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(OUT, name) });
  console.log(`docs/playground/${name}`);
}

async function partOne(page: Page, playground: string): Promise<void> {
  const cards = watchCards(page);
  page.on("request", (request) => {
    if (request.url().includes("/_conversation/")) console.log(`page → ${request.method()} ${request.url().replace(playground, "")} ${request.postData() ?? ""}`);
  });
  const config = await openPage(page, playground, "Hana Hussain");
  const [general, wardChannel] = config.teams[0]!.channels;

  // In a channel the bot hears only @mentions: "@", pick the bot in the mention list, then the command, then Post.
  await page.getByText(general!.name, { exact: true }).click();
  const compose = page.getByRole("textbox").first();
  await compose.click();
  await compose.pressSequentially("@");
  await page.getByRole("menuitem", { name: config.bot.name }).click();
  await compose.pressSequentially(" /allocate");
  await page.getByRole("button", { name: "Post" }).click();
  await page.getByText("Referred for SRC").waitFor();
  await shot(page, "01-hcop-allocates-in-general.png");

  await page.getByText(wardChannel!.name, { exact: true }).click();
  await page.getByRole("button", { name: "Claim" }).first().waitFor();
  await shot(page, "02-referral-cards-in-ward-channel.png");

  const target = cards.find((c) => c.channelId === wardChannel!.id)!;
  const crimeRef = crimeRefOf(target.card);
  const card = page.locator(".ac-adaptiveCard", { hasText: crimeRef });
  await card.getByRole("button", { name: "Claim" }).click();
  await card.getByText("Only officers and supervisors").waitFor();
  await card.scrollIntoViewIfNeeded();
  await shot(page, "03-hcop-cannot-claim.png");

  const claim = target.card.actions!.find((a) => a.verb === "claim")!;
  const response = await clickAs(playground, { threadId: `${target.channelId};messageid=${target.messageId}`, messageId: target.messageId, fromId: OLU, action: claim });
  console.log(`Olu's claim through /_conversation/v1/invoke: ${JSON.stringify(response).slice(0, 160)}…`);
  await card.getByText("Claimed by Olu Okafor").waitFor();
  await card.scrollIntoViewIfNeeded();
  await shot(page, "04-olu-claimed-seen-by-hcop.png");
}

async function partTwo(page: Page, playground: string): Promise<void> {
  const cards = watchCards(page);
  const config = await openPage(page, playground, "Olu Okafor");
  const [general, wardChannel] = config.teams[0]!.channels;
  await sendMessageAs({ url: playground, serviceUrl: `${playground}/_connector`, config }, { conversationId: general!.id, fromId: HANA, text: "/allocate" });
  await page.getByText(wardChannel!.name, { exact: true }).click();
  await page.getByRole("button", { name: "Claim" }).first().waitFor();
  const target = cards.find((c) => c.channelId === wardChannel!.id)!;
  // By position, not text: the guidance card that replaces it below does not carry the crime reference.
  const crimeRef = crimeRefOf(target.card);
  const texts = await page.locator(".ac-adaptiveCard").allInnerTexts();
  const card = page.locator(".ac-adaptiveCard").nth(texts.findIndex((t) => t.includes(crimeRef)));
  // Two things change the card: the invoke response (Olu's own view) and the bot's edit of the message for everyone.
  // Whichever reaches the page last stays (the playground never runs a card's `refresh`, so it has no per-user
  // views): wait for both, then rely only on text both views have.
  const invoked = page.waitForResponse((r) => r.url().endsWith("/_conversation/v1/invoke"));
  await card.getByRole("button", { name: "Claim" }).click();
  await invoked;
  await expectSoon(() => cards.edited.has(target.messageId), "the bot's edit of the claimed card");
  await card.getByText("Claimed by Olu Okafor").first().waitFor();
  await card.scrollIntoViewIfNeeded();
  await shot(page, "05-officer-claims-on-page.png");
  // Guidance, then "Back to the referral" (verb refresh) shows Olu's own view with his buttons, whichever view won.
  await card.getByRole("button", { name: "Guidance" }).click();
  await card.getByRole("button", { name: "Back to the referral" }).click();
  await card.getByRole("button", { name: "Record attempt" }).click();
  await card.getByText("Record an unsuccessful attempt").waitFor();
  await card.scrollIntoViewIfNeeded();
  await shot(page, "06-officer-attempt-form.png");
}

mkdirSync(OUT, { recursive: true });
const browser = await launchChromium();
try {
  for (const [args, part] of [[[], partOne], [["--as", OLU], partTwo]] as const) {
    const dev = await startDev([...args]);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await part(page, dev.url);
    } catch (error) {
      await page.screenshot({ path: join(projectRoot, "data", "playground-failure.png") });
      console.error("Failed; the page as it was: data/playground-failure.png");
      throw error;
    } finally {
      await page.close();
      await stopDev(dev.child);
    }
  }
} finally {
  await browser.close();
}
