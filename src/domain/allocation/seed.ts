import { randomBytes } from "node:crypto";

/** 256 bits by default: the seed is the only secret between the allocation list and anyone who can read the code. */
export function generateTrialSeed(byteLength = 32): string {
  if (!Number.isSafeInteger(byteLength) || byteLength < 16) {
    throw new RangeError("A trial seed needs at least 16 random bytes");
  }
  return randomBytes(byteLength).toString("hex");
}
