import { guidanceCard } from "../cards/referralCards.js";
import { card, defineCommand, noArgs } from "./command.js";

const usage = "/guide";

export const guide = defineCommand({
  name: "guide",
  usage,
  description: "The officers' briefing for reassurance contact",
  roles: "anyone",
  parse: noArgs(usage),
  handle: async ({ deps }) => card(guidanceCard({ paragraphs: [...deps.guidance], back: undefined })),
});
