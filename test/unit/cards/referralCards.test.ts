import { describe, expect, it } from "vitest";
import {
  alertCard,
  attemptFormCard,
  completeFormCard,
  guidanceCard,
  mineCard,
  reassignFormCard,
  referralCard,
} from "../../../src/teams/cards/referralCards.js";
import { cardSchemaErrors } from "../../helpers/cardSchema.js";
import { body, buttons, errorLinesAfter, executeActions, inputs, objectsIn, textsIn } from "./cardWalk.js";
import {
  COMPLETE_ERROR_IDS,
  REFERRAL_ID,
  VERSION,
  alertViews,
  allRenderedCards,
  attemptForms,
  completeForms,
  guidanceViews,
  mineViews,
  reassignForms,
  referralViews,
} from "./referralFixtures.js";

const rendered = allRenderedCards();
const verbsOf = (card: Record<string, unknown>) => buttons(card).map((b) => b.verb);
const facts = (card: Record<string, unknown>) =>
  Object.fromEntries(
    (body(card).find((e) => e.type === "FactSet")!.facts as { title: string; value: string }[]).map((f) => [f.title, f.value]),
  );

describe("every referral card, in every state", () => {
  it("covers each template at least once", () => {
    expect(new Set(rendered.map((c) => c.template))).toEqual(
      new Set(["referral", "referral-attempt-form", "referral-complete-form", "referral-reassign-form", "guidance", "coordination-alert", "mine", "referral-stray-copy"]),
    );
  });

  it.each(rendered.map((c) => [c.name, c] as const))("%s is a valid Adaptive Card 1.5", (_name, { card }) => {
    expect(card.version).toBe("1.5");
    expect(card.$schema).toBe("http://adaptivecards.io/schemas/adaptive-card.json");
    expect(cardSchemaErrors(card)).toEqual([]);
  });

  it.each(rendered.map((c) => [c.name, c] as const))("%s has no unexpanded template expressions", (_name, { card }) => {
    expect(JSON.stringify(card)).not.toMatch(/\$\{|"\$when"|"\$data"/);
  });

  it.each(rendered.map((c) => [c.name, c] as const))("%s: every Action.Execute carries only verb, referralId and version", (_name, { card }) => {
    for (const action of executeActions(card)) {
      const data = action.data as Record<string, unknown>;
      expect(Object.keys(data).sort()).toEqual(["referralId", "verb", "version"]);
      expect(data).toEqual({ verb: action.verb, referralId: REFERRAL_ID, version: VERSION });
      expect(typeof data.referralId).toBe("number");
      expect(typeof data.version).toBe("number");
    }
  });

  it.each(rendered.map((c) => [c.name, c] as const))("%s matches its snapshot", (_name, { card }) => {
    expect(card).toMatchSnapshot();
  });
});

describe("referral card", () => {
  it("shows the crime reference, ward, times, status and attempts", () => {
    const card = referralCard(referralViews.unclaimedForAnyone);
    expect(textsIn(card)).toContain("Reassurance contact — 3012345/24");
    expect(facts(card)).toEqual({
      Ward: "Abbey (E05013805)",
      Referred: "Tue 2 Apr 2024, 09:15",
      "Claim by": "Tue 2 Apr 2024, 17:00",
      "Contact due by": "Thu 4 Apr 2024, 17:00",
      Attempts: "None yet",
    });
    const status = objectsIn(card).find((o) => o.text === "Waiting for an officer to claim it");
    expect(status).toMatchObject({ type: "TextBlock", color: "Warning" });
    expect(textsIn(card)).toContain("Open the crime record in the CMS for the victim's details. Do not post personal details here.");
  });

  it("colours the status as the view says", () => {
    const card = referralCard(referralViews.unableToContact);
    expect(objectsIn(card).find((o) => o.text === "Unable to contact")).toMatchObject({ type: "TextBlock", color: "Attention" });
  });

  it("names the claimant only once claimed", () => {
    expect(facts(referralCard(referralViews.unclaimedForAnyone))).not.toHaveProperty("Claimed by");
    expect(facts(referralCard(referralViews.claimedForAnotherOfficer))["Claimed by"]).toBe("Olu Officer");
  });

  it.each([
    ["unclaimedForAnyone", ["claim", "guide"]],
    ["claimedForClaimant", ["attemptForm", "completeForm", "release", "guide"]],
    ["claimedForClaimantAfterAttempts", ["attemptForm", "completeForm", "unable", "release", "guide"]],
    ["claimedForSupervisor", ["release", "reassignForm", "guide"]],
    ["claimedForAnotherOfficer", ["guide"]],
    ["completed", ["guide"]],
    ["unableToContact", ["guide"]],
  ] as const)("%s shows buttons %j", (state, verbs) => {
    expect(verbsOf(referralCard(referralViews[state]))).toEqual(verbs);
  });

  it("labels the buttons and marks claim and complete as the positive ones", () => {
    const card = referralCard({
      ...referralViews.unclaimedForAnyone,
      actions: { claim: true, attempt: true, complete: true, unable: true, release: true, reassign: true },
    });
    expect(buttons(card).map((b) => [b.title, b.verb, b.style ?? null])).toEqual([
      ["Claim", "claim", "positive"],
      ["Record attempt", "attemptForm", null],
      ["Complete", "completeForm", "positive"],
      ["Unable to contact", "unable", null],
      ["Release", "release", null],
      ["Reassign", "reassignForm", null],
      ["Guidance", "guide", null],
    ]);
  });

  it("asks Teams to refresh for the listed users only, and has no refresh when nobody is listed", () => {
    const withUsers = referralCard(referralViews.claimedForClaimant);
    expect(withUsers.refresh).toEqual({
      action: {
        type: "Action.Execute",
        title: "Refresh",
        verb: "refresh",
        data: { verb: "refresh", referralId: REFERRAL_ID, version: VERSION },
      },
      userIds: ["29:olu-officer", "29:sam-supervisor"],
    });
    const withoutUsers = referralCard(referralViews.unclaimedForAnyone);
    expect(withoutUsers).not.toHaveProperty("refresh");
    // The compiled template is cached: dropping refresh from one card must not leak into the next.
    expect(referralCard(referralViews.claimedForSupervisor).refresh).toBeDefined();
  });

  it("shows the banner first, only when there is one", () => {
    expect(body(referralCard(referralViews.withBanner))[0]).toMatchObject({
      type: "TextBlock",
      text: "Claimed by Olu Officer at 10:02 while you were looking.",
    });
    expect(body(referralCard(referralViews.claimedForAnotherOfficer))[0]).toMatchObject({ text: "Reassurance contact — 3012345/24" });
  });

  it("shows the closing summary only on a closed referral", () => {
    expect(textsIn(referralCard(referralViews.completed))).toContain("Contacted by phone on Wed 3 Apr 2024, 10:20 by Olu Officer.");
    expect(textsIn(referralCard(referralViews.claimedForClaimant))).toEqual([
      "Reassurance contact — 3012345/24",
      "Status",
      "Claimed — contact due by Thu 4 Apr 2024, 17:00",
      "Open the crime record in the CMS for the victim's details. Do not post personal details here.",
    ]);
  });

  it("keeps ids and versions as numbers whatever their size", () => {
    const card = referralCard({ ...referralViews.unclaimedForAnyone, referralId: 0, version: 123456789 });
    expect(buttons(card)[0]!.data).toEqual({ verb: "claim", referralId: 0, version: 123456789 });
  });
});

describe("attempt form", () => {
  it("asks for method, date and time, prefilled", () => {
    const card = attemptFormCard(attemptForms.fresh);
    expect(textsIn(card)[0]).toBe("Record an unsuccessful attempt — 3012345/24");
    expect(inputs(card).map((i) => [i.type, i.id, i.value])).toEqual([
      ["Input.ChoiceSet", "method", "phone"],
      ["Input.Date", "attemptDate", "2024-04-02"],
      ["Input.Time", "attemptTime", "18:40"],
    ]);
    const method = inputs(card)[0]!;
    expect(method).toMatchObject({ style: "compact", isRequired: true });
    expect(method.choices).toEqual([
      { title: "Phone", value: "phone" },
      { title: "In person", value: "in_person" },
    ]);
    for (const input of inputs(card)) expect(typeof input.label).toBe("string");
    for (const id of ["method", "attemptDate", "attemptTime"]) expect(errorLinesAfter(card, id)).toEqual([]);
  });

  it("shows each error under its own input", () => {
    const card = attemptFormCard(attemptForms.withErrors);
    expect(errorLinesAfter(card, "method")).toEqual(["Choose how you tried to make contact."]);
    expect(errorLinesAfter(card, "attemptDate")).toEqual(["The attempt cannot be in the future."]);
    expect(errorLinesAfter(card, "attemptTime")).toEqual(["Enter a time like 14:30."]);
  });

  it("saves with the inputs and cancels without them", () => {
    const card = attemptFormCard(attemptForms.fresh);
    expect(buttons(card).map((b) => [b.title, b.verb, b.associatedInputs])).toEqual([
      ["Save attempt", "attempt", "auto"],
      ["Cancel", "refresh", "none"],
    ]);
  });
});

describe("complete form", () => {
  it("has exactly the inputs the completion handler reads, prefilled from the values", () => {
    const card = completeFormCard(completeForms.withErrors);
    expect(textsIn(card)[0]).toBe("Complete the contact — 3012345/24");
    expect(inputs(card).map((i) => [i.id, i.type, i.value])).toEqual([
      ["method", "Input.ChoiceSet", "in_person"],
      ["contactDate", "Input.Date", "2024-04-03"],
      ["contactTime", "Input.Time", "10:20"],
      ["riskAssessment", "Input.ChoiceSet", "not_done"],
      ["riskAssessmentReason", "Input.Text", ""],
      ["supportReferral", "Input.ChoiceSet", "other"],
      ["supportOrganisation", "Input.Text", ""],
      ["wantsStatement", "Input.ChoiceSet", "yes"],
      ["notes", "Input.Text", "Reassured; will call back next week."],
    ]);
  });

  it("offers the configured choices, expanded where there are few", () => {
    const byId = Object.fromEntries(inputs(completeFormCard(completeForms.fresh)).map((i) => [i.id, i]));
    expect(byId.riskAssessment).toMatchObject({ style: "expanded" });
    expect((byId.riskAssessment!.choices as { value: string }[]).map((c) => c.value)).toEqual(["done", "already", "not_done"]);
    expect(byId.supportReferral).toMatchObject({ style: "expanded" });
    expect((byId.supportReferral!.choices as { value: string }[]).map((c) => c.value)).toEqual(["victim_support", "already", "other", "declined"]);
    expect(byId.wantsStatement).toMatchObject({
      style: "expanded",
      label: "Does the victim wish to give a statement?",
      choices: [
        { title: "Yes", value: "yes" },
        { title: "No", value: "no" },
      ],
    });
    expect(byId.riskAssessmentReason).toMatchObject({ placeholder: "If not done, why" });
    expect(byId.supportOrganisation).toMatchObject({ placeholder: "If other, which organisation" });
    expect(byId.notes).toMatchObject({ isMultiline: true, maxLength: 500, label: "Notes (optional)" });
  });

  it("warns against personal details next to the notes", () => {
    const card = completeFormCard(completeForms.fresh);
    const items = body(card);
    const notesAt = items.findIndex((e) => e.id === "notes");
    expect(items[notesAt + 1]).toMatchObject({
      type: "TextBlock",
      text: "Do not enter the victim's name, address, phone number or other personal details.",
    });
  });

  it("shows each error under its own input and none on a fresh form", () => {
    const withErrors = completeFormCard(completeForms.withErrors);
    const fresh = completeFormCard(completeForms.fresh);
    for (const id of COMPLETE_ERROR_IDS) {
      expect(errorLinesAfter(withErrors, id)).toEqual([`Error for ${id}.`]);
      expect(errorLinesAfter(fresh, id)).toEqual([]);
    }
  });

  it("completes with the inputs and cancels without them", () => {
    expect(buttons(completeFormCard(completeForms.fresh)).map((b) => [b.title, b.verb, b.associatedInputs])).toEqual([
      ["Complete", "complete", "auto"],
      ["Cancel", "refresh", "none"],
    ]);
  });
});

describe("reassign form", () => {
  it("offers the known officers", () => {
    const card = reassignFormCard(reassignForms.withOfficers);
    expect(inputs(card)).toHaveLength(1);
    expect(inputs(card)[0]).toMatchObject({
      id: "assignee",
      type: "Input.ChoiceSet",
      choices: [
        { title: "Olu Officer", value: "aad-olu" },
        { title: "Pat PCSO", value: "aad-pat" },
      ],
    });
    expect(buttons(card).map((b) => [b.title, b.verb])).toEqual([
      ["Reassign", "reassign"],
      ["Cancel", "refresh"],
    ]);
    expect(errorLinesAfter(card, "assignee")).toEqual([]);
  });

  it("shows an error under the choice", () => {
    expect(errorLinesAfter(reassignFormCard(reassignForms.withOfficersAndError), "assignee")).toEqual([
      "Pat PCSO no longer has a Reassure role.",
    ]);
  });

  it("says so and offers only Cancel when nobody can take it", () => {
    const card = reassignFormCard(reassignForms.withoutOfficers);
    expect(inputs(card)).toEqual([]);
    expect(textsIn(card)).toContain("No officers with a Reassure role are known yet.");
    expect(verbsOf(card)).toEqual(["refresh"]);
  });
});

describe("guidance card", () => {
  it("shows the paragraphs in order and a Back button to the referral", () => {
    const card = guidanceCard(guidanceViews.withBack);
    expect(textsIn(card)).toEqual([
      "Guidance for reassurance contact",
      "Contact the victim by phone or in person, as they prefer.",
      "Complete a risk assessment and make support referrals if not yet done.",
    ]);
    expect(buttons(card)).toMatchObject([
      { type: "Action.Execute", title: "Back to the referral", verb: "refresh", data: { verb: "refresh", referralId: REFERRAL_ID, version: VERSION } },
    ]);
  });

  it("has no buttons when not opened from a referral", () => {
    expect(buttons(guidanceCard(guidanceViews.withoutBack))).toEqual([]);
  });
});

describe("coordination alert", () => {
  it("shows the title in Attention colour and the fix in monospace", () => {
    const card = alertCard(alertViews.unboundWard);
    const blocks = objectsIn(card).filter((o) => o.type === "TextBlock");
    expect(blocks[0]).toMatchObject({ text: "Ward has no channel", color: "Attention" });
    expect(blocks[1]).toMatchObject({ text: alertViews.unboundWard.text });
    expect(blocks[2]).toMatchObject({ text: "In the ward's channel send: @Reassure /ward bind E05013806", fontType: "Monospace" });
  });
});

describe("my claims", () => {
  it("shows just the summary when there are no claims", () => {
    expect(textsIn(mineCard(mineViews.empty))).toEqual(["Your referrals", "You have no open claims."]);
  });

  it("shows one row per claim, overdue ones in Attention colour", () => {
    const card = mineCard(mineViews.withClaims);
    const rows = body(card).filter((e) => e.type === "Container");
    expect(rows.map(textsIn)).toEqual([
      ["3012345/24", "Abbey", "Contact due by Thu 4 Apr 2024, 17:00", "None yet"],
      ["3011111/24", "Tooting Broadway", "Overdue: contact was due by Mon 1 Apr 2024, 17:00", "2 unsuccessful (last Tue 2 Apr 2024, 09:00)"],
    ]);
    const dueLine = (row: Record<string, unknown>) => objectsIn(row).find((o) => typeof o.text === "string" && o.text.includes("due by"));
    expect(dueLine(rows[0]!)).toMatchObject({ color: "Default" });
    expect(dueLine(rows[1]!)).toMatchObject({ color: "Attention" });
  });
});
