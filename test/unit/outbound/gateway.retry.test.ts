import { describe, expect, it, vi } from "vitest";
import {
  ConversationGoneError,
  defaultClassifier,
  DeliveryFailedError,
  OutboundGateway,
  statusOf,
  type OutboundGatewayOptions,
} from "../../../src/outbound/index.js";
import { FakeRestError } from "./support/restError.js";
import { scripted, settled } from "./support/scripted.js";
import { VirtualTime } from "./support/virtualTime.js";

function setup(options: OutboundGatewayOptions = {}) {
  const time = new VirtualTime();
  const t0 = time.now();
  const gateway = new OutboundGateway({ time, random: () => 0.5, ...options });
  const job = <T>(conversationKey: string, run: () => Promise<T>, tenantId = "tenant-1") =>
    settled(gateway.submit({ conversationKey, tenantId, kind: "post", run }));
  return { time, t0, gateway, job };
}

const fail = (error: unknown, afterMs = 0) => ({ afterMs, error });
const ok = <T>(value: T, afterMs = 0) => ({ afterMs, value });

describe("retries and dead-letter", () => {
  it("retries a 502 with full-jitter exponential backoff, then dead-letters after 6 attempts", async () => {
    const onDeadLetter = vi.fn();
    const { time, gateway, job, t0 } = setup({ onDeadLetter });
    const script = scripted(time, t0, [fail(new FakeRestError(502))]);
    const outcome = job("conv-a", script.run);
    await time.run();

    // random() = 0.5 → half of 500·2^(n−1): waits 250, 500, 1000, 2000, 4000.
    expect(script.starts).toEqual([0, 250, 750, 1750, 3750, 7750]);
    const { error } = (await outcome) as { error: DeliveryFailedError };
    expect(error).toBeInstanceOf(DeliveryFailedError);
    expect(error).toMatchObject({ attempts: 6, lastStatus: 502, reason: "attempts-exhausted" });
    expect(error.conversationKey).toBe("conv-a");
    expect(onDeadLetter).toHaveBeenCalledTimes(1);
    expect(onDeadLetter.mock.calls[0]?.[0]).toMatchObject({
      conversationKey: "conv-a",
      tenantId: "tenant-1",
      kind: "post",
      attempts: 6,
      lastStatus: 502,
      reason: "attempts-exhausted",
    });
    expect(gateway.stats()).toMatchObject({ sent: 0, deadLettered: 1, retriedByStatus: { "502": 5 }, pending: 0 });
  });

  it("takes maxAttempts and backoff settings from options", async () => {
    const { time, job, t0 } = setup({ retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 150 } });
    const script = scripted(time, t0, [fail(new FakeRestError(504))]);
    const outcome = job("conv-a", script.run);
    await time.run();
    expect(script.starts).toEqual([0, 50, 125]); // 0.5·100, then 0.5·min(150, 200)
    expect((await outcome as { error: DeliveryFailedError }).error).toMatchObject({ attempts: 3, lastStatus: 504 });
  });

  it("retries 412, 500 and 503 and delivers on the attempt that succeeds", async () => {
    const { time, gateway, job, t0 } = setup();
    const failures = [412, 500, 503].map((status) => fail(new FakeRestError(status)));
    const script = scripted(time, t0, [...failures, ok("id-1")]);
    const outcome = job("conv-a", script.run);
    await time.run();
    expect(await outcome).toEqual({ value: "id-1" });
    expect(script.starts).toEqual([0, 250, 750, 1750]);
    expect(gateway.stats()).toMatchObject({ sent: 1, retriedByStatus: { "412": 1, "500": 1, "503": 1 } });
  });

  it("keeps going when the dead-letter hook throws", async () => {
    const { time, job, t0 } = setup({
      retry: { maxAttempts: 1 },
      onDeadLetter: () => {
        throw new Error("alerting is down");
      },
    });
    const first = job("conv-a", scripted(time, t0, [fail(new FakeRestError(502))]).run);
    const second = job("conv-a", scripted(time, t0, [ok("id-2")]).run);
    await time.run();
    expect((await first as { error: unknown }).error).toBeInstanceOf(DeliveryFailedError);
    expect(await second).toEqual({ value: "id-2" });
  });
});

