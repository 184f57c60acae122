-- CreateEnum
CREATE TYPE "RecordType" AS ENUM ('crime', 'incident');

-- CreateEnum
CREATE TYPE "Arm" AS ENUM ('SRC', 'BAU');

-- CreateEnum
CREATE TYPE "AllocationMethod" AS ENUM ('randomised', 'rollout');

-- CreateEnum
CREATE TYPE "ReferralStatus" AS ENUM ('to_post', 'posted', 'claimed', 'completed', 'unable_to_contact', 'released', 'expired');

-- CreateTable
CREATE TABLE "Case" (
    "id" SERIAL NOT NULL,
    "crimeRef" TEXT NOT NULL,
    "reportedAt" TIMESTAMP(3) NOT NULL,
    "wardCode" TEXT NOT NULL,
    "recordType" "RecordType" NOT NULL,
    "eligible" BOOLEAN NOT NULL,
    "ineligibleReason" TEXT,
    "offence" TEXT,
    "strands" TEXT,
    "importedAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Trial" (
    "id" INTEGER NOT NULL,
    "algorithmVersion" TEXT NOT NULL,
    "seed" TEXT NOT NULL,
    "ratioSrc" INTEGER NOT NULL,
    "ratioBau" INTEGER NOT NULL,
    "blockSizes" TEXT NOT NULL,
    "stratifyBy" TEXT NOT NULL,
    "listHash" TEXT NOT NULL,
    "allocatedCount" INTEGER NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "startedBy" TEXT NOT NULL,

    CONSTRAINT "Trial_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StratumSequence" (
    "trialId" INTEGER NOT NULL,
    "stratum" TEXT NOT NULL,
    "nextIndex" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "StratumSequence_pkey" PRIMARY KEY ("trialId","stratum")
);

-- CreateTable
CREATE TABLE "Allocation" (
    "id" SERIAL NOT NULL,
    "caseId" INTEGER NOT NULL,
    "arm" "Arm" NOT NULL,
    "method" "AllocationMethod" NOT NULL,
    "trialId" INTEGER,
    "stratum" TEXT,
    "sequenceIndex" INTEGER,
    "blockNumber" INTEGER,
    "positionInBlock" INTEGER,
    "blockSize" INTEGER,
    "algorithmVersion" TEXT,
    "allocatedAt" TIMESTAMP(3) NOT NULL,
    "allocatedBy" TEXT NOT NULL,

    CONSTRAINT "Allocation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Exclusion" (
    "caseId" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL,
    "recordedBy" TEXT NOT NULL,

    CONSTRAINT "Exclusion_pkey" PRIMARY KEY ("caseId")
);

-- CreateTable
CREATE TABLE "Referral" (
    "id" SERIAL NOT NULL,
    "caseId" INTEGER NOT NULL,
    "wardCode" TEXT NOT NULL,
    "status" "ReferralStatus" NOT NULL DEFAULT 'to_post',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Referral_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Case_crimeRef_key" ON "Case"("crimeRef");

-- CreateIndex
CREATE INDEX "Case_wardCode_idx" ON "Case"("wardCode");

-- CreateIndex
CREATE INDEX "Case_reportedAt_idx" ON "Case"("reportedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Allocation_caseId_key" ON "Allocation"("caseId");

-- CreateIndex
CREATE INDEX "Allocation_allocatedAt_idx" ON "Allocation"("allocatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Allocation_trialId_stratum_sequenceIndex_key" ON "Allocation"("trialId", "stratum", "sequenceIndex");

-- CreateIndex
CREATE UNIQUE INDEX "Referral_caseId_key" ON "Referral"("caseId");

-- CreateIndex
CREATE INDEX "Referral_wardCode_status_idx" ON "Referral"("wardCode", "status");

-- CreateIndex
CREATE INDEX "Referral_status_idx" ON "Referral"("status");

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_wardCode_fkey" FOREIGN KEY ("wardCode") REFERENCES "Ward"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Allocation" ADD CONSTRAINT "Allocation_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Exclusion" ADD CONSTRAINT "Exclusion_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Referral" ADD CONSTRAINT "Referral_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Allocations are permanent (allocation concealment and integrity): refuse any change or deletion, whoever asks.
CREATE FUNCTION "reassure_refuse_allocation_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'Reassure: allocations cannot be changed or deleted';
END
$$;
CREATE TRIGGER "Allocation_immutable" BEFORE UPDATE OR DELETE ON "Allocation"
FOR EACH ROW EXECUTE FUNCTION "reassure_refuse_allocation_change"();
