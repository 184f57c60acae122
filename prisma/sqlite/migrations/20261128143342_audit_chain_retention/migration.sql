-- RedefineTables (written by hand in Prisma's style): the Event table is rebuilt rather than altered so that its
-- columns and indexes come out exactly as a database built from the schema has them.
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Event" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "seq" INTEGER,
    "at" DATETIME NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "details" TEXT NOT NULL,
    "prevHash" TEXT,
    "hash" TEXT
);
INSERT INTO "new_Event" ("id", "at", "actor", "action", "subjectType", "subjectId", "details")
SELECT "id", "at", "actor", "action", "subjectType", "subjectId", "details" FROM "Event";
DROP TABLE "Event";
ALTER TABLE "new_Event" RENAME TO "Event";
CREATE UNIQUE INDEX "Event_seq_key" ON "Event"("seq");
CREATE INDEX "Event_subjectType_subjectId_idx" ON "Event"("subjectType", "subjectId");
CREATE INDEX "Event_at_idx" ON "Event"("at");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- AlterTable
ALTER TABLE "Case" ADD COLUMN "purgedAt" DATETIME;

-- CreateTable
CREATE TABLE "AuditHead" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "lastSeq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "prunedThroughSeq" INTEGER NOT NULL,
    "prunedThroughHash" TEXT NOT NULL,
    "legacyCount" INTEGER NOT NULL,
    "legacyLastId" INTEGER NOT NULL
);

-- Hand-written below (not generated): the chain's head row, and events that can be appended but never changed.
-- Events written before this migration keep seq, prevHash and hash null; the head records how many there are and the
-- highest id among them, so `reassure audit verify` notices one added or removed (editing them it cannot see).
INSERT INTO "AuditHead" ("id", "lastSeq", "hash", "prunedThroughSeq", "prunedThroughHash", "legacyCount", "legacyLastId")
SELECT 1, 0, '0000000000000000000000000000000000000000000000000000000000000000', 0, '0000000000000000000000000000000000000000000000000000000000000000', COUNT(*), COALESCE(MAX("id"), 0) FROM "Event";
CREATE TRIGGER "Event_no_update" BEFORE UPDATE ON "Event"
BEGIN SELECT RAISE(ABORT, 'Reassure: events cannot be changed'); END;
