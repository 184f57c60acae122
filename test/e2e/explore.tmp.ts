import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchChromium } from "../../scripts/lib/chromium.js";
import { startDevStack } from "../../scripts/dev/stack.js";
import { clickAs, sendMessageAs } from "../../scripts/dev/playground.js";

const dir = mkdtempSync(join(tmpdir(), "reassure-e2e-"));
const stack = await startDevStack({ dbPath: join(dir, "e2e.db"), port: 0, as: "olu", workDir: dir, playgroundPort: 0, detached: true, env: { LOG_LEVEL: "warn" } });
console.log("bot", stack.bot.url, "pg", stack.playground.url);
const browser = await launchChromium();
const t0 = Date.now();
const log = (...a: unknown[]) => console.log(Date.now() - t0, ...a);
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const cards: any[] = [];
  page.on("websocket", (ws) => ws.on("framereceived", (f) => {
    const e = JSON.parse(String(f.payload));
    if (e.action) log("ws", e.action, e.actionConversationId, e.message?.messageId, JSON.stringify(e.message?.attachments?.[0]?.content?.body?.slice(0,2) ?? e.message?.text ?? "").slice(0, 150));
    if (e.action === "createMessage" && e.message?.attachments?.[0]?.content?.actions?.some((a: any) => a.verb === "claim")) cards.push(e);
  }));
  page.on("response", (r) => { if (r.url().includes("/_conversation/")) log("resp", r.url().replace(stack.playground.url, ""), r.status()); });
  await page.goto(stack.playground.url, { waitUntil: "networkidle" });
  const config = stack.playground.config;
  await page.getByText(config.teams[0]!.name).first().waitFor();
  await page.getByText("Olu Okafor").first().waitFor();
  const [general, ward] = config.teams[0]!.channels;
  await sendMessageAs(stack.playground, { fromId: "29:hana-hussain", conversationId: general!.id, text: "/allocate" });
  await page.getByText(ward!.name, { exact: true }).click();
  await page.getByRole("button", { name: "Claim" }).first().waitFor();
  const target = cards[0];
  const crimeRef = /— (\S+)$/.exec(target.message.attachments[0].content.body.find((b: any) => b.text?.startsWith("Reassurance contact")).text)![1]!;
  log("target", target.message.messageId, crimeRef);
  const texts = await page.locator(".ac-adaptiveCard").allInnerTexts();
  const card = page.locator(".ac-adaptiveCard").nth(texts.findIndex((t) => t.includes(crimeRef)));
  await card.getByRole("button", { name: "Claim" }).click();
  await card.getByText("Claimed by Olu Okafor").first().waitFor();
  log("claimed visible");
  await new Promise((r) => setTimeout(r, 3000));
  await card.getByRole("button", { name: "Guidance" }).click();
  await card.getByRole("button", { name: "Back to the referral" }).click();
  await card.getByRole("button", { name: "Complete" }).click();
  await card.getByText("Complete the contact").waitFor();
  await new Promise((r) => setTimeout(r, 2000));
  writeFileSync(join(dir, "form.html"), await card.innerHTML());
  await card.screenshot({ path: join(dir, "form.png") });
  const r = await clickAs(stack.playground.url, { threadId: `${target.actionConversationId};messageid=${target.message.messageId}`, messageId: target.message.messageId, fromId: "29:pat-price", action: { title: "Refresh", verb: "refresh", data: { verb: "refresh", referralId: target.message.attachments[0].content.actions[0].data.referralId, version: 0 } } });
  log("pat refresh", JSON.stringify(r).slice(0, 600));
  await new Promise((r) => setTimeout(r, 2000));
  await page.screenshot({ path: join(dir, "after-pat.png") });
} finally {
  await browser.close();
  await stack.stop();
  console.log(dir);
}
