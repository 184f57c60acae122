import type { AllocationReport } from "../../domain/allocation/allocationService.js";

const LIST_LIMIT = 40;

export interface AllocationResultView {
  summary: string;
  wards: { code: string; counts: string }[];
  referred: string[];
  referredText: string;
  pending: { crimeRef: string; reason: string }[];
  footnote: string;
}

/** Crime references, wards and counts only: an allocation card never shows victim details, strand or offence. */
export function allocationResultView(report: AllocationReport): AllocationResultView {
  const randomised = report.allocated.filter((a) => a.method === "randomised");
  const src = randomised.filter((a) => a.arm === "SRC").length;
  const rollout = report.allocated.length - randomised.length;
  const summary =
    report.allocated.length === 0
      ? "Nothing was allocated."
      : `${report.allocated.length} allocated: ${src} SRC and ${randomised.length - src} BAU by randomisation` + (rollout > 0 ? `, ${rollout} SRC in rollout wards.` : ".");
  const byWard = new Map<string, { src: number; bau: number; rollout: number }>();
  for (const a of report.allocated) {
    const w = byWard.get(a.wardCode) ?? { src: 0, bau: 0, rollout: 0 };
    if (a.method === "rollout") w.rollout++;
    else if (a.arm === "SRC") w.src++;
    else w.bau++;
    byWard.set(a.wardCode, w);
  }
  const wards = [...byWard.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, w]) => ({ code, counts: [w.src + w.bau > 0 ? `SRC ${w.src}, BAU ${w.bau}` : "", w.rollout > 0 ? `rollout SRC ${w.rollout}` : ""].filter(Boolean).join("; ") }));
  const referred = report.allocated.filter((a) => a.arm === "SRC").map((a) => a.crimeRef);
  const shown = referred.slice(0, LIST_LIMIT);
  const pending = [
    ...report.notAllocated.map((n) => ({ crimeRef: n.crimeRef, reason: n.reason })),
    ...report.alreadyAllocated.map((crimeRef) => ({ crimeRef, reason: "already allocated: an allocation is never redone" })),
    ...report.unknown.map((crimeRef) => ({ crimeRef, reason: "not received from the CMS" })),
  ];
  const notes = [
    referred.length > LIST_LIMIT ? `${referred.length - LIST_LIMIT} more referred cases are not listed.` : "",
    pending.length > LIST_LIMIT ? `${pending.length - LIST_LIMIT} more cases not allocated are not listed.` : "",
  ].filter(Boolean);
  return {
    summary,
    wards,
    referred: shown,
    referredText: shown.join("  ") + (referred.length > LIST_LIMIT ? " …" : ""),
    pending: pending.slice(0, LIST_LIMIT),
    footnote: notes.join(" "),
  };
}
