/** One title and value line of the statistics card (a FactSet row). */
export interface StatsRow {
  title: string;
  value: string;
}
