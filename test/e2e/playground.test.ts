// The referral flow end to end in the Microsoft 365 Agents Playground: the bot in local mode on a fresh SQLite database,
// seeded as `npm run dev` seeds it, the playground on a free port, and its page in headless Chromium (/usr/bin/chromium
// or CHROMIUM_PATH). The page acts as Olu (an officer); the HCOP's and the inspector's messages and the second officer's
// click go through the playground's own endpoints for other users (scripts/dev/playground.ts). Every wait is for a
// websocket frame, an HTTP response or text on the page. Screenshots: test-results/e2e/.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/paths.js";
import { launchChromium } from "../../scripts/lib/chromium.js";
import { clickAs, sendMessageAs } from "../../scripts/dev/playground.js";
import { startDevStack, type DevStack } from "../../scripts/dev/stack.js";
import { PlaygroundFeed, cardText, crimeRefOf, guidanceCard, nextInvokeResponse, referralCard, typeInto, type Card, type FeedEvent } from "./playgroundPage.js";

const SHOTS = join(projectRoot, "test-results", "e2e");
const OFFICER = { id: "29:olu-okafor", name: "Olu Okafor" };
const SECOND_OFFICER = "29:pat-price";
const HCOP = "29:hana-hussain";
const INSPECTOR = "29:ian-irving";

