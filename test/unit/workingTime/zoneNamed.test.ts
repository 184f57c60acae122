import { describe, expect, it } from "vitest";
import { zoneNamed } from "../../../src/domain/workingTime/localTime.js";

describe("zoneNamed", () => {
  it("returns the one cached zone for a name, and refuses an unknown name every time", () => {
    expect(zoneNamed("Europe/London")).toBe(zoneNamed("Europe/London"));
    expect(zoneNamed("Europe/London").offset(Date.UTC(2024, 6, 1))).toBe(60);
    for (let i = 0; i < 2; i++) expect(() => zoneNamed("Europe/Atlantis")).toThrow(new RangeError('Unknown time zone "Europe/Atlantis"'));
  });
});
