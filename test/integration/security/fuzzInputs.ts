import fc from "fast-check";
import { CASE_COLUMNS, DEFAULT_OFFENCES } from "../../../src/intake/index.js";
import { COMMANDS } from "../../../src/teams/commands/index.js";
import { ROLES } from "../../../src/domain/people/roles.js";
import { WARD_MODES } from "../../../src/domain/wards/ward.js";
import { WARDS } from "../../helpers/seed.js";

// Generators for the fuzz tests: arbitrary text and JSON, mixed with the pieces real input is made of, so that runs
// reach past the first "not a command" or "not JSON" check into parsing, authorisation and the domain.

const oneOf = <T>(...values: T[]) => fc.constantFrom(...values);

/** One UTF-16 unit's worth of text: any code point, or now and then half a surrogate pair (not valid Unicode). */
const anyCharacter = fc.oneof(
  { weight: 30, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit)) },
);
/** Any text: every Unicode code point, and lone surrogates. */
export const anyText = (maxLength = 60) => fc.string({ unit: anyCharacter, maxLength });
const longText = fc.integer({ min: 1_990, max: 5_000 }).chain((n) => fc.string({ unit: "binary-ascii", minLength: n, maxLength: n }));

const WARD_CODES = WARDS.map((w) => w.code);
const crimeRef = fc.tuple(fc.integer({ min: 0, max: 9_999_999 }), fc.integer({ min: 0, max: 99 })).map(([n, y]) => `${String(n).padStart(7, "0")}/${String(y).padStart(2, "0")}`);
const wardCode = fc.oneof(oneOf(...WARD_CODES), fc.integer({ min: 0, max: 99_999_999 }).map((n) => `E${String(n).padStart(8, "0")}`), anyText(12));

// ---------- command text ----------

const commandWords = [...new Set(COMMANDS.flatMap((c) => c.usage.split(/[\s[\]|<>…]+/)).filter(Boolean))];
const WHITESPACE = [" ", "  ", "\t", "\n", "\r\n", "\u00a0", "&nbsp;", "\u2028", "\u200b", "\u3000"];
const MARKUP = ["<p>", "</p>", "<div>", "</div>", "<br>", "<br/>", "<b>", "</b>", "<at>", "</at>", "<script>alert(1)</script>", "&lt;", "&amp;", "<at>Reassure</at>", '"', "'", "`", "\\", "$&", "$1"];

