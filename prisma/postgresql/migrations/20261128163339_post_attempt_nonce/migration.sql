-- AlterTable
ALTER TABLE "Referral" ADD COLUMN     "cardNonce" TEXT;

-- CreateTable
CREATE TABLE "PostAttempt" (
    "nonce" TEXT NOT NULL,
    "referralId" INTEGER NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PostAttempt_pkey" PRIMARY KEY ("nonce")
);

-- CreateIndex
CREATE INDEX "PostAttempt_referralId_idx" ON "PostAttempt"("referralId");

-- CreateIndex
CREATE INDEX "Referral_conversationId_idx" ON "Referral"("conversationId");

