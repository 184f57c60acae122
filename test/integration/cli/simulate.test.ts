import { beforeAll, describe, expect, it } from "vitest";
import { FakeConnector } from "../../../src/simulation/fakeConnector.js";
import { pilotInputs, simulatePilot, type PilotRun } from "../../../src/simulation/pilot.js";
import { runCli } from "../../helpers/cli.js";

const MINUTES = 60_000;

/** At most `sds` binomial standard deviations from n·p. */
function withinBinomial(count: number, n: number, p: number, sds = 4): boolean {
  return Math.abs(count - n * p) <= sds * Math.sqrt(n * p * (1 - p));
}

// Words of the product's own vocabulary: "other" is a contact method and a support-referral choice on every form.
const UI_WORDS = new Set(["other"]);

describe("reassure simulate pilot", () => {
  it("prints the same report for the same seed, and a different one for another seed", { timeout: 10 * MINUTES }, async () => {
    const args = (seed: string) => ["simulate", "pilot", "--seed", seed, "--cases", "80", "--json"];
    const first = await runCli(args("alpha"));
    expect(first.code, first.stderr).toBe(0);
    const again = await runCli(args("alpha"));
    const other = await runCli(args("beta"));
    expect(again.stdout).toBe(first.stdout);
    expect(other.code, other.stderr).toBe(0);
    expect(other.stdout).not.toBe(first.stdout);
    const report = JSON.parse(first.stdout);
    expect(report.flow.assessed).toBe(80);
    expect(report.scope).toMatchObject({ period: "Whole trial", area: "All wards" });
  });

  it("refuses impossible parameters before running anything", async () => {
    const risk = await runCli(["simulate", "pilot", "--seed", "x", "--control-attrition", "0.8", "--relative-reduction", "-0.5"]);
    expect(risk.code).toBe(2);
    expect(risk.stderr).toContain("must be a probability");
    const delivery = await runCli(["simulate", "pilot", "--seed", "x", "--delivery", "1.5"]);
    expect(delivery.code).toBe(2);
    expect(delivery.stderr).toContain("delivery: a probability from 0 to 1, got 1.5");
    const missing = await runCli(["simulate", "pilot"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--seed");
  });

  describe("a full pilot of 250 cases, watched from Teams and the logs", () => {
    const seed = "flow-and-privacy";
    const connector = new FakeConnector();
    const logged: string[] = [];
    const answers: unknown[] = [];
    let run: PilotRun;
    beforeAll(async () => {
      run = await simulatePilot(
        { seed, cases: 250, controlAttrition: 0.31, relativeReduction: 0.22, delivery: 0.85 },
        { connector, onAnswer: (body) => answers.push(body), logLevel: "trace", logDestination: { write: (line: string) => void logged.push(line) } },
      );
    }, 10 * MINUTES);

    it("counts every case once, from intake to outcome", () => {
      const { cases } = pilotInputs({ seed, cases: 250 });
      const crimes = cases.filter((c) => c.line.split(",")[3] === "crime").length;
      const { flow, delivery } = run.report;
      expect(flow.assessed).toBe(250);
      expect(flow.ineligible.total).toBe(250 - crimes);
      expect(flow.randomised).toBe(crimes);
      expect(flow.notAllocated).toBe(0);
      expect(flow.src.allocated + flow.bau.allocated).toBe(crimes);
      // Permuted blocks of 4 and 6 per borough: the arms differ by at most half a block in each of the four strata.
      expect(Math.abs(flow.src.allocated - flow.bau.allocated)).toBeLessThanOrEqual(12);
      expect(flow.src.delivered + flow.src.notDelivered.total).toBe(flow.src.allocated);
      expect(flow.src.notDelivered.unableToContact + flow.src.notDelivered.unclaimed).toBe(flow.src.notDelivered.total);
      expect(withinBinomial(flow.src.delivered, flow.src.allocated, 0.85)).toBe(true);
      expect(delivery).toMatchObject({ count: flow.src.delivered, of: flow.src.allocated });
      for (const arm of [flow.src, flow.bau]) expect(arm).toMatchObject({ outcomeKnown: arm.allocated, analysed: arm.allocated, inFollowUp: 0, censored: 0 });
      // Every SRC card was posted to its ward's channel; the connector saw each one once.
      expect(connector.posts()).toHaveLength(flow.src.allocated);
    });

    it("never puts an offence or a strand in a Teams message, a card shown on a click, or a log line", () => {
      const { cases } = pilotInputs({ seed, cases: 250 });
      const offences = new Set(cases.map((c) => c.offence).filter(Boolean));
      const strands = new Set(cases.flatMap((c) => c.strands));
      expect(offences.size).toBeGreaterThanOrEqual(5);
      expect(strands.size).toBeGreaterThanOrEqual(3);
      const sent = connector.requests.map((r) => JSON.stringify(r.body ?? "")).join("\n");
      const shown = answers.map((a) => JSON.stringify(a)).join("\n");
      const logs = logged.join("");
      // The scan sees what it should: posts and click answers carry crime references and forms, and the logs are there.
      expect(sent).toContain(cases.find((c) => c.eligible)!.crimeRef);
      expect(shown).toContain("Victim Support");
      expect(logged.length).toBeGreaterThan(100);
      for (const term of [...offences, ...strands].filter((t) => !UI_WORDS.has(t))) {
        const pattern = new RegExp(`\\b${term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`, "i");
        expect(pattern.test(sent), `Teams received "${term}"`).toBe(false);
        expect(pattern.test(shown), `a card answering a click holds "${term}"`).toBe(false);
        expect(pattern.test(logs), `a log line holds "${term}"`).toBe(false);
      }
    });
  });

  it("finds the effect it was given: full delivery, half the attrition, 2000 cases", { timeout: 20 * MINUTES }, async () => {
    const { code, stdout, stderr } = await runCli(["simulate", "pilot", "--seed", "effect", "--cases", "2000", "--delivery", "1", "--relative-reduction", "0.5", "--json"]);
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout);
    const attrition = report.outcomes.attrition;
    const { src, bau } = attrition;
    expect(src.n + bau.n).toBe(report.flow.randomised);
    expect(report.delivery.rate).toBe(1);
    // The relative risk is the ratio of the two risks; the truth is 0.5.
    expect(attrition.result.rr).toBeCloseTo(src.events / src.n / (bau.events / bau.n), 10);
    expect(attrition.result.rr).toBeGreaterThan(0.35);
    expect(attrition.result.rr).toBeLessThan(0.65);
    expect(attrition.result.rrUpper).toBeLessThan(1);
    expect(bau.events / bau.n).toBeGreaterThan(0.25);
    expect(bau.events / bau.n).toBeLessThan(0.37);
  });
});
