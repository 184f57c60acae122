import type { StatusFilter } from "../compliance/period.js";
import type { WardRef } from "../compliance/statusReport.js";
import { selectArea, type WardName } from "../trialStats/area.js";

export type VisibleSelection = { ok: true; wards: WardRef[]; label: string } | { ok: false; message: string };

const named = (wards: readonly WardRef[]) => wards.map((w) => `${w.name} (${w.code})`).join(", ");

/**
 * The wards a /status request names, within those the reader may see. A supervisor asking for a ward or borough
 * outside their own is told so and given nothing of it; unknown names get the known ones (selectArea, as /stats).
 */
export function selectVisibleWards(
  filter: StatusFilter,
  all: readonly WardName[],
  visible: readonly WardName[],
  seesAll: boolean,
  /** A reader of whole BCUs (an HCOP or inspector of one): how their area is named and explained. */
  bcuReader?: { label: string; yours: string },
): VisibleSelection {
  const area = selectArea(filter, all);
  if (!area.ok) return area;
  const yours = bcuReader?.yours ?? `You supervise ${named(visible)}.`;
  if (area.wardCodes === undefined) return { ok: true, wards: [...visible], label: seesAll ? area.label : (bcuReader?.label ?? `Your wards: ${named(visible)}`) };
  const named_ = new Set(area.wardCodes);
  const inArea = visible.filter((w) => named_.has(w.code));
  if (filter.kind === "ward") {
    if (inArea.length === 0) {
      const ward = all.find((w) => named_.has(w.code))!;
      return { ok: false, message: `${ward.name} (${ward.code}) is not one of your wards, so its figures are not shown. ${yours}` };
    }
    return { ok: true, wards: inArea, label: area.label };
  }
  const first = all.find((w) => named_.has(w.code))!;
  const place = filter.kind === "bcu" ? `BCU ${first.bcu}` : first.borough;
  if (inArea.length === 0) return { ok: false, message: `None of your wards is in ${place}. ${yours}` };
  if (bcuReader && inArea.length < area.wardCodes.length) return { ok: false, message: `${area.label} is not all within your BCU, so its figures are not shown. ${yours}` };
  return { ok: true, wards: inArea, label: seesAll || bcuReader ? area.label : `Your wards in ${place}: ${named(inArea)}` };
}
