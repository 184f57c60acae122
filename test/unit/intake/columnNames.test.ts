import { describe, expect, it } from "vitest";
import { looksLikePersonalData, normaliseColumnName } from "../../../src/intake/columnNames.js";

describe("normaliseColumnName", () => {
  it("ignores case, surrounding space and space or hyphen separators", () => {
    expect(normaliseColumnName(" Crime Ref ")).toBe("crime_ref");
    expect(normaliseColumnName("REPORTED-AT")).toBe("reported_at");
    expect(normaliseColumnName("ward_code")).toBe("ward_code");
  });
});

describe("looksLikePersonalData", () => {
  it.each([
    "name",
    "Name",
    "victim",
    "Victim Name",
    "victim_id",
    "first_name",
    "First Name",
    "lastname",
    "Surname",
    "forename",
    "full name",
    "address",
    "Home Address",
    "address_line_1",
    "street",
    "Postcode",
    "post code",
    "phone",
    "Phone Number",
    "mobile",
    "telephone",
    "tel",
    "email",
    "E-mail",
    "email_address",
    "dob",
    "DOB",
    "date of birth",
    "Date_Of_Birth",
    "birth_date",
  ])("refuses %s", (header) => {
    expect(looksLikePersonalData(header)).toBe(true);
  });

  it.each(["crime_ref", "reported_at", "ward_code", "ward_name", "record_type", "offence", "strands", "outcome_code", "outcome_date", "borough", "officer_team"])(
    "accepts %s",
    (header) => {
      expect(looksLikePersonalData(header)).toBe(false);
    },
  );
});
