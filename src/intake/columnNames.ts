/** "Crime Ref", " crime-ref " and "CRIME_REF" all name the column crime_ref. */
export function normaliseColumnName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, "_");
}

/** Words that on their own mark a column as victim contact or identity data. */
const PERSONAL_WORDS = new Set([
  "victim",
  "surname",
  "forename",
  "firstname",
  "lastname",
  "fullname",
  "address",
  "street",
  "postcode",
  "zip",
  "phone",
  "mobile",
  "telephone",
  "tel",
  "email",
  "dob",
  "birth",
  "birthdate",
]);

/** "name" alone is personal; with one of these qualifiers too ("first_name"), but not "ward_name". */
const NAME_QUALIFIERS = new Set(["first", "last", "full", "given", "family", "middle", "maiden", "sur", "fore", "person"]);

/** Run together, these spell personal data even when the export splits them into words ("e_mail"). */
const PERSONAL_COMPOUNDS = ["postcode", "dateofbirth", "email", "phonenumber", "surname", "forename", "address"];

/**
 * Whether a column header looks like victim personal data. Deliberately broad: refusing a harmless
 * column costs the HCOP one re-export, accepting a victim's address breaches the DPA Part 3 design.
 */
export function looksLikePersonalData(header: string): boolean {
  const words = normaliseColumnName(header)
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== "");
  if (words.some((w) => PERSONAL_WORDS.has(w))) return true;
  if (words.length === 1 && words[0] === "name") return true;
  const nameAt = words.indexOf("name");
  if (nameAt > 0 && NAME_QUALIFIERS.has(words[nameAt - 1] ?? "")) return true;
  const compact = words.join("");
  return PERSONAL_COMPOUNDS.some((c) => compact.includes(c));
}

export const PERSONAL_DATA_REFUSAL =
  "no victim personal data: Reassure must not receive victim personal data, remove this column from the export";
