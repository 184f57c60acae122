import { describe, expect, it } from "vitest";
import { referralCard, strayCopyCard } from "../../../src/teams/cards/referralCards.js";
import { cardSchemaErrors } from "../../helpers/cardSchema.js";
import { executeActions, textsIn } from "./cardWalk.js";
import { REFERRAL_ID, VERSION, referralViews } from "./referralFixtures.js";

const NONCE = "0b6c1f52-6d2e-4a5b-9c8d-7e6f5a4b3c2d";

describe("which posted copy a referral card is", () => {
  it.each(Object.entries(referralViews))("%s: every button, and the refresh, carries the copy's nonce and nothing more", (_state, view) => {
    const card = referralCard({ ...view, cardNonce: NONCE, refreshUserIds: ["29:sue"] });
    expect(cardSchemaErrors(card)).toEqual([]);
    const actions = executeActions(card);
    expect(actions.length).toBeGreaterThan(1);
    for (const action of actions) expect(action.data).toEqual({ verb: action.verb, referralId: REFERRAL_ID, version: VERSION, card: NONCE });
  });

  it("carries no nonce on cards posted before copies had one", () => {
    for (const action of executeActions(referralCard(referralViews.unclaimedForAnyone))) expect(action.data).not.toHaveProperty("card");
  });

  it("turns a stray copy into a notice with no buttons and no case details", () => {
    const notice = strayCopyCard();
    expect(cardSchemaErrors(notice)).toEqual([]);
    expect(executeActions(notice)).toEqual([]);
    expect(textsIn(notice)[0]).toBe("This referral was posted twice; use the other thread.");
  });
});
