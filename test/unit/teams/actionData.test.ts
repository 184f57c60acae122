import { describe, expect, it } from "vitest";
import { parseActionData } from "../../../src/teams/actions/action.js";

describe("parseActionData", () => {
  const complete = (notes: string) => parseActionData("complete", { verb: "complete", referralId: 1, version: 1, notes }, ["notes"]);

  it("accepts any real text in a form field, emoji and other scripts included", () => {
    expect(complete("Spoke to them 👍 — مرحبا, 你好")).toEqual({ referralId: 1, version: 1, inputs: { notes: "Spoke to them 👍 — مرحبا, 你好" } });
  });

  it("refuses half a surrogate pair, which is not text and which a database cannot store (found by the fuzz test)", () => {
    expect(complete("before \udeda after")).toEqual({ refused: "the card sent an invalid value" });
    expect(complete("\ud83d")).toEqual({ refused: "the card sent an invalid value" });
  });
});
