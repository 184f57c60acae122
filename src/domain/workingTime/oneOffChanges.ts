import type { IsoDate } from "./isoDate.js";

/**
 * A bank holiday set by royal proclamation rather than by the standing rules:
 * either an extra day, or (with `replaces`) a standing holiday moved to `date`.
 */
export interface OneOffChange {
  readonly date: IsoDate;
  readonly name: string;
  /** The date the standing rules would have given; it stops being a holiday. */
  readonly replaces?: IsoDate;
}

/**
 * Known one-off changes in England and Wales. Callers extend this rather than
 * edit it, e.g. `[...KNOWN_ONE_OFF_CHANGES, { date: "2030-06-03", name: "…" }]`,
 * when a new proclamation is made before this table catches up.
 */
export const KNOWN_ONE_OFF_CHANGES: readonly OneOffChange[] = [
  { date: "1995-05-08", name: "Early May bank holiday (VE Day)", replaces: "1995-05-01" },
  { date: "1999-12-31", name: "Millennium Eve" },
  { date: "2002-06-03", name: "Golden Jubilee of Queen Elizabeth II" },
  { date: "2002-06-04", name: "Spring bank holiday", replaces: "2002-05-27" },
  { date: "2011-04-29", name: "Wedding of Prince William and Catherine Middleton" },
  { date: "2012-06-04", name: "Spring bank holiday", replaces: "2012-05-28" },
  { date: "2012-06-05", name: "Diamond Jubilee of Queen Elizabeth II" },
  { date: "2020-05-08", name: "Early May bank holiday (VE Day)", replaces: "2020-05-04" },
  { date: "2022-06-02", name: "Spring bank holiday", replaces: "2022-05-30" },
  { date: "2022-06-03", name: "Platinum Jubilee bank holiday" },
  { date: "2022-09-19", name: "State Funeral of Queen Elizabeth II" },
  { date: "2023-05-08", name: "Bank holiday for the coronation of King Charles III" },
];