/** Text people type to the bot, and text nobody would. */
export function commandText(options: { guids: readonly string[]; mentionNames: readonly string[] }): fc.Arbitrary<string> {
  const token = fc.oneof(
    { weight: 6, arbitrary: fc.mixedCase(oneOf(...commandWords)) },
    { weight: 3, arbitrary: oneOf(...commandWords).map((w) => (w.startsWith("/") ? w : `/${w}`)) },
    { weight: 2, arbitrary: oneOf(...ROLES, ...WARD_MODES, "this week", "last week", "from", "to", "ward", "borough", "Merton") },
    { weight: 2, arbitrary: fc.oneof(fc.uuid(), oneOf(...options.guids)) },
    { weight: 2, arbitrary: wardCode },
    { weight: 2, arbitrary: crimeRef },
    { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
    { weight: 2, arbitrary: fc.oneof(oneOf(...options.mentionNames), anyText(10)).map((name) => `<at>${name}</at>`) },
    { weight: 2, arbitrary: oneOf(...MARKUP) },
    { weight: 2, arbitrary: oneOf(...WHITESPACE) },
    { weight: 2, arbitrary: anyText(12) },
    { weight: 1, arbitrary: fc.integer().map(String) },
  );
  const separator = fc.oneof({ weight: 8, arbitrary: fc.constant(" ") }, { weight: 1, arbitrary: oneOf(...WHITESPACE) }, { weight: 1, arbitrary: fc.constant("") });
  const tokens = (maxLength: number) => fc.array(fc.tuple(token, separator), { maxLength }).map((parts) => parts.map(([t, s]) => t + s).join(""));
  // A real command's words first (any case, slash or not, odd spacing), then arguments good and bad.
  const name = fc.tuple(fc.mixedCase(oneOf(...COMMANDS.map((c) => c.name))), fc.boolean(), separator).map(([n, slash, sep]) => `${slash ? "/" : ""}${n.replace(/ /g, sep || " ")}`);
  const args = fc.oneof({ weight: 1, arbitrary: fc.constant("") }, { weight: 2, arbitrary: tokens(4) });
  const commandLed = fc.tuple(name, separator, args).map(([n, sep, rest]) => `${n}${sep}${rest}`.trimEnd());
  return fc.oneof({ weight: 6, arbitrary: commandLed }, { weight: 3, arbitrary: tokens(8) }, { weight: 2, arbitrary: anyText(200) }, { weight: 1, arbitrary: longText });
}

// ---------- JSON text ----------

const PROTOTYPE_KEYS = ["__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty", "__defineGetter__"];

/** A number as JSON text, including ones JavaScript cannot hold exactly (or at all: 1e309 parses as Infinity). */
const numberText = fc.oneof(
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
  oneOf("0", "-0", "1", "-1", "0.5", "1.0", "9007199254740991", "9007199254740993", "1e21", "1e309", "-1e309", "1e-400", "123456789012345678901234567890"),
);
const stringText = fc.oneof(anyText(40), longText).map((s) => JSON.stringify(s));

/** JSON text whose objects may repeat keys and carry "__proto__" as an own key, as a hostile client can send. */
export function jsonText(keys: fc.Arbitrary<string> = fc.oneof(oneOf(...PROTOTYPE_KEYS), anyText(12))): fc.Arbitrary<string> {
  const { value } = fc.letrec<{ value: string; array: string; object: string }>((tie) => ({
    value: fc.oneof({ depthSize: "small", withCrossShrink: true }, oneOf("null", "true", "false"), numberText, stringText, tie("array"), tie("object")),
    array: fc.array(tie("value"), { maxLength: 5 }).map((items) => `[${items.join(",")}]`),
    object: fc.array(fc.tuple(keys, tie("value")), { maxLength: 6 }).map((entries) => objectText(entries)),
  }));
  return value;
}

const objectText = (entries: readonly (readonly [string, string])[]) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`;

// ---------- card payloads ----------

/** A value where a number or a short string belongs: every wrong type and edge. */
const wrongValue = fc.oneof(numberText, stringText, oneOf("null", "true", "false", "[]", "{}", '"1"', '" 1"', '"0x10"', '"NaN"', "[1]", '{"$gt":0}'), jsonText());

type DataValue = string | { referral: "id" } | { referral: "version"; offset: number };

export interface InvokeSpec {
  /** `value.action.type`, as JSON text. */
  actionType: string;
  /** `value.action.verb`, as JSON text. */
  verb: string;
  /** Entries of `value.action.data`; the placeholders are filled with a stored referral's id and version at run time. */
  data: { entries: [string, DataValue][] } | { text: string };
  /** Which stored referral (index into the pool) the placeholders name. */
  referral: number;
  /** Whose thread the click comes from: usually the referral's own. */
  thread: number | "elsewhere";
  /** Index into the test's senders. */
  sender: number;
}

/** Values a form field accepts, so that well-formed clicks often get past validation into the state machine. */
function formValues(assignees: readonly string[]): Record<string, readonly string[]> {
  return {
    method: ["phone", "in_person", "video", "other"],
    attemptDate: ["2024-04-02", "2024-04-03"],
    contactDate: ["2024-04-02", "2024-04-03"],
    attemptTime: ["10:00", "11:30"],
    contactTime: ["10:00", "11:30"],
    riskAssessment: ["completed_now", "already_done", "not_done"],
    riskAssessmentReason: ["Victim declined"],
    supportReferral: ["none", "victim_support", "other"],
    supportOrganisation: ["Stop Hate UK"],
    wantsStatement: ["yes", "no"],
    notes: ["Reassured by phone."],
    assignee: assignees,
  };
}

export function invokeSpec(options: { inputsOf: Readonly<Record<string, readonly string[]>>; referrals: number; senders: number; assignees: readonly string[] }): fc.Arbitrary<InvokeSpec> {
  const verbs = Object.keys(options.inputsOf);
  const allInputs = [...new Set(Object.values(options.inputsOf).flat())];
  const verb = fc.oneof({ weight: 8, arbitrary: oneOf(...verbs) }, { weight: 1, arbitrary: anyText(20) }, { weight: 1, arbitrary: fc.mixedCase(oneOf(...verbs)) });
  const inputValue = fc.oneof(
    { weight: 4, arbitrary: oneOf("phone", "in_person", "video", "other", "completed_now", "already_done", "not_done", "none", "victim_support", "yes", "no", "", "2024-04-02", "2024-04-03", "2099-01-01", "10:00", "25:61", "00:00") },
    { weight: 3, arbitrary: anyText(30) },
    { weight: 1, arbitrary: fc.string({ minLength: 1_990, maxLength: 2_010 }) },
    { weight: 2, arbitrary: fc.date().map((d) => (Number.isNaN(d.getTime()) ? "x" : d.toISOString())) },
  ).map((s) => JSON.stringify(s));
  const accepted = formValues(options.assignees);
  const fieldValue = (field: string) =>
    Object.hasOwn(accepted, field) ? fc.oneof({ weight: 4, arbitrary: oneOf(...accepted[field]!).map((v) => JSON.stringify(v)) }, { weight: 1, arbitrary: inputValue }) : inputValue;
  const currentVersion = fc.oneof(
    { weight: 8, arbitrary: fc.constant<DataValue>({ referral: "version", offset: 0 }) },
    { weight: 1, arbitrary: fc.integer({ min: -2, max: 1 }).map((offset): DataValue => ({ referral: "version", offset })) },
  );

  // As our cards send it: the action's verb, a stored referral and version, only the verb's own form fields.
  const wellFormed = oneOf(...verbs).chain((v) =>
    fc
      .tuple(
        // Now and then a well-formed id that names no referral (deleted, or from another installation).
        fc.oneof({ weight: 12, arbitrary: fc.constant<DataValue>({ referral: "id" }) }, { weight: 1, arbitrary: fc.integer({ min: 1_000_000, max: 2 ** 31 - 1 }).map(String) }),
        currentVersion,
        fc.tuple(...options.inputsOf[v]!.map((field) => fc.option(fieldValue(field).map((value): [string, DataValue] => [field, value]), { freq: 8 }))).map((fields) => fields.filter((f) => f !== null)),
      )
      .map(([id, version, fields]) => ({ actionVerb: JSON.stringify(v), entries: [["verb", JSON.stringify(v)], ["referralId", id], ["version", version], ...fields] as [string, DataValue][] })),
  );

  // Tampered: any field missing, of the wrong type, out of range, repeated, or extra.
  const extraKey = fc.oneof({ weight: 5, arbitrary: oneOf(...allInputs) }, { weight: 2, arbitrary: oneOf(...PROTOTYPE_KEYS, "claimedBy", "status", "roles", "aadObjectId", "assignee") }, { weight: 1, arbitrary: anyText(15) });
  const entry = (key: string, value: fc.Arbitrary<DataValue>): fc.Arbitrary<[string, DataValue][]> =>
    fc.option(value, { freq: 6 }).map((v) => (v === null ? [] : [[key, v]]));
  const orWrong = (ref: fc.Arbitrary<DataValue>): fc.Arbitrary<DataValue> => fc.oneof({ weight: 2, arbitrary: ref }, { weight: 2, arbitrary: wrongValue });
  const tampered = fc
    .tuple(
      verb,
      fc.oneof(verb.map((v) => ({ same: false, verb: v })), fc.constant({ same: true, verb: "" })),
      entry("referralId", orWrong(fc.constant<DataValue>({ referral: "id" }))),
      entry("version", orWrong(currentVersion)),
      fc.array(fc.tuple(extraKey, fc.oneof({ weight: 3, arbitrary: inputValue }, { weight: 1, arbitrary: wrongValue })), { maxLength: 4 }),
    )
    .map(([actionVerb, dataVerb, id, version, extras]) => ({
      actionVerb: JSON.stringify(actionVerb),
      entries: [["verb", JSON.stringify(dataVerb.same ? actionVerb : dataVerb.verb)], ...id, ...version, ...extras] as [string, DataValue][],
    }));

  const payload = fc.oneof(
    { weight: 6, arbitrary: wellFormed.map(({ actionVerb, entries }) => ({ actionVerb, data: { entries } as InvokeSpec["data"] })) },
    { weight: 3, arbitrary: tampered.map(({ actionVerb, entries }) => ({ actionVerb, data: { entries } as InvokeSpec["data"] })) },
    { weight: 1, arbitrary: fc.tuple(fc.oneof(verb.map((v) => JSON.stringify(v)), wrongValue), wrongValue).map(([actionVerb, text]) => ({ actionVerb, data: { text } as InvokeSpec["data"] })) },
  );
  return fc
    .record({
      actionType: fc.oneof({ weight: 20, arbitrary: fc.constant('"Action.Execute"') }, { weight: 1, arbitrary: fc.constant('"Action.Submit"') }, { weight: 1, arbitrary: wrongValue }),
      payload,
      referral: fc.nat(options.referrals - 1),
      thread: fc.oneof({ weight: 12, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.nat(options.referrals - 1) }, { weight: 1, arbitrary: fc.constant("elsewhere" as const) }),
      // The first sender (the claimant of most referrals) clicks most.
      sender: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 4, arbitrary: fc.nat(options.senders - 1) }),
    })
    .map(({ actionType, payload: { actionVerb, data }, referral, thread, sender }) => ({ actionType, verb: actionVerb, data, referral, thread: thread === -1 ? referral : thread, sender }));
}

/** The JSON text of `value.action.data`, with the placeholders filled in. */
export function dataText(data: InvokeSpec["data"], referral: { id: number; version: number }): string {
  if ("text" in data) return data.text;
  return objectText(
    data.entries.map(([key, value]) => [
      key,
      typeof value === "string" ? value : value.referral === "id" ? String(referral.id) : String(referral.version + value.offset),
    ]),
  );
}

// ---------- case intake ----------

const CELL_NOISE = [",", ";", "\t", '"', '""', '"a,b"', '"unclosed', 'x"y', "\r", "\u0000", "\uFEFF", "\u00e9", "\ud83d\ude00", "\ud800", "=1+1", "@SUM(A1)", " "];

const validCell: Record<string, fc.Arbitrary<string>> = {
  crime_ref: crimeRef,
  reported_at: fc.oneof(oneOf("2024-03-01T08:00:00Z", "01/03/2024 09:30", "2024-03-31 01:30", "2024-10-27 01:30", "2099-01-01T00:00:00Z"), fc.date({ min: new Date("2000-01-01"), max: new Date("2030-01-01"), noInvalidDate: true }).map((d) => d.toISOString())),
  ward_code: wardCode,
  record_type: oneOf("crime", "incident", "", "CRIME", "other"),
  offence: fc.oneof(oneOf(...DEFAULT_OFFENCES), oneOf("", "Public Order", "murder")),
  strands: oneOf("", "race", "race;religion", "unknown"),
};

/** The generator for a column's valid cells; any other name (even "constructor") gets random cells. */
const cellFor = (column: string): fc.Arbitrary<string> => (Object.hasOwn(validCell, column) ? validCell[column]! : randomCell);

const randomCell: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: anyText(20) },
  { weight: 6, arbitrary: fc.array(fc.oneof(oneOf(...CELL_NOISE), anyText(4)), { maxLength: 5 }).map((parts) => parts.join("")) },
  // Lines longer than the 4,000-character limit, or just under it.
  { weight: 1, arbitrary: longText },
  { weight: 4, arbitrary: anyText(20).map((s) => `"${s.replace(/"/g, '""')}"`) },
);

