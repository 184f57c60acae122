import { SlidingWindow } from "../outbound/index.js";

interface AddressRecord {
  window: SlidingWindow;
  /** Whether this spell of refusals has been logged: a flood is one log line, not one per request. */
  refusalLogged: boolean;
}

/**
 * Failed authentications per client address over a sliding minute. An address over the limit is refused, before its
 * key is even looked at, until its oldest failure leaves the window. In memory (each instance counts its own share)
 * and bounded: beyond `maxAddresses` the address that failed longest ago is forgotten first.
 */
export class FailedAttempts {
  private readonly byAddress = new Map<string, AddressRecord>();

  constructor(
    private readonly perMinute: number,
    private readonly maxAddresses = 10_000,
  ) {}

  /** Milliseconds until `address` may try again (0 when it may now), and whether this refusal is the first of its spell. */
  check(address: string, now: number): { waitMs: number; firstRefusal: boolean } {
    const record = this.byAddress.get(address);
    const waitMs = record?.window.waitMs(now) ?? 0;
    if (waitMs === 0 || !record) return { waitMs: 0, firstRefusal: false };
    const firstRefusal = !record.refusalLogged;
    record.refusalLogged = true;
    return { waitMs, firstRefusal };
  }

  record(address: string, now: number): void {
    let record = this.byAddress.get(address);
    if (record) this.byAddress.delete(address);
    else {
      if (this.byAddress.size >= this.maxAddresses) this.byAddress.delete(this.byAddress.keys().next().value!);
      record = { window: new SlidingWindow({ limit: this.perMinute, windowMs: 60_000 }), refusalLogged: false };
    }
    record.window.record(now);
    record.refusalLogged = false;
    // Re-inserted last: the Map's order is the order of most recent failure.
    this.byAddress.set(address, record);
  }
}
