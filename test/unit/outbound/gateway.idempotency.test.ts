import { describe, expect, it } from "vitest";
import { OutboundGateway } from "../../../src/outbound/index.js";
import { VirtualTime } from "./support/virtualTime.js";

/**
 * A thread whose first post is carried out by the service but answered only after the gateway's timeout:
 * the case the gateway cannot detect. It documents the caller's half of the contract.
 */
class SlowThread {
  readonly messages: { key: string; id: string }[] = [];
  private calls = 0;

  constructor(private readonly time: VirtualTime) {}

  async post(key: string): Promise<string> {
    this.calls += 1;
    const id = `activity-${this.messages.length + 1}`;
    this.messages.push({ key, id });
    await this.time.sleep(this.calls === 1 ? 20_000 : 100);
    return id;
  }

  async find(key: string): Promise<string | undefined> {
    await this.time.sleep(100);
    return this.messages.find((m) => m.key === key)?.id;
  }
}

describe("a timed-out call that the service did carry out", () => {
  it("is posted twice by a blind retry: the gateway alone cannot prevent it", async () => {
    const time = new VirtualTime();
    const thread = new SlowThread(time);
    const gateway = new OutboundGateway({ time, random: () => 0 });
    const run = () => thread.post("case-42");
    const result = gateway.submit({ conversationKey: "ward-1", tenantId: "t", kind: "post", run });
    await time.run();
    expect(await result).toBe("activity-2");
    expect(thread.messages).toHaveLength(2);
  });

  it("is posted once when the job checks the thread before reposting", async () => {
    const time = new VirtualTime();
    const thread = new SlowThread(time);
    const gateway = new OutboundGateway({ time, random: () => 0 });
    let attempt = 0;
    const run = async () => {
      attempt += 1;
      if (attempt > 1) {
        const existing = await thread.find("case-42");
        if (existing !== undefined) return existing;
      }
      return thread.post("case-42");
    };
    const result = gateway.submit({ conversationKey: "ward-1", tenantId: "t", kind: "post", run });
    await time.run();
    expect(await result).toBe("activity-1");
    expect(thread.messages).toEqual([{ key: "case-42", id: "activity-1" }]);
    expect(gateway.stats()).toMatchObject({ sent: 1, retriedByStatus: { timeout: 1 } });
  });
});
