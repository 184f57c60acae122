/** Figures as the report's readers see them; the JSON report carries them unrounded. */

export const percent = (x: number, digits = 1): string => `${(x * 100).toFixed(digits)}%`;

/** Risk differences in percentage points, signed. */
export const points = (x: number): string => `${x > 0 ? "+" : x < 0 ? "−" : ""}${Math.abs(x * 100).toFixed(1)}`;

export const ratio = (x: number): string => x.toFixed(2);

/** Two decimals hide the difference between 0.049 and 0.051, so small p-values get three. */
export function formatP(p: number): string {
  if (p < 0.001) return "p < 0.001";
  return `p = ${p < 0.1 ? p.toFixed(3) : p.toFixed(2)}`;
}

export const whole = (x: number): string => Math.round(x).toLocaleString("en-GB");

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
