-- AlterTable
ALTER TABLE "Ward" ADD COLUMN     "claimHours" DOUBLE PRECISION,
ADD COLUMN     "contactDays" INTEGER;

-- CreateTable
CREATE TABLE "SupervisorWard" (
    "aadObjectId" TEXT NOT NULL,
    "wardCode" TEXT NOT NULL,
    "assignedBy" TEXT NOT NULL,
    "assignedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SupervisorWard_pkey" PRIMARY KEY ("aadObjectId","wardCode")
);

-- CreateTable
CREATE TABLE "Outcome" (
    "caseId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "outcomeDate" TIMESTAMP(3) NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL,
    "recordedBy" TEXT NOT NULL,
    "source" TEXT NOT NULL,

    CONSTRAINT "Outcome_pkey" PRIMARY KEY ("caseId")
);

-- CreateTable
CREATE TABLE "Reminder" (
    "referralId" INTEGER NOT NULL,
    "stage" TEXT NOT NULL,
    "queuedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Reminder_pkey" PRIMARY KEY ("referralId","stage")
);

-- CreateTable
CREATE TABLE "JobLease" (
    "name" TEXT NOT NULL,
    "owner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "lastSlot" TIMESTAMP(3),
    "lastRunAt" TIMESTAMP(3),

    CONSTRAINT "JobLease_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "SupervisorWard_wardCode_idx" ON "SupervisorWard"("wardCode");

-- CreateIndex
CREATE INDEX "Outcome_outcomeDate_idx" ON "Outcome"("outcomeDate");

-- AddForeignKey
ALTER TABLE "SupervisorWard" ADD CONSTRAINT "SupervisorWard_wardCode_fkey" FOREIGN KEY ("wardCode") REFERENCES "Ward"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Outcome" ADD CONSTRAINT "Outcome_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

