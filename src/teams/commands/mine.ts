import { mineCard } from "../cards/referralCards.js";
import { card, defineCommand, noArgs } from "./command.js";

const usage = "/mine";

export const mine = defineCommand({
  name: "mine",
  usage,
  description: "Your open claims and when each contact is due",
  roles: ["officer", "supervisor"],
  parse: noArgs(usage),
  async handle({ caller, deps }) {
    const claims = await deps.referrals.openClaimsOf(caller.aadObjectId);
    const now = deps.clock.now();
    const overdue = claims.filter((r) => r.contactDueAt < now).length;
    return card(
      mineCard({
        summary: claims.length === 0 ? "You have no open claims." : `You have ${claims.length} open claim${claims.length === 1 ? "" : "s"}${overdue > 0 ? `, ${overdue} overdue` : ""}.`,
        claims: claims.map((r) => ({
          crimeRef: r.crimeRef,
          wardName: r.wardName,
          dueBy: deps.format(r.contactDueAt),
          overdue: r.contactDueAt < now,
          attemptsText: r.attempts.length === 0 ? "no attempts yet" : `${r.attempts.length} attempt${r.attempts.length === 1 ? "" : "s"}`,
        })),
      }),
    );
  },
});
