import type { EventInput, StoredEvent } from "./events.js";
import type { Role } from "./people/roles.js";
import type { ChannelInfo, TeamInstallation } from "./teams/installation.js";
import type { Ward, WardBinding, BindingStatus, WardMode } from "./wards/ward.js";

// The storage interfaces the domain depends on. Implementations live in src/store (Prisma); the domain never sees them.

export interface WardRepository {
  get(code: string): Promise<Ward | undefined>;
  list(): Promise<Ward[]>;
  codes(): Promise<string[]>;
  upsert(ward: Ward): Promise<void>;
  setMode(code: string, mode: WardMode): Promise<void>;
}

export interface BindingRepository {
  get(wardCode: string): Promise<WardBinding | undefined>;
  list(): Promise<WardBinding[]>;
  put(binding: WardBinding): Promise<void>;
  remove(wardCode: string): Promise<boolean>;
  setStatusForChannel(channelId: string, status: BindingStatus): Promise<string[]>;
  setStatusForTeam(teamId: string, status: BindingStatus): Promise<string[]>;
}

export interface TeamRepository {
  recordInstall(team: TeamInstallation, at: Date): Promise<void>;
  recordRemoval(teamId: string, at: Date): Promise<void>;
  get(teamId: string): Promise<(TeamInstallation & { removedAt: Date | undefined }) | undefined>;
  putChannel(channel: ChannelInfo): Promise<void>;
  markChannelDeleted(channelId: string, at: Date): Promise<void>;
  getChannel(channelId: string): Promise<(ChannelInfo & { deletedAt: Date | undefined }) | undefined>;
}

export interface PersonRecord {
  aadObjectId: string;
  teamsUserId: string | undefined;
  displayName: string | undefined;
  roles: Role[];
}

export interface PeopleRepository {
  get(aadObjectId: string): Promise<PersonRecord | undefined>;
  /** Keeps the display name and Teams id current; creates the person if new. */
  touch(person: { aadObjectId: string; teamsUserId?: string | undefined; displayName?: string | undefined }): Promise<void>;
  rolesOf(aadObjectId: string): Promise<Role[]>;
  grant(aadObjectId: string, role: Role, by: string, at: Date): Promise<boolean>;
  revoke(aadObjectId: string, role: Role): Promise<boolean>;
  listWithRoles(): Promise<PersonRecord[]>;
}

export interface EventRepository {
  append(event: EventInput, at: Date): Promise<void>;
  forSubject(subjectType: string, subjectId: string): Promise<StoredEvent[]>;
  recent(limit: number): Promise<StoredEvent[]>;
}

export interface Repositories {
  wards: WardRepository;
  bindings: BindingRepository;
  teams: TeamRepository;
  people: PeopleRepository;
  events: EventRepository;
}

/**
 * Reads may use `repos` directly; every change goes through `transaction`, together with the event that records it,
 * so that nothing is ever half-written.
 */
export interface Store {
  readonly provider: "sqlite" | "postgresql";
  readonly repos: Repositories;
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
  /** Throws with a reason when the database is unreachable or its migrations are not all applied. */
  checkReady(): Promise<void>;
  close(): Promise<void>;
}
