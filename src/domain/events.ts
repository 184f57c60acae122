/** An append-only, attributable record of a change. `actor` is an Entra object id, or `system` / `cli:<user>`. */
export interface EventInput {
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  details?: Record<string, unknown>;
}

export interface StoredEvent extends Required<EventInput> {
  id: number;
  at: Date;
}

export const SYSTEM_ACTOR = "system";
