import { describe, expect, it } from "vitest";
import { dailyAt, every, weeklyAt } from "../../../src/domain/jobs/schedule.js";

const at = (iso: string) => new Date(iso);

describe("job schedules", () => {
  it("aligns interval slots to the clock", () => {
    expect(every(15).latestSlot(at("2024-04-02T09:44:59Z")).toISOString()).toBe("2024-04-02T09:30:00.000Z");
    expect(every(15).latestSlot(at("2024-04-02T09:45:00Z")).toISOString()).toBe("2024-04-02T09:45:00.000Z");
  });

  it("runs daily at a London time, in winter and summer time", () => {
    const digest = dailyAt("07:30", "Europe/London");
    // 07:30 GMT in January, 07:30 BST (06:30 UTC) in July.
    expect(digest.latestSlot(at("2024-01-10T12:00:00Z")).toISOString()).toBe("2024-01-10T07:30:00.000Z");
    expect(digest.latestSlot(at("2024-07-10T12:00:00Z")).toISOString()).toBe("2024-07-10T06:30:00.000Z");
    // Before today's time: yesterday's slot.
    expect(digest.latestSlot(at("2024-07-10T06:00:00Z")).toISOString()).toBe("2024-07-09T06:30:00.000Z");
    // The morning after the clocks go forward (31 March 2024): 07:30 BST.
    expect(digest.latestSlot(at("2024-03-31T09:00:00Z")).toISOString()).toBe("2024-03-31T06:30:00.000Z");
  });

  it("runs weekly on Monday 08:00 London", () => {
    const weekly = weeklyAt(1, "08:00", "Europe/London");
    // Wednesday 3 April 2024 → Monday 1 April 08:00 BST.
    expect(weekly.latestSlot(at("2024-04-03T10:00:00Z")).toISOString()).toBe("2024-04-01T07:00:00.000Z");
    // Monday 1 April 06:59 UTC (07:59 BST) → the Monday before, 25 March 08:00 GMT.
    expect(weekly.latestSlot(at("2024-04-01T06:59:00Z")).toISOString()).toBe("2024-03-25T08:00:00.000Z");
  });
});
