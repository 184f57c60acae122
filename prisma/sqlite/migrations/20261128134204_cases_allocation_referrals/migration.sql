-- CreateTable
CREATE TABLE "Case" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "crimeRef" TEXT NOT NULL,
    "reportedAt" DATETIME NOT NULL,
    "wardCode" TEXT NOT NULL,
    "recordType" TEXT NOT NULL,
    "eligible" BOOLEAN NOT NULL,
    "ineligibleReason" TEXT,
    "offence" TEXT,
    "strands" TEXT,
    "importedAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Case_wardCode_fkey" FOREIGN KEY ("wardCode") REFERENCES "Ward" ("code") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Trial" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "algorithmVersion" TEXT NOT NULL,
    "seed" TEXT NOT NULL,
    "ratioSrc" INTEGER NOT NULL,
    "ratioBau" INTEGER NOT NULL,
    "blockSizes" TEXT NOT NULL,
    "stratifyBy" TEXT NOT NULL,
    "listHash" TEXT NOT NULL,
    "allocatedCount" INTEGER NOT NULL DEFAULT 0,
    "startedAt" DATETIME NOT NULL,
    "startedBy" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "StratumSequence" (
    "trialId" INTEGER NOT NULL,
    "stratum" TEXT NOT NULL,
    "nextIndex" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("trialId", "stratum")
);

-- CreateTable
CREATE TABLE "Allocation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "caseId" INTEGER NOT NULL,
    "arm" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "trialId" INTEGER,
    "stratum" TEXT,
    "sequenceIndex" INTEGER,
    "blockNumber" INTEGER,
    "positionInBlock" INTEGER,
    "blockSize" INTEGER,
    "algorithmVersion" TEXT,
    "allocatedAt" DATETIME NOT NULL,
    "allocatedBy" TEXT NOT NULL,
    CONSTRAINT "Allocation_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Exclusion" (
    "caseId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "reason" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL,
    "recordedBy" TEXT NOT NULL,
    CONSTRAINT "Exclusion_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Referral" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "caseId" INTEGER NOT NULL,
    "wardCode" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'to_post',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "claimDueAt" DATETIME NOT NULL,
    "contactDueAt" DATETIME NOT NULL,
    "channelId" TEXT,
    "conversationId" TEXT,
    "activityId" TEXT,
    "serviceUrl" TEXT,
    "postedAt" DATETIME,
    "claimedBy" TEXT,
    "claimedByName" TEXT,
    "claimedByTeamsId" TEXT,
    "claimedAt" DATETIME,
    "closedAt" DATETIME,
    "closedBy" TEXT,
    "lastChangedBy" TEXT,
    "lastChangedAt" DATETIME,
    CONSTRAINT "Referral_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ContactAttempt" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "referralId" INTEGER NOT NULL,
    "method" TEXT NOT NULL,
    "attemptedAt" DATETIME NOT NULL,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL,
    CONSTRAINT "ContactAttempt_referralId_fkey" FOREIGN KEY ("referralId") REFERENCES "Referral" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Contact" (
    "referralId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "method" TEXT NOT NULL,
    "contactAt" DATETIME NOT NULL,
    "riskAssessment" TEXT NOT NULL,
    "riskAssessmentReason" TEXT,
    "supportReferral" TEXT NOT NULL,
    "supportOrganisation" TEXT,
    "wantsStatement" BOOLEAN NOT NULL,
    "notes" TEXT,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL,
    CONSTRAINT "Contact_referralId_fkey" FOREIGN KEY ("referralId") REFERENCES "Referral" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OutboxItem" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "referralId" INTEGER,
    "wardCode" TEXT,
    "dedupeKey" TEXT,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL,
    "deliveredAt" DATETIME
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
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


-- Allocations are permanent (allocation concealment and integrity): refuse any change or deletion, whoever asks.
CREATE TRIGGER "Allocation_no_update" BEFORE UPDATE ON "Allocation"
BEGIN SELECT RAISE(ABORT, 'Reassure: allocations cannot be changed'); END;
CREATE TRIGGER "Allocation_no_delete" BEFORE DELETE ON "Allocation"
BEGIN SELECT RAISE(ABORT, 'Reassure: allocations cannot be deleted'); END;
