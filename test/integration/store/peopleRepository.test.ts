import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testProviders, type TestDatabase } from "../../helpers/testDb.js";

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const AT = new Date("2024-04-02T09:00:00Z");

describe.each(testProviders())("who gets their own view of a card (%s)", (provider) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(provider);
    await db.store.transaction(async (tx) => {
      // More supervisors than a card's refresh list holds (60), an HCOP of each of two BCUs, and the claimant last.
      for (let n = 1; n <= 70; n++) {
        await tx.people.touch({ aadObjectId: id(n), teamsUserId: `29:supervisor-${n}` });
        await tx.people.grant(id(n), { role: "supervisor", bcu: undefined }, "test", AT);
      }
      await tx.people.touch({ aadObjectId: id(101), teamsUserId: "29:hcop-south-west" });
      await tx.people.grant(id(101), { role: "hcop", bcu: "South West" }, "test", AT);
      await tx.people.touch({ aadObjectId: id(102), teamsUserId: "29:hcop-central-east" });
      await tx.people.grant(id(102), { role: "hcop", bcu: "Central East" }, "test", AT);
      await tx.people.touch({ aadObjectId: id(200), teamsUserId: "29:claimant" });
      await tx.people.grant(id(200), { role: "officer", bcu: undefined }, "test", AT);
    });
  });
  afterAll(() => db.dispose());

  it("lists the claimant first, then supervisors and the HCOPs of the card's BCU only", async () => {
    const ids = await db.store.repos.people.teamsIdsOf(["supervisor", "hcop"], [id(200)], "South West");
    expect(ids[0]).toBe("29:claimant");
    expect(ids).toHaveLength(72);
    expect(ids).toContain("29:hcop-south-west");
    expect(ids).not.toContain("29:hcop-central-east");
  });
});
