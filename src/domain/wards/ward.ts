export const WARD_MODES = ["trial", "rollout", "off"] as const;
export type WardMode = (typeof WARD_MODES)[number];

export interface Ward {
  code: string;
  name: string;
  borough: string;
  /** The BCU (basic command unit) the ward's borough belongs to: force → BCU → borough → ward. */
  bcu: string;
  enabled: boolean;
  mode: WardMode;
}

/** A ward's own service levels, where they differ from the force's. */
export interface WardServiceLevels {
  claimHours: number | undefined;
  contactDays: number | undefined;
}

export type BindingStatus = "active" | "broken";

/** Where a ward's referral cards are posted: a standard channel of a team the bot is installed in. */
export interface WardBinding {
  wardCode: string;
  teamId: string;
  channelId: string;
  serviceUrl: string;
  tenantId: string;
  /** Bot Framework ConversationReference, kept opaque to the domain. */
  conversationRef: string;
  status: BindingStatus;
  boundBy: string;
  boundAt: Date;
}

/** Ward codes are compared case-insensitively and stored upper-case (ONS codes such as E05013805). */
export function normaliseWardCode(code: string): string {
  return code.trim().toUpperCase();
}
