import type { Figures, OfficerStatus, StatusReport } from "../../domain/compliance/statusReport.js";

// A Teams message holds about 28 KB; past these the rest is counted, not listed.
const MAX_WARDS = 30;
const MAX_OFFICERS = 30;
const MAX_OVERDUE = 25;

/** One row of a two-column table (an Adaptive Card FactSet): a name, then its figures in words. */
export interface StatusRow {
  title: string;
  value: string;
}

export interface StatusOverdueLine {
  crimeRef: string;
  detail: string;
}

/** Every value is text, worded here. Crime references only, never case details. */
export interface StatusView {
  period: string;
  scope: string;
  asAt: string;
  summary: string;
  /** For the HCOP: messages held because a channel is not bound, and the command that releases them. */
  held: string[];
  rule: string;
  totals: StatusRow;
  boroughs: { name: string; wards: StatusRow[] }[];
  wardsMore: string;
  quiet: string;
  showOfficers: boolean;
  officers: StatusRow[];
  officersMore: string;
  overdueTitle: string;
  overdue: StatusOverdueLine[];
  overdueMore: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const percent = (share: number | null) => (share === null ? "—" : `${Math.round(share * 100)}%`);
const decimal = (value: number) => value.toFixed(1);
const more = (total: number, shown: number, what: string) => (total > shown ? `… and ${total - shown} more ${what}.` : "");

function figures(f: Figures): string {
  return [
    `referred ${f.referred}`,
    `contacted ${f.delivered} (${percent(f.compliance)})`,
    `open ${f.open}${f.unclaimed > 0 ? ` (${f.unclaimed} unclaimed)` : ""}`,
    `overdue ${f.overdue}`,
    `claimed ${f.claimed}`,
    `unable to contact ${f.unableToContact}`,
    f.expired > 0 ? `closed before contact ${f.expired}` : "",
    `median to claim ${f.medianClaimWorkingHours === null ? "—" : `${decimal(f.medianClaimWorkingHours)} working hours`}`,
    `median to contact ${f.medianContactWorkingDays === null ? "—" : `${decimal(f.medianContactWorkingDays)} working days`}`,
  ]
    .filter(Boolean)
    .join(" · ");
}

function officerFigures(o: OfficerStatus): string {
  return `claimed ${o.claimed} · contacted ${o.delivered} · unable to contact ${o.unableToContact} · open ${o.open} · overdue ${o.overdue} — ${o.wardNames.join(", ")}`;
}

export function statusView(report: StatusReport, format: (at: Date) => string, held: readonly string[] = []): StatusView {
  const { totals } = report;
  const summary =
    totals.referred === 0
      ? "No referrals in this period."
      : `${plural(totals.referred, "case")} referred, ${plural(totals.delivered, "contact")} made (${percent(totals.compliance)}), ` +
        `${totals.open} still open, ${totals.overdue} overdue.`;

  const shownWards = report.wards.slice(0, MAX_WARDS);
  const boroughs: StatusView["boroughs"] = [];
  for (const ward of shownWards) {
    const line = { title: ward.name, value: figures(ward) };
    const last = boroughs.at(-1);
    if (last?.name === ward.borough) last.wards.push(line);
    else boroughs.push({ name: ward.borough, wards: [line] });
  }

  const officers = report.officers ?? [];
  const overdue = report.overdue.slice(0, MAX_OVERDUE);
  return {
    period: report.period.label,
    scope: report.scopeLabel,
    asAt: `Figures as at ${format(report.at)}.`,
    summary,
    held: [...held],
    rule: report.rule,
    totals: { title: "Total", value: figures(totals) },
    boroughs,
    wardsMore: more(report.wards.length, shownWards.length, "wards: narrow with ward <code> or borough <name>"),
    quiet: report.quietWards > 0 ? `${plural(report.quietWards, "other ward")} had no referrals in this period.` : "",
    showOfficers: officers.length > 0,
    officers: officers.slice(0, MAX_OFFICERS).map((o) => ({ title: o.name, value: officerFigures(o) })),
    officersMore: more(officers.length, MAX_OFFICERS, "officers"),
    overdueTitle: report.overdue.length === 0 ? "Nothing overdue." : `Overdue (${report.overdue.length}), most overdue first`,
    overdue: overdue.map((r) => ({
      crimeRef: r.crimeRef,
      detail: [
        r.wardName,
        `due ${format(r.contactDueAt)}`,
        `${decimal(r.overdueWorkingDays)} working days overdue`,
        r.claimant.kind === "officer" ? `claimed by ${r.claimant.name}` : r.claimant.kind === "unclaimed" ? "unclaimed" : "",
      ]
        .filter(Boolean)
        .join(" · "),
    })),
    overdueMore: more(report.overdue.length, overdue.length, "overdue referrals"),
  };
}
