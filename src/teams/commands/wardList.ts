import { card, defineCommand, noArgs } from "./command.js";
import { renderCard } from "../cards/render.js";
import { wardListView } from "../views/wardList.js";

const usage = "/ward list";
const roles = ["admin", "hcop", "supervisor", "inspector"] as const;

export const wardList = defineCommand({
  name: "ward list",
  usage,
  description: "Each ward with its channel and mode",
  roles,
  parse: noArgs(usage),
  async handle({ deps }) {
    const wards = await deps.wards.list();
    return card(renderCard("ward-list", wardListView(wards)));
  },
});