const HEADER_NOISE = ["victim_name", "Address", "phone number", "Date of Birth", "Crime Ref", " crime_ref ", "CRIME_REF", "extra", "", "crime_ref"];

/** A CSV export as a CMS (or a broken one, or an attacker) might send it. */
export function caseCsvText(): fc.Arbitrary<string> {
  const usual: fc.Arbitrary<string[]> = fc.constant(["crime_ref", "reported_at", "ward_code", "record_type", "offence"]);
  const some: fc.Arbitrary<string[]> = fc.shuffledSubarray<string>([...CASE_COLUMNS], { minLength: 1 });
  const odd: fc.Arbitrary<string[]> = fc.array(fc.oneof(oneOf<string>(...CASE_COLUMNS, ...HEADER_NOISE), anyText(10)), { minLength: 1, maxLength: 8 });
  const columns = fc.oneof({ weight: 5, arbitrary: usual }, { weight: 3, arbitrary: some }, { weight: 2, arbitrary: odd });
  const structured = fc
    .record({ columns, delimiter: fc.oneof({ weight: 8, arbitrary: fc.constant(",") }, { weight: 1, arbitrary: oneOf(";", "\t", ", ") }), newline: oneOf("\n", "\n", "\r\n", "\r"), bom: fc.boolean(), trailingNewline: fc.boolean(), seed: fc.nat() })
    .chain(({ columns: header, delimiter, newline, bom, trailingNewline }) => {
      const row = fc.oneof(
        { weight: 4, arbitrary: fc.tuple(...header.map((c) => cellFor(c.trim().toLowerCase()))) },
        { weight: 3, arbitrary: fc.tuple(...header.map((c) => fc.oneof({ weight: 3, arbitrary: cellFor(c.trim().toLowerCase()) }, { weight: 1, arbitrary: randomCell }))) },
        { weight: 1, arbitrary: fc.array(randomCell, { maxLength: header.length + 2 }) },
      );
      return fc.array(row, { maxLength: 8 }).map((rows) => (bom ? "\uFEFF" : "") + [header, ...rows].map((cells) => cells.join(delimiter)).join(newline) + (trailingNewline ? newline : ""));
    });
  return fc.oneof({ weight: 8, arbitrary: structured }, { weight: 1, arbitrary: anyText(300) }, { weight: 1, arbitrary: fc.array(randomCell, { maxLength: 12 }).map((cells) => cells.join(",")) });
}

