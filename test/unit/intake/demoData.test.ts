import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { DEFAULT_OFFENCES, DEFAULT_STRANDS, demoCaseLines, generateDemoData, parseCaseCsv, writeDemoCases } from "../../../src/intake/index.js";
import { collect, problemsOf } from "./helpers.js";

function wardCodes(wardsCsv: string): string[] {
  return wardsCsv.trim().split("\n").slice(1).map((line) => line.split(",")[0] ?? "");
}

function dataRows(casesCsv: string): string[][] {
  return casesCsv.trim().split("\n").slice(1).map((line) => line.split(","));
}

async function parseDemo(data: { wardsCsv: string; casesCsv: string }) {
  return collect(parseCaseCsv([data.casesCsv], { knownWardCodes: wardCodes(data.wardsCsv), storeStrands: true }));
}

describe("generateDemoData", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    expect(generateDemoData({ seed: "demo" })).toEqual(generateDemoData({ seed: "demo" }));
    expect(generateDemoData({ seed: "demo" }).casesCsv).not.toBe(generateDemoData({ seed: "other" }).casesCsv);
    expect(generateDemoData({ seed: 7 }).wardsCsv).toBe(generateDemoData({ seed: "7" }).wardsCsv);
  });

  it("invents 79 wards in four boroughs of one BCU, in contiguous blocks, all in trial mode", () => {
    const [header, ...lines] = generateDemoData({ seed: "demo" }).wardsCsv.trim().split("\n");
    expect(header).toBe("code,name,borough,mode,bcu");
    const wards = lines.map((line) => line.split(","));
    expect(wards).toHaveLength(79);
    expect(wards.every((w) => w.length === 5 && /^E05000\d{3}$/.test(w[0] ?? "") && /^[A-Z][a-z]+ [A-Z][a-z]+$/.test(w[1] ?? "") && w[3] === "trial" && w[4] === "South West")).toBe(true);
    expect(new Set(wards.map((w) => w[0])).size).toBe(79);
    expect(new Set(wards.map((w) => w[1])).size).toBe(79);
    const boroughs = wards.map((w) => w[2]);
    expect(boroughs.filter((b) => b === "Kingston")).toHaveLength(20);
    expect(boroughs.filter((b) => b === "Merton")).toHaveLength(20);
    expect(boroughs.filter((b) => b === "Richmond")).toHaveLength(20);
    expect(boroughs.filter((b) => b === "Wandsworth")).toHaveLength(19);
    expect(boroughs.slice(18, 22)).toEqual(["Kingston", "Kingston", "Merton", "Merton"]);
    const codes = wards.map((w) => w[0] ?? "");
    expect([...codes].sort()).toEqual(codes);
  });

  it("produces about two cases a day that parse with no problems", async () => {
    const data = generateDemoData({ seed: "demo" });
    expect(data.casesCsv.split("\n")[0]).toBe("crime_ref,reported_at,ward_code,record_type,offence,strands");
    const results = await parseDemo(data);
    expect(problemsOf(results)).toEqual([]);
    // Poisson(2) over 120 days: mean 240, sd ≈ 15.5.
    expect(results.length).toBeGreaterThan(180);
    expect(results.length).toBeLessThan(300);
    const times = results.map((r) => (r.ok ? r.record.reportedAt.getTime() : 0));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.parse("2022-10-02T23:00:00Z"));
    expect(Math.max(...times)).toBeLessThan(Date.parse("2023-01-31T00:00:00Z"));
  });

  it("gives a realistic mix: public order about half, race about three quarters, about 5% incidents", () => {
    const rows = dataRows(generateDemoData({ seed: "mix", days: 2000 }).casesCsv);
    const share = (test: (row: string[]) => boolean, among = rows) => among.filter(test).length / among.length;
    const crimes = rows.filter((r) => r[3] === "crime");
    const incidents = rows.filter((r) => r[3] === "incident");
    expect(share((r) => r[3] === "incident")).toBeGreaterThan(0.035);
    expect(share((r) => r[3] === "incident")).toBeLessThan(0.065);
    expect(incidents.every((r) => r[4] === "")).toBe(true);
    expect(crimes.every((r) => DEFAULT_OFFENCES.includes(r[4] ?? ""))).toBe(true);
    expect(share((r) => r[4] === "public order", crimes)).toBeGreaterThan(0.45);
    expect(share((r) => r[4] === "public order", crimes)).toBeLessThan(0.55);
    const strands = rows.map((r) => (r[5] ?? "").split(";"));
    expect(strands.every((s) => s.length >= 1 && s.every((v) => DEFAULT_STRANDS.includes(v)))).toBe(true);
    const having = (strand: string) => strands.filter((s) => s.includes(strand)).length / rows.length;
    expect(having("race")).toBeGreaterThan(0.7);
    expect(having("race")).toBeLessThan(0.8);
    const order = ["race", "sexual orientation", "religion", "disability", "transgender identity"].map(having);
    expect(order).toEqual([...order].sort((a, b) => b - a));
    expect(having("transgender identity")).toBeGreaterThan(0);
  });

  it("never produces times in the spring-forward gap", async () => {
    const data = generateDemoData({ seed: "dst", start: new Date("2024-03-30T12:00:00Z"), days: 3, casesPerDay: 400 });
    const results = await parseDemo(data);
    expect(results.length).toBeGreaterThan(1000);
    expect(problemsOf(results)).toEqual([]);
  });

  it("with errors adds exactly three malformed rows: a bad date, an unknown ward, a bad reference", async () => {
    const clean = generateDemoData({ seed: "demo" });
    const faulty = generateDemoData({ seed: "demo", withErrors: true });
    expect(faulty.wardsCsv).toBe(clean.wardsCsv);
    const results = await parseDemo(faulty);
    const problems = problemsOf(results);
    expect(problems.map((p) => p.column).sort()).toEqual(["crime_ref", "reported_at", "ward_code"]);
    expect(problems.find((p) => p.column === "reported_at")?.expected).toMatch(/^a date and time: February \d{4} has no day 31/);
    expect(problems.find((p) => p.column === "ward_code")?.expected).toMatch(/nearest: E05000\d{3}/);
    expect(problems.find((p) => p.column === "crime_ref")?.expected).toMatch(/7 digits/);
    const badRows = new Set(problems.map((p) => p.row));
    const faultyLines = faulty.casesCsv.trim().split("\n");
    const withoutBad = faultyLines.filter((_, index) => !badRows.has(index));
    expect(withoutBad.join("\n")).toBe(clean.casesCsv.trim());
  });
});

describe("demoCaseLines and writeDemoCases", () => {
  it("write the requested number of rows over the same wards as generateDemoData", async () => {
    let text = "";
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString();
        done();
      },
    });
    await writeDemoCases(sink, { seed: "bench", rows: 500 });
    const lines = text.trim().split("\n");
    expect(lines).toHaveLength(501);
    expect(lines).toEqual([...demoCaseLines({ seed: "bench", rows: 500 })]);
    const known = wardCodes(generateDemoData({ seed: "bench", days: 1 }).wardsCsv);
    const results = await collect(parseCaseCsv([text], { knownWardCodes: known }));
    expect(problemsOf(results)).toEqual([]);
    expect(results).toHaveLength(500);
  });
});
