-- CreateEnum
CREATE TYPE "RecordType" AS ENUM ('crime', 'incident');

-- CreateEnum
CREATE TYPE "Arm" AS ENUM ('SRC', 'BAU');

-- CreateEnum
CREATE TYPE "AllocationMethod" AS ENUM ('randomised', 'rollout');

-- CreateEnum
CREATE TYPE "ReferralStatus" AS ENUM ('to_post', 'posted', 'claimed', 'completed', 'unable_to_contact', 'expired');

-- CreateEnum
CREATE TYPE "ContactMethod" AS ENUM ('phone', 'in_person', 'video', 'other');

-- CreateEnum
CREATE TYPE "RiskAssessment" AS ENUM ('completed_now', 'already_done', 'not_done');

-- CreateEnum
CREATE TYPE "SupportReferral" AS ENUM ('none', 'victim_support', 'other');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('pending', 'waiting_binding', 'delivered', 'dead');

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
    "claimDueAt" TIMESTAMP(3) NOT NULL,
    "contactDueAt" TIMESTAMP(3) NOT NULL,
    "channelId" TEXT,
    "conversationId" TEXT,
    "activityId" TEXT,
    "serviceUrl" TEXT,
    "postedAt" TIMESTAMP(3),
    "claimedBy" TEXT,
    "claimedByName" TEXT,
    "claimedByTeamsId" TEXT,
    "claimedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "closedBy" TEXT,
    "lastChangedBy" TEXT,
    "lastChangedAt" TIMESTAMP(3),

    CONSTRAINT "Referral_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContactAttempt" (
    "id" SERIAL NOT NULL,
    "referralId" INTEGER NOT NULL,
    "method" "ContactMethod" NOT NULL,
    "attemptedAt" TIMESTAMP(3) NOT NULL,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ContactAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Contact" (
    "referralId" INTEGER NOT NULL,
    "method" "ContactMethod" NOT NULL,
    "contactAt" TIMESTAMP(3) NOT NULL,
    "riskAssessment" "RiskAssessment" NOT NULL,
    "riskAssessmentReason" TEXT,
    "supportReferral" "SupportReferral" NOT NULL,
    "supportOrganisation" TEXT,
    "wantsStatement" BOOLEAN NOT NULL,
    "notes" TEXT,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("referralId")
);

-- CreateTable
CREATE TABLE "OutboxItem" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "referralId" INTEGER,
    "wardCode" TEXT,
    "dedupeKey" TEXT,
    "payload" TEXT NOT NULL,
    "status" "OutboxStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "OutboxItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
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

-- CreateIndex
CREATE INDEX "Referral_claimedBy_status_idx" ON "Referral"("claimedBy", "status");

-- CreateIndex
CREATE INDEX "ContactAttempt_referralId_idx" ON "ContactAttempt"("referralId");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxItem_dedupeKey_key" ON "OutboxItem"("dedupeKey");

-- CreateIndex
CREATE INDEX "OutboxItem_status_nextAttemptAt_idx" ON "OutboxItem"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "OutboxItem_referralId_idx" ON "OutboxItem"("referralId");

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_wardCode_fkey" FOREIGN KEY ("wardCode") REFERENCES "Ward"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Allocation" ADD CONSTRAINT "Allocation_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Exclusion" ADD CONSTRAINT "Exclusion_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Referral" ADD CONSTRAINT "Referral_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactAttempt" ADD CONSTRAINT "ContactAttempt_referralId_fkey" FOREIGN KEY ("referralId") REFERENCES "Referral"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_referralId_fkey" FOREIGN KEY ("referralId") REFERENCES "Referral"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Allocations are permanent (allocation concealment and integrity): refuse any change or deletion, whoever asks.
CREATE FUNCTION "reassure_refuse_allocation_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'Reassure: allocations cannot be changed or deleted';
END
$$;
CREATE TRIGGER "Allocation_immutable" BEFORE UPDATE OR DELETE ON "Allocation"
FOR EACH ROW EXECUTE FUNCTION "reassure_refuse_allocation_change"();