describe("the referral flow in the Agents Playground", () => {
  const dbDir = mkdtempSync(join(tmpdir(), "reassure-e2e-"));
  let stack: DevStack | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let feed: PlaygroundFeed;
  let general: { id: string; name: string };
  let wardChannel: { id: string; name: string };
  // Filled in by the steps, in order: a later step needs what an earlier one found.
  let posted: FeedEvent | undefined;
  let crimeRef = "";
  let completed: FeedEvent | undefined;
  let killPlaygroundOnExit: (() => void) | undefined;

  async function shot(name: string): Promise<void> {
    await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  }

  /** A step's body, with a screenshot of the page as it was if it fails. */
  async function step(name: string, body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (error) {
      await shot(`FAILED-${name}`).catch(() => undefined);
      throw error;
    }
  }

  /** Someone other than the page's user says something to the bot in General, with an @mention. */
  const say = (fromId: string, text: string) => sendMessageAs(stack!.playground, { fromId, conversationId: general.id, text });

  beforeAll(async () => {
    rmSync(SHOTS, { recursive: true, force: true });
    mkdirSync(SHOTS, { recursive: true });
    // The browser first: without one there is nothing to start the rest for.
    browser = await launchChromium();
    stack = await startDevStack({
      dbPath: join(dbDir, "e2e.db"),
      port: 0,
      playgroundPort: 0,
      as: OFFICER.id,
      workDir: SHOTS,
      detached: true,
      env: { LOG_LEVEL: "error" },
    });
    // If the worker exits without running afterAll, the playground's process group must not outlive it.
    const playgroundGroup = -stack.playground.child.pid!;
    killPlaygroundOnExit = () => {
      try {
        process.kill(playgroundGroup, "SIGKILL");
      } catch {
        // Already stopped.
      }
    };
    process.once("exit", killPlaygroundOnExit);
    [general, wardChannel] = stack.playground.config.teams[0]!.channels as [typeof general, typeof wardChannel];
    // The bot reads card dates and times as local to its zone; the page's pickers use the browser's.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: stack.deps.config.timeZone });
    page = await context.newPage();
    page.setDefaultTimeout(45_000);
    feed = new PlaygroundFeed(page);
    await page.goto(stack.playground.url);
    // The page shows a default mock team until it has the playground's config.
    await page.getByText(stack.playground.config.teams[0]!.name).first().waitFor();
    await page.getByText(OFFICER.name).first().waitFor();
    // Opening a channel the first time installs the bot there; its welcome shows the channel is live.
    await page.getByText(wardChannel.name, { exact: true }).click();
    await feed.waitFor("the bot's welcome in the ward channel", (e) => e.conversationId === wardChannel.id && e.text.includes("installed"));
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    if (killPlaygroundOnExit) process.off("exit", killPlaygroundOnExit);
    rmSync(dbDir, { recursive: true, force: true });
  });

  it("1. the HCOP's /allocate posts a referral card in the ward channel", () =>
    step("1-allocate", async () => {
      await say(HCOP, "/allocate");
      const result = await feed.waitFor("the allocation result in General", (e) => e.conversationId === general.id && cardText(e.card).includes('"Allocation"'));
      expect(cardText(result.card)).toMatch(/[1-9]\d* SRC/);
      posted = await feed.waitFor("a referral card in the ward channel", (e) => e.action === "createMessage" && e.conversationId === wardChannel.id && (e.card?.actions ?? []).some((a) => a.verb === "claim"));
      crimeRef = crimeRefOf(posted.card);
      const card = referralCard(page, crimeRef);
      await card.getByText("Waiting to be claimed").waitFor();
      await card.getByRole("button", { name: "Claim" }).waitFor();
      await card.scrollIntoViewIfNeeded();
      await shot("01-referral-card-in-ward-channel");
    }));

  it("2. an officer claims it: the card shows who has it", () =>
    step("2-claim", async () => {
      expect(posted, "step 1 posted no card").toBeDefined();
      const card = referralCard(page, crimeRef);
      // Two things change the card: the invoke response (the officer's own view) and the bot's edit of the message for
      // everyone. Whichever reaches the page last stays; both say who claimed it.
      const answered = nextInvokeResponse(page, "claim");
      const edited = feed.waitFor("the bot's edit of the claimed card", (e) => e.action === "updateMessage" && e.messageId === posted!.messageId && cardText(e.card).includes(`Claimed by ${OFFICER.name}`));
      await card.getByRole("button", { name: "Claim" }).click();
      const response = await answered;
      expect(cardText(response.value)).toContain("You have claimed this referral.");
      await edited;
      await card.getByText(`Claimed by ${OFFICER.name}`).first().waitFor();
      await card.scrollIntoViewIfNeeded();
      await shot("02-claimed-by-officer");
    }));

  it("3. the officer completes it with the form: the card shows the contact made", () =>
    step("3-complete", async () => {
      expect(posted, "step 1 posted no card").toBeDefined();
      // Guidance, then Back, shows the officer's own view (with Complete) whichever view the claim left on the page.
      await referralCard(page, crimeRef).getByRole("button", { name: "Guidance" }).click();
      const back = nextInvokeResponse(page, "refresh");
      await guidanceCard(page).getByRole("button", { name: "Back to the referral" }).click();
      expect(cardText((await back).value)).toContain('"completeForm"');
      const card = referralCard(page, crimeRef);
      await card.getByRole("button", { name: "Complete", exact: true }).click();
      await card.getByText(`Complete the contact — ${crimeRef}`).waitFor();

      // The next whole minute: never before the referral (made moments ago) and at most a minute ahead, which the bot allows.
      const contact = DateTime.now().setZone(stack!.deps.config.timeZone).plus({ minutes: 1 }).startOf("minute").setLocale("en-US");
      await card.getByRole("combobox", { name: /How was contact made/ }).click();
      await page.getByRole("option", { name: "In person" }).click();
      await typeInto(card.getByRole("combobox", { name: /Date of contact/ }), contact.toFormat("LLLL d, yyyy"));
      await typeInto(card.getByRole("combobox", { name: /Time of contact/ }), contact.toFormat("HH:mm"));
      await card.getByRole("radiogroup", { name: /Risk assessment/ }).getByLabel("Completed now").check();
      await card.getByRole("radiogroup", { name: /Support referral/ }).getByLabel("Victim Support").check();
      await card.getByRole("radiogroup", { name: /statement/ }).getByLabel("No", { exact: true }).check();
      await card.scrollIntoViewIfNeeded();
      await shot("03-complete-form-filled");

      const submitted = page.waitForRequest((r) => r.url().endsWith("/_conversation/v1/invoke") && r.postDataJSON()?.value?.action?.data?.verb === "complete");
      const answered = nextInvokeResponse(page, "complete");
      const edited = feed.waitFor("the bot's edit of the completed card", (e) => e.action === "updateMessage" && e.messageId === posted!.messageId && cardText(e.card).includes("Contact made"));
      await card.getByRole("button", { name: "Complete", exact: true }).click();
      expect((await submitted).postDataJSON().value.action.data).toMatchObject({
        method: "in_person",
        contactDate: contact.toFormat("yyyy-MM-dd"),
        contactTime: contact.toFormat("HH:mm"),
        riskAssessment: "completed_now",
        supportReferral: "victim_support",
        wantsStatement: "no",
      });
      const response = await answered;
      expect(cardText(response.value), "the form was refused").toContain("Contact made");
      completed = await edited;
      await card.getByText("Contact made").waitFor();
      await card.getByText(new RegExp(`In person contact on .+ by ${OFFICER.name}\\.`)).waitFor();
      await card.scrollIntoViewIfNeeded();
      await shot("04-contact-made");
    }));

  it("4. a second officer's refreshed card offers no Claim", () =>
    step("4-second-officer", async () => {
      expect(completed, "step 3 did not complete the referral").toBeDefined();
      // The second officer asks for his own view of the card (what a refresh, or Back, sends), at the version the bot
      // last showed everyone.
      const shown = completed!.card!.actions!.find((a) => a.verb === "guide")!;
      const response = await clickAs(stack!.playground.url, {
        threadId: `${wardChannel.id};messageid=${posted!.messageId}`,
        messageId: posted!.messageId,
        fromId: SECOND_OFFICER,
        action: { title: "Refresh", verb: "refresh", data: { ...shown.data, verb: "refresh" } },
      });
      const card = response.value as Card | undefined;
      expect(response.type, JSON.stringify(response)).toBe("application/vnd.microsoft.card.adaptive");
      expect(cardText(card)).toContain("Contact made");
      expect((card?.actions ?? []).map((a) => a.verb)).not.toContain("claim");
      expect((card?.actions ?? []).map((a) => a.title)).not.toContain("Claim");
      // The page (the officer's) shows no Claim on it either.
      expect(await referralCard(page, crimeRef).getByRole("button", { name: "Claim" }).count()).toBe(0);
      await shot("05-second-officer-no-claim");
    }));

  it("5. the inspector's /stats answers with the trial statistics", () =>
    step("5-stats", async () => {
      expect(completed, "step 3 did not complete the referral").toBeDefined();
      await page.getByText(general.name, { exact: true }).click();
      await say(INSPECTOR, "/stats trial");
      const reply = await feed.waitFor("the statistics card in General", (e) => e.conversationId === general.id && cardText(e.card).includes("Trial statistics"));
      const card = page.locator(".ac-adaptiveCard", { hasText: "Trial statistics" });
      await card.waitFor();
      // The one referral completed above is the one SRC contact delivered.
      expect(cardText(reply.card)).toContain("delivered 1");
      await card.getByText(/allocated · delivered 1 ·/).waitFor();
      await card.scrollIntoViewIfNeeded();
      await shot("06-inspector-stats");
    }));
});
