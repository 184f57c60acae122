import type { WorkingCalendar } from "../workingTime/index.js";

export interface ServiceLevelSettings {
  /** Claim within this many working hours of referral. */
  claimHours: number;
  /** Contact within this many working days of referral. */
  contactDays: number;
}

/** Due times in working time: weekends, bank holidays and configured closures do not count. */
export class ServiceLevels {
  constructor(
    readonly calendar: WorkingCalendar,
    readonly settings: ServiceLevelSettings,
  ) {}

  /** A ward may override the force-wide settings (`/ward sla`). */
  dueTimes(referredAt: Date, ward?: { claimHours?: number | undefined; contactDays?: number | undefined }): { claimDueAt: Date; contactDueAt: Date } {
    return {
      claimDueAt: this.calendar.addWorkingHours(referredAt, ward?.claimHours ?? this.settings.claimHours),
      contactDueAt: this.calendar.addWorkingDays(referredAt, ward?.contactDays ?? this.settings.contactDays),
    };
  }
}
