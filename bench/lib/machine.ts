import os from "node:os";

export interface Machine {
  cpus: string;
  memory: string;
  node: string;
  os: string;
  loadAtStart: string;
}

/** What the figures were measured on; ratios travel between machines better than absolute times, but not perfectly. */
export function describeMachine(): Machine {
  const cpus = os.cpus();
  const models = [...new Set(cpus.map((c) => `${c.model.trim()}${c.speed ? ` @ ${c.speed} MHz` : ""}`))];
  return {
    cpus: `${cpus.length} × ${models.join(", ")}`,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB total, ${(os.freemem() / 1024 ** 3).toFixed(1)} GiB free at start`,
    node: process.version,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    loadAtStart: loadAverage(),
  };
}

export function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" / ");
}
