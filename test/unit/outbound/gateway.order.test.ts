import { describe, expect, it } from "vitest";
import { GatewayClosedError, OutboundGateway } from "../../../src/outbound/index.js";
import { FakeRestError } from "./support/restError.js";
import { scripted, settled } from "./support/scripted.js";
import { VirtualTime } from "./support/virtualTime.js";

const fail = (error: unknown, afterMs = 0) => ({ afterMs, error });
const ok = <T>(value: T, afterMs = 0) => ({ afterMs, value });

describe("order and concurrency", () => {
  it("runs a conversation's jobs in submission order, a job being retried holding back the later ones", async () => {
    const time = new VirtualTime();
    const t0 = time.now();
    const gateway = new OutboundGateway({ time, random: () => 0.5 });
    const badGateway = fail(new FakeRestError(502), 100);
    const a1 = scripted(time, t0, [badGateway, badGateway, ok("a1", 100)]);
    const a2 = scripted(time, t0, [ok("a2", 100)]);
    const a3 = scripted(time, t0, [ok("a3", 100)]);
    const b = [1, 2, 3].map((n) => scripted(time, t0, [ok(`b${n}`, 100)]));
    const submit = (conversationKey: string, run: () => Promise<string>) =>
      gateway.submit({ conversationKey, tenantId: "t", kind: "post", run });
    const results = [
      submit("a", a1.run),
      submit("b", b[0]!.run),
      submit("a", a2.run),
      submit("b", b[1]!.run),
      submit("a", a3.run),
      submit("b", b[2]!.run),
    ];
    await time.run();

    // a1 fails at 100 (waits 250) and at 450 (waits 500), succeeds 950–1050; a2 and a3 follow it.
    expect(a1.starts).toEqual([0, 350, 950]);
    expect(a2.starts).toEqual([1050]);
    expect(a3.starts).toEqual([1150]);
    // b runs alongside, unaffected by a's retries.
    expect(b.map((s) => s.starts)).toEqual([[0], [100], [200]]);
    expect(await Promise.all(results)).toEqual(["a1", "b1", "a2", "b2", "a3", "b3"]);
  });

  it("bounds attempts in flight across conversations, oldest job first (maxConcurrency)", async () => {
    const time = new VirtualTime();
    const t0 = time.now();
    const gateway = new OutboundGateway({ time, maxConcurrency: 4 });
    let inFlight = 0;
    let maxInFlight = 0;
    const starts: number[] = [];
    const jobs = Array.from({ length: 40 }, (_, i) =>
      gateway.submit({
        conversationKey: `conv-${i}`,
        tenantId: "t",
        kind: "post",
        run: async () => {
          starts[i] = time.now() - t0;
          maxInFlight = Math.max(maxInFlight, ++inFlight);
          await time.sleep(1000);
          inFlight -= 1;
        },
      }),
    );
    await time.run();
    await Promise.all(jobs);
    expect(maxInFlight).toBe(4);
    expect(starts).toEqual(Array.from({ length: 40 }, (_, i) => Math.floor(i / 4) * 1000));
  });

  it("defaults to 16 attempts in flight", async () => {
    const time = new VirtualTime();
    const t0 = time.now();
    const gateway = new OutboundGateway({ time });
    const starts: number[] = [];
    for (let i = 0; i < 40; i++) {
      void gateway.submit({
        conversationKey: `conv-${i}`,
        tenantId: `tenant-${i}`,
        kind: "post",
        run: async () => {
          starts.push(time.now() - t0);
          await time.sleep(1000);
        },
      });
    }
    await time.run();
    expect(starts.filter((s) => s === 0)).toHaveLength(16);
    expect(starts.filter((s) => s === 1000)).toHaveLength(16);
    expect(starts.filter((s) => s === 2000)).toHaveLength(8);
  });

  it("frees the slot while a job waits out its backoff", async () => {
    const time = new VirtualTime();
    const t0 = time.now();
    const gateway = new OutboundGateway({ time, maxConcurrency: 1, random: () => 0.5 });
    const a = scripted(time, t0, [fail(new FakeRestError(502), 100), ok("a", 100)]);
    const b = scripted(time, t0, [ok("b", 100)]);
    void settled(gateway.submit({ conversationKey: "a", tenantId: "t", kind: "post", run: a.run }));
    void settled(gateway.submit({ conversationKey: "b", tenantId: "t", kind: "post", run: b.run }));
    await time.run();
    expect(a.starts).toEqual([0, 350]);
    expect(b.starts).toEqual([100]);
  });

  it("accepts jobs submitted from inside a running job", async () => {
    const time = new VirtualTime();
    const gateway = new OutboundGateway({ time });
    const inner: Promise<string>[] = [];
    const outer = gateway.submit({
      conversationKey: "a",
      tenantId: "t",
      kind: "post",
      run: async () => {
        inner.push(gateway.submit({ conversationKey: "a", tenantId: "t", kind: "reply", run: async () => "reply" }));
        return "post";
      },
    });
    await time.run();
    expect(await outer).toBe("post");
    expect(await Promise.all(inner)).toEqual(["reply"]);
  });
});

