import type { Ward, WardBinding } from "../../domain/wards/ward.js";

export interface WardListView {
  summary: string;
  boroughs: { name: string; wards: { code: string; name: string; mode: string; channel: string; channelColour: "Default" | "Attention" | "Warning" }[] }[];
}

export function wardListView(rows: readonly { ward: Ward; binding: WardBinding | undefined }[]): WardListView {
  if (rows.length === 0) return { summary: "No wards loaded yet. Import them with `reassure wards import <file.csv>`.", boroughs: [] };
  const byBorough = new Map<string, WardListView["boroughs"][number]["wards"]>();
  let bound = 0;
  for (const { ward, binding } of rows) {
    if (binding?.status === "active") bound++;
    const channel = !binding ? "not bound" : binding.status === "broken" ? "binding broken — bind again" : "bound";
    const channelColour = !binding ? "Warning" : binding.status === "broken" ? "Attention" : "Default";
    const list = byBorough.get(ward.borough) ?? [];
    list.push({ code: ward.code, name: ward.name, mode: ward.enabled ? ward.mode : "disabled", channel, channelColour });
    byBorough.set(ward.borough, list);
  }
  const modes = (mode: string) => rows.filter((r) => r.ward.mode === mode).length;
  return {
    summary: `${rows.length} wards, ${bound} bound to a channel. Trial ${modes("trial")}, rollout ${modes("rollout")}, off ${modes("off")}.`,
    boroughs: [...byBorough.entries()].map(([name, wards]) => ({ name, wards })),
  };
}
