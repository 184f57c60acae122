import type { Locator, Page } from "playwright-core";

/** The parts of an Adaptive Card the tests read. */
export interface Card {
  body?: unknown[];
  actions?: { title: string; verb: string; data: Record<string, unknown> }[];
}

/** A message the bot posted (`createMessage`) or edited (`updateMessage`), as the page's websocket announced it. */
export interface FeedEvent {
  action: "createMessage" | "updateMessage";
  conversationId: string;
  messageId: string;
  card: Card | undefined;
  text: string;
}

interface Waiter {
  match: (event: FeedEvent) => boolean;
  resolve: (event: FeedEvent) => void;
}

/**
 * Every message the bot posts or edits, read from the page's own websocket feed, so a test can wait for a specific
 * frame instead of for time. Attach before the page is opened.
 */
export class PlaygroundFeed {
  private readonly events: FeedEvent[] = [];
  private readonly waiters = new Set<Waiter>();

  constructor(page: Page) {
    page.on("websocket", (ws) => ws.on("framereceived", (frame) => this.receive(String(frame.payload))));
  }

  private receive(payload: string): void {
    let frame: { action?: string; actionConversationId?: string; message?: { messageId?: string; text?: string; attachments?: { content?: Card }[] } };
    try {
      frame = JSON.parse(payload);
    } catch {
      return;
    }
    if ((frame.action !== "createMessage" && frame.action !== "updateMessage") || !frame.message?.messageId) return;
    const event: FeedEvent = {
      action: frame.action,
      conversationId: frame.actionConversationId ?? "",
      messageId: frame.message.messageId,
      card: frame.message.attachments?.[0]?.content,
      text: frame.message.text ?? "",
    };
    this.events.push(event);
    for (const waiter of this.waiters) {
      if (waiter.match(event)) {
        this.waiters.delete(waiter);
        waiter.resolve(event);
      }
    }
  }

  /** The first event so far, or the next one, that matches; rejects naming `what` after `timeoutMs`. */
  waitFor(what: string, match: (event: FeedEvent) => boolean, timeoutMs = 60_000): Promise<FeedEvent> {
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        match,
        resolve: (event) => {
          clearTimeout(timer);
          resolve(event);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no websocket frame within ${timeoutMs} ms: ${what}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }
}

export const cardText = (card: Card | undefined): string => JSON.stringify(card ?? {});

/** The crime reference in a referral card's title, "Reassurance contact — <ref>". */
export function crimeRefOf(card: Card | undefined): string {
  const ref = /Reassurance contact — ([^"]+)"/.exec(cardText(card))?.[1];
  if (!ref) throw new Error(`not a referral card: ${cardText(card).slice(0, 200)}`);
  return ref;
}

/**
 * The bot's answer to the next card button the page sends with this verb, as the playground passes it to the page
 * (`{type, value: card}`, without the status code), which shows `value` in place of the card. Call before the click.
 */
export function nextInvokeResponse(page: Page, verb: string): Promise<{ type?: string; value?: Card }> {
  return page
    .waitForResponse((response) => {
      if (!response.url().endsWith("/_conversation/v1/invoke")) return false;
      const body = response.request().postDataJSON() as { value?: { action?: { data?: { verb?: string } } } } | null;
      return body?.value?.action?.data?.verb === verb;
    })
    .then((response) => response.json());
}

/**
 * A referral card on the page, by its crime reference: every view and form of it carries the reference (the guidance
 * card does not; see `guidanceCard`).
 */
export const referralCard = (page: Page, crimeRef: string): Locator => page.locator(".ac-adaptiveCard", { hasText: `— ${crimeRef}` });

/** The one card showing the officers' guidance: tests open it on one referral at a time. */
export const guidanceCard = (page: Page): Locator => page.locator(".ac-adaptiveCard", { has: page.getByRole("button", { name: "Back to the referral" }) });

/**
 * Types into one of the playground's Fluent date or time pickers, which take typed text when they lose focus. Focus,
 * not a click: a click opens the date picker's calendar, which takes the keyboard. The time picker reads only 24-hour
 * "HH:mm" text (it is given no hour cycle), whatever it shows.
 */
export async function typeInto(picker: Locator, text: string): Promise<void> {
  await picker.focus();
  await picker.press("ControlOrMeta+A");
  await picker.pressSequentially(text);
  await picker.press("Tab");
}