describe("Retry-After", () => {
  it("waits exactly the seconds given, and holds back the conversation's later jobs meanwhile", async () => {
    const { time, job, t0 } = setup();
    const first = scripted(time, t0, [fail(new FakeRestError(429, { "Retry-After": "7" }), 100), ok("id-1", 100)]);
    const second = scripted(time, t0, [ok("id-2", 100)]);
    const elsewhere = scripted(time, t0, [ok("id-3", 100)]);
    const outcomes = [job("conv-a", first.run), job("conv-a", second.run), job("conv-b", elsewhere.run)];
    await time.run();

    expect(first.starts).toEqual([0, 7100]); // 429 answered at 100 + 7 s
    expect(second.starts).toEqual([7200]);
    expect(elsewhere.starts).toEqual([0]);
    expect(await Promise.all(outcomes)).toEqual([{ value: "id-1" }, { value: "id-2" }, { value: "id-3" }]);
  });

  it("honours an HTTP-date Retry-After from a plain headers object", async () => {
    const { time, gateway, job, t0 } = setup();
    // t0 is 09:00:00 GMT; the 429 arrives at 09:00:00.100 and says "not before 09:00:05".
    const error = new FakeRestError(429, { "retry-after": "Mon, 01 Jan 2024 09:00:05 GMT" }, true);
    const script = scripted(time, t0, [fail(error, 100), ok("id-1")]);
    const outcome = job("conv-a", script.run);
    await time.run();
    expect(script.starts).toEqual([0, 5000]);
    expect(await outcome).toEqual({ value: "id-1" });
    expect(gateway.stats().retriedByStatus).toEqual({ "429": 1 });
  });

  it("backs off with jitter when a 429 has no Retry-After", async () => {
    const { time, job, t0 } = setup();
    const script = scripted(time, t0, [fail(new FakeRestError(429)), ok("id-1")]);
    job("conv-a", script.run);
    await time.run();
    expect(script.starts).toEqual([0, 250]);
  });

  it("dead-letters at once on a Retry-After beyond maxRetryAfterMs, pausing the conversation that long", async () => {
    const { time, job, t0 } = setup({ retry: { maxRetryAfterMs: 60_000 } });
    const first = scripted(time, t0, [fail(new FakeRestError(429, { "Retry-After": "3600" }))]);
    const second = scripted(time, t0, [ok("id-2")]);
    const outcomes = [job("conv-a", first.run), job("conv-a", second.run)];
    await time.run();
    expect(first.starts).toEqual([0]);
    const { error } = (await outcomes[0]) as { error: unknown };
    expect(error).toMatchObject({ reason: "retry-after-too-long", attempts: 1, lastStatus: 429 });
    expect(second.starts).toEqual([60_000]);
  });

  it("pauses the whole tenant when the classifier scopes a 429 to the tenant", async () => {
    const { time, job, t0 } = setup({
      classify: (error, now) => {
        const verdict = defaultClassifier(error, now);
        return verdict.kind === "retry" && statusOf(error) === 429 ? { ...verdict, scope: "tenant" } : verdict;
      },
    });
    const throttled = scripted(time, t0, [fail(new FakeRestError(429, { "Retry-After": "5" })), ok("a")]);
    job("conv-a", throttled.run, "tenant-1");
    await time.advance(1000);
    const sameTenant = scripted(time, t0, [ok("b")]);
    const otherTenant = scripted(time, t0, [ok("c")]);
    job("conv-b", sameTenant.run, "tenant-1");
    job("conv-c", otherTenant.run, "tenant-2");
    await time.run();
    expect(throttled.starts).toEqual([0, 5000]);
    expect(sameTenant.starts).toEqual([5000]);
    expect(otherTenant.starts).toEqual([1000]);
  });
});

