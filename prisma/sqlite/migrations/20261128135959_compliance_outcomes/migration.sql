-- AlterTable
ALTER TABLE "Ward" ADD COLUMN "claimHours" REAL;
ALTER TABLE "Ward" ADD COLUMN "contactDays" INTEGER;

-- CreateTable
CREATE TABLE "SupervisorWard" (
    "aadObjectId" TEXT NOT NULL,
    "wardCode" TEXT NOT NULL,
    "assignedBy" TEXT NOT NULL,
    "assignedAt" DATETIME NOT NULL,

    PRIMARY KEY ("aadObjectId", "wardCode"),
    CONSTRAINT "SupervisorWard_wardCode_fkey" FOREIGN KEY ("wardCode") REFERENCES "Ward" ("code") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Outcome" (
    "caseId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "outcomeDate" DATETIME NOT NULL,
    "recordedAt" DATETIME NOT NULL,
    "recordedBy" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    CONSTRAINT "Outcome_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Reminder" (
    "referralId" INTEGER NOT NULL,
    "stage" TEXT NOT NULL,
    "queuedAt" DATETIME NOT NULL,

    PRIMARY KEY ("referralId", "stage")
);

-- CreateTable
CREATE TABLE "JobLease" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "owner" TEXT,
    "leaseUntil" DATETIME,
    "lastSlot" DATETIME,
    "lastRunAt" DATETIME
);

-- CreateIndex
CREATE INDEX "SupervisorWard_wardCode_idx" ON "SupervisorWard"("wardCode");

-- CreateIndex
CREATE INDEX "Outcome_outcomeDate_idx" ON "Outcome"("outcomeDate");