const caseKey = fc.oneof(
  { weight: 8, arbitrary: oneOf(...CASE_COLUMNS) },
  { weight: 2, arbitrary: oneOf(...HEADER_NOISE, ...PROTOTYPE_KEYS) },
  { weight: 1, arbitrary: anyText(12) },
);

/** A JSON intake body: arbitrary JSON, or an array of case-like objects with every kind of wrong field. */
export function caseJsonText(): fc.Arbitrary<string> {
  const goodValue = (key: string) => cellFor(key).map((s) => JSON.stringify(s));
  const field = caseKey.chain((key) => fc.oneof({ weight: 6, arbitrary: goodValue(key) }, { weight: 1, arbitrary: wrongValue }).map((v): [string, string] => [key, v]));
  const complete = fc
    .tuple(goodValue("crime_ref"), goodValue("reported_at"), goodValue("ward_code"), fc.array(field, { maxLength: 3 }))
    .map(([ref, at, ward, extra]) => objectText([["crime_ref", ref], ["reported_at", at], ["ward_code", ward], ...extra]));
  const caseObject = fc.oneof({ weight: 3, arbitrary: complete }, { weight: 2, arbitrary: fc.array(field, { maxLength: 7 }).map(objectText) }, { weight: 1, arbitrary: wrongValue });
  const body = fc.oneof(
    { weight: 6, arbitrary: fc.array(caseObject, { minLength: 1, maxLength: 6 }).map((items) => `[${items.join(",")}]`) },
    { weight: 3, arbitrary: jsonText(fc.oneof(caseKey, oneOf(...PROTOTYPE_KEYS))) },
  );
  // Sometimes cut short or padded: no longer JSON at all.
  return fc.tuple(body, fc.oneof({ weight: 9, arbitrary: fc.constant("whole" as const) }, { weight: 1, arbitrary: fc.nat() })).map(([text, cut]) => (cut === "whole" ? text : text.slice(0, cut % (text.length + 1)) + (cut % 3 === 0 ? "]" : "")));
}