describe("gone and fatal", () => {
  it("fails 403 and 404 at once with ConversationGoneError; later jobs still get their own try", async () => {
    const { time, gateway, job, t0 } = setup();
    const removed = scripted(time, t0, [fail(new FakeRestError(403))]);
    const deleted = scripted(time, t0, [fail(new FakeRestError(404))]);
    const after = scripted(time, t0, [ok("id-3")]);
    const outcomes = [job("conv-a", removed.run), job("conv-b", deleted.run), job("conv-a", after.run)];
    await time.run();

    expect(removed.starts).toEqual([0]);
    expect(deleted.starts).toEqual([0]);
    const [gone403, gone404, third] = await Promise.all(outcomes);
    expect((gone403 as { error: unknown }).error).toBeInstanceOf(ConversationGoneError);
    expect((gone403 as { error: unknown }).error).toMatchObject({ conversationKey: "conv-a", status: 403 });
    expect((gone404 as { error: unknown }).error).toMatchObject({ conversationKey: "conv-b", status: 404 });
    expect(third).toEqual({ value: "id-3" });
    expect(gateway.stats()).toMatchObject({ gone: 2, sent: 1, retriedByStatus: {} });
  });

  it("rejects a non-retryable error as it is, without retrying", async () => {
    const { time, gateway, job, t0 } = setup();
    const badCard = new FakeRestError(400);
    const script = scripted(time, t0, [fail(badCard)]);
    const outcome = job("conv-a", script.run);
    await time.run();
    expect(script.starts).toEqual([0]);
    expect((await outcome as { error: unknown }).error).toBe(badCard);
    expect(gateway.stats()).toMatchObject({ fatal: 1, deadLettered: 0 });
  });

  it("treats a run that throws synchronously like any other failure", async () => {
    const { time, job } = setup();
    const bug = new TypeError("x is undefined");
    const outcome = job("conv-a", () => {
      throw bug;
    });
    await time.run();
    expect((await outcome as { error: unknown }).error).toBe(bug);
  });
});

describe("per-attempt timeout", () => {
  it("abandons an attempt after 15 s, retries, and ignores the abandoned attempt's late answer", async () => {
    const { time, gateway, job, t0 } = setup({ random: () => 0 });
    let attempt = 0;
    const starts: number[] = [];
    const run = async () => {
      starts.push(time.now() - t0);
      attempt += 1;
      await time.sleep(attempt === 1 ? 20_000 : 100);
      return attempt === 1 ? "late" : "second";
    };
    const after = scripted(time, t0, [ok("next", 100)]);
    const outcome = job("conv-a", run);
    const next = job("conv-a", after.run);
    await time.run();

    expect(starts).toEqual([0, 15_000]);
    expect(await outcome).toEqual({ value: "second" });
    expect(after.starts).toEqual([15_100]);
    expect(gateway.stats()).toMatchObject({ sent: 2, retriedByStatus: { timeout: 1 } });
    expect(await next).toEqual({ value: "next" });
  });

  it("dead-letters with lastStatus 'timeout' when every attempt hangs (timeout configurable)", async () => {
    const { time, job, t0 } = setup({ random: () => 0, retry: { attemptTimeoutMs: 1000, maxAttempts: 3 } });
    const script = scripted<string>(time, t0, [{ hang: true }]);
    const outcome = job("conv-a", script.run);
    await time.run();
    expect(script.starts).toEqual([0, 1000, 2000]);
    expect((await outcome as { error: unknown }).error).toMatchObject({ attempts: 3, lastStatus: "timeout" });
  });
});

describe("a classifier that throws", () => {
  it("fails the job with its own error instead of stranding the queue", async () => {
    const { time, gateway, job, t0 } = setup({
      classify: () => {
        throw new Error("classifier bug");
      },
    });
    const original = new FakeRestError(502);
    const first = job("conv-a", scripted(time, t0, [fail(original)]).run);
    const second = job("conv-a", scripted(time, t0, [ok("id-2")]).run);
    await time.run();
    expect((await first as { error: unknown }).error).toBe(original);
    expect(await second).toEqual({ value: "id-2" });
    await gateway.drain();
  });
});
