import type { Repositories, Store, TransactionOptions } from "../domain/ports.js";
import { createPrismaClient, providerOf, type Db, type DbTx, type Provider } from "./prismaClient.js";
import { pendingMigrationsReason } from "./migrations.js";
import { wardRepository } from "./repositories/wards.js";
import { bindingRepository } from "./repositories/bindings.js";
import { teamRepository } from "./repositories/teams.js";
import { peopleRepository } from "./repositories/people.js";
import { eventRepository, transactionEvents } from "./repositories/events.js";
import { auditRepository } from "./repositories/audit.js";
import { retentionRepository } from "./repositories/retention.js";
import { caseRepository } from "./repositories/cases.js";
import { trialRepository } from "./repositories/trials.js";
import { allocationRepository } from "./repositories/allocations.js";
import { referralRepository } from "./repositories/referrals.js";
import { referralCardRepository } from "./repositories/referralCards.js";
import { outboxRepository } from "./repositories/outbox.js";
import { settingRepository } from "./repositories/settings.js";
import { reportingRepository } from "./repositories/reporting.js";
import { jobLeaseRepository } from "./repositories/jobs.js";
import { reminderRepository } from "./repositories/reminders.js";
import { outcomeRepository } from "./repositories/outcomes.js";
import { gaugeRepository } from "./repositories/gauges.js";

function repositories(db: DbTx, provider: Provider, events = eventRepository(db)): Repositories {
  return {
    cases: caseRepository(db),
    trials: trialRepository(db),
    allocations: allocationRepository(db),
    referrals: referralRepository(db),
    referralCards: referralCardRepository(db),
    outbox: outboxRepository(db),
    settings: settingRepository(db),
    reporting: reportingRepository(db, provider),
    jobs: jobLeaseRepository(db),
    reminders: reminderRepository(db),
    outcomes: outcomeRepository(db),
    wards: wardRepository(db),
    bindings: bindingRepository(db),
    teams: teamRepository(db),
    people: peopleRepository(db),
    events,
    audit: auditRepository(db),
    retention: retentionRepository(db),
    gauges: gaugeRepository(db),
  };
}

/** Interactive work: a transaction open this long is a fault, holding locks that others wait for. */
const DEFAULT_TIMEOUT_MS = 20_000;

export class PrismaStore implements Store {
  readonly provider;
  readonly repos: Repositories;

  constructor(readonly db: Db, url: string) {
    this.provider = providerOf(url);
    this.repos = repositories(db, this.provider);
  }

  transaction<T>(work: (tx: Repositories) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    return this.db.$transaction(
      async (tx) => {
        // The transaction's events are chained and written last, after its other changes (see transactionEvents).
        const events = transactionEvents(tx);
        const result = await work(repositories(tx, this.provider, events.repository));
        await events.flush();
        return result;
      },
      { maxWait: 10_000, timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS },
    );
  }

  async checkReady(): Promise<void> {
    try {
      await this.db.$queryRawUnsafe("SELECT 1");
    } catch (error) {
      throw new Error(`database unreachable: ${(error as Error).message.split("\n")[0]}`);
    }
    const pending = await pendingMigrationsReason(this.db, this.provider);
    if (pending) throw new Error(pending);
  }

  close(): Promise<void> {
    return this.db.$disconnect();
  }
}

export async function openStore(url: string): Promise<PrismaStore> {
  const db = createPrismaClient(url);
  await db.$connect();
  if (providerOf(url) === "sqlite") {
    // WAL lets readers run while a writer commits (and a second process share the file).
    await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  }
  return new PrismaStore(db, url);
}
