-- AlterTable
ALTER TABLE "Referral" ADD COLUMN "cardNonce" TEXT;

-- CreateTable
CREATE TABLE "PostAttempt" (
    "nonce" TEXT NOT NULL PRIMARY KEY,
    "referralId" INTEGER NOT NULL,
    "sentAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "PostAttempt_referralId_idx" ON "PostAttempt"("referralId");

-- CreateIndex
CREATE INDEX "Referral_conversationId_idx" ON "Referral"("conversationId");

