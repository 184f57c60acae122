import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chiSquare1Sf, logGamma, normalCdf, normalQuantile, Z_975 } from "../../../src/stats/index.js";
import { expected, relativeMismatch } from "./expectedValues.js";

const { normal } = expected;

describe("normal distribution and relatives against R", () => {
  it("Z_975 is qnorm(0.975), not 1.96", () => {
    expect(relativeMismatch(Z_975, normal.qnorm975, 1e-15)).toBeNull();
  });

  it.each(normal.quantiles)("normalQuantile($p) = qnorm", ({ p, z }) => {
    expect(relativeMismatch(normalQuantile(p), z, 1e-13)).toBeNull();
  });

  it.each(normal.cdf)("normalCdf($x) = pnorm", ({ x, p }) => {
    expect(relativeMismatch(normalCdf(x), p, 1e-13)).toBeNull();
  });

  it.each(normal.chiSquare1Sf)("chiSquare1Sf($x) = pchisq(x, 1, lower.tail = FALSE)", ({ x, p }) => {
    expect(relativeMismatch(chiSquare1Sf(x), p, 1e-12)).toBeNull();
  });

  it.each(normal.lgamma)("logGamma($x) = lgamma", ({ x, value }) => {
    const error = Math.abs(logGamma(x) - value);
    // Absolute near ln Γ = 0 (x = 1), relative elsewhere.
    expect(error).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(value)));
  });
});

describe("normal distribution identities", () => {
  it("normalCdf inverts normalQuantile", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (p) => {
        const roundTrip = normalCdf(normalQuantile(p));
        expect(Math.abs(roundTrip - p)).toBeLessThanOrEqual(1e-13 * Math.min(p, 1 - p) + 1e-16);
      }),
      { numRuns: 2000 },
    );
  });

  it("Φ(x) + Φ(−x) = 1", () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (x) => {
        expect(Math.abs(normalCdf(x) + normalCdf(-x) - 1)).toBeLessThanOrEqual(2e-16);
      }),
      { numRuns: 2000 },
    );
  });

  it("handles the ends of the domain", () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(chiSquare1Sf(0)).toBe(1);
  });
});
