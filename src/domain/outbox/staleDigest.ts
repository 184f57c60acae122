const DAY_MS = 24 * 60 * 60_000;

/**
 * A digest is a snapshot for its slot; delivered after its period has passed it is noise next to the newer one (a
 * channel bound days late would otherwise get a digest for each day it was missing). So a daily digest older than a day,
 * or a weekly one older than a week, is dropped instead of delivered.
 */
export function isStaleDigest(digest: "daily" | "weekly", slot: Date, now: Date): boolean {
  return now.getTime() - slot.getTime() > (digest === "daily" ? DAY_MS : 7 * DAY_MS);
}
