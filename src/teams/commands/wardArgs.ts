import type { WardMode } from "../../domain/wards/ward.js";
import { WARD_MODES } from "../../domain/wards/ward.js";
import type { Parsed } from "./command.js";

const WARD_CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{1,19}$/;

export function parseWardCode(rest: string, usage: string): Parsed<{ code: string }> {
  const parts = rest.split(" ").filter(Boolean);
  if (parts.length !== 1 || !WARD_CODE.test(parts[0]!)) {
    return { ok: false, message: `Give one ward code. Usage: ${usage} (e.g. ${usage.split(" <")[0]} E05013805)` };
  }
  return { ok: true, args: { code: parts[0]! } };
}

export function parseWardMode(rest: string, usage: string): Parsed<{ code: string; mode: WardMode }> {
  const parts = rest.split(" ").filter(Boolean);
  const mode = parts[1]?.toLowerCase();
  if (parts.length !== 2 || !WARD_CODE.test(parts[0]!) || !(WARD_MODES as readonly string[]).includes(mode ?? "")) {
    return { ok: false, message: `Usage: ${usage}` };
  }
  return { ok: true, args: { code: parts[0]!, mode: mode as WardMode } };
}
