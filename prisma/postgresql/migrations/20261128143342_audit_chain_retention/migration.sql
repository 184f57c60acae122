-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "hash" TEXT,
ADD COLUMN     "prevHash" TEXT,
ADD COLUMN     "seq" INTEGER;

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "purgedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "AuditHead" (
    "id" INTEGER NOT NULL,
    "lastSeq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "prunedThroughSeq" INTEGER NOT NULL,
    "prunedThroughHash" TEXT NOT NULL,
    "legacyCount" INTEGER NOT NULL,
    "legacyLastId" INTEGER NOT NULL,

    CONSTRAINT "AuditHead_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Event_seq_key" ON "Event"("seq");


-- Hand-written below (not generated): the chain's head row, and events that can be appended but never changed.
-- Events written before this migration keep seq, prevHash and hash null; the head records how many there are and the
-- highest id among them, so `reassure audit verify` notices one added or removed (editing them it cannot see).
INSERT INTO "AuditHead" ("id", "lastSeq", "hash", "prunedThroughSeq", "prunedThroughHash", "legacyCount", "legacyLastId")
SELECT 1, 0, '0000000000000000000000000000000000000000000000000000000000000000', 0, '0000000000000000000000000000000000000000000000000000000000000000', COUNT(*), COALESCE(MAX("id"), 0) FROM "Event";
CREATE FUNCTION "reassure_refuse_event_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'Reassure: events cannot be changed';
END
$$;
CREATE TRIGGER "Event_no_update" BEFORE UPDATE ON "Event"
FOR EACH ROW EXECUTE FUNCTION "reassure_refuse_event_change"();