describe("drain, close and stats", () => {
  it("drain() waits for every queued job; close() refuses new jobs but finishes queued ones", async () => {
    const time = new VirtualTime();
    const t0 = time.now();
    const gateway = new OutboundGateway({ time });
    await gateway.drain(); // nothing queued: resolves at once

    const done: string[] = [];
    for (const n of [1, 2, 3]) {
      const run = () => time.sleep(100).then(() => `job-${n}`);
      void gateway.submit({ conversationKey: "a", tenantId: "t", kind: "post", run }).then((v) => done.push(v));
    }
    let drainedAt: number | undefined;
    void gateway.drain().then(() => (drainedAt = time.now() - t0));
    const closed = gateway.close();
    const refused = settled(gateway.submit({ conversationKey: "a", tenantId: "t", kind: "post", run: async () => 0 }));
    await time.run();

    expect((await refused as { error: unknown }).error).toBeInstanceOf(GatewayClosedError);
    await closed;
    expect(done).toEqual(["job-1", "job-2", "job-3"]);
    expect(drainedAt).toBe(300);
    expect(time.pendingTimers).toBe(0); // no wake-up or timeout timer left to hold a process open
  });

  it("reports counts, queue depth per conversation and waits", async () => {
    const time = new VirtualTime();
    const gateway = new OutboundGateway({ time, random: () => 0.5 });
    const submit = (conversationKey: string, run: () => Promise<unknown>) =>
      settled(gateway.submit({ conversationKey, tenantId: "t", kind: "post", run }));
    const t0 = time.now();
    submit("a", scripted(time, t0, [fail(new FakeRestError(504), 100), ok(1, 100)]).run);
    submit("a", scripted(time, t0, [ok(2, 100)]).run);
    submit("a", scripted(time, t0, [ok(3, 100)]).run);
    submit("b", scripted(time, t0, [fail(new FakeRestError(404), 100)]).run);

    expect(gateway.stats()).toMatchObject({ submitted: 4, pending: 4, queueDepthByConversation: { a: 3, b: 1 } });
    await time.advance(50);
    expect(gateway.stats()).toMatchObject({ inFlight: 2, pending: 4 });
    await time.run();
    // a1: 0–100 fails, retry 350–450; a2 450–550; a3 550–650. b: gone at 100.
    expect(gateway.stats()).toEqual({
      submitted: 4,
      sent: 3,
      retriedByStatus: { "504": 1 },
      deadLettered: 0,
      gone: 1,
      fatal: 0,
      pending: 0,
      inFlight: 0,
      queueDepthByConversation: {},
      maxWaitMs: 550,
      maxLatencyMs: 650,
    });
  });
});
