import { describe, expect, it } from "vitest";
import { OutboundGateway, systemTimeSource } from "../../../src/outbound/index.js";
import { FakeRestError } from "./support/restError.js";

describe("on the system clock", () => {
  it("delivers, retries and drains with real timers", async () => {
    const gateway = new OutboundGateway({ time: systemTimeSource, retry: { baseDelayMs: 5, attemptTimeoutMs: 2000 } });
    let failedOnce = false;
    const order: string[] = [];
    const submit = (conversationKey: string, name: string) =>
      gateway.submit({
        conversationKey,
        tenantId: "t",
        kind: "post",
        run: async () => {
          if (name === "a1" && !failedOnce) {
            failedOnce = true;
            throw new FakeRestError(502);
          }
          order.push(name);
          return name;
        },
      });
    const results = Promise.all([submit("a", "a1"), submit("b", "b1"), submit("a", "a2")]);
    await gateway.close();
    expect(await results).toEqual(["a1", "b1", "a2"]);
    expect(order.indexOf("a1")).toBeLessThan(order.indexOf("a2"));
    expect(gateway.stats()).toMatchObject({ sent: 3, retriedByStatus: { "502": 1 }, pending: 0 });
  });
});
