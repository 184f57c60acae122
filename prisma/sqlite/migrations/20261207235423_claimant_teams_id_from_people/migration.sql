-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Referral" (
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
    "claimedAt" DATETIME,
    "closedAt" DATETIME,
    "closedBy" TEXT,
    "lastChangedBy" TEXT,
    "lastChangedAt" DATETIME,
    "cardNonce" TEXT,
    CONSTRAINT "Referral_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Referral" ("activityId", "cardNonce", "caseId", "channelId", "claimDueAt", "claimedAt", "claimedBy", "claimedByName", "closedAt", "closedBy", "contactDueAt", "conversationId", "createdAt", "id", "lastChangedAt", "lastChangedBy", "postedAt", "serviceUrl", "status", "updatedAt", "version", "wardCode") SELECT "activityId", "cardNonce", "caseId", "channelId", "claimDueAt", "claimedAt", "claimedBy", "claimedByName", "closedAt", "closedBy", "contactDueAt", "conversationId", "createdAt", "id", "lastChangedAt", "lastChangedBy", "postedAt", "serviceUrl", "status", "updatedAt", "version", "wardCode" FROM "Referral";
DROP TABLE "Referral";
ALTER TABLE "new_Referral" RENAME TO "Referral";
CREATE UNIQUE INDEX "Referral_caseId_key" ON "Referral"("caseId");
CREATE INDEX "Referral_wardCode_status_idx" ON "Referral"("wardCode", "status");
CREATE INDEX "Referral_status_idx" ON "Referral"("status");
CREATE INDEX "Referral_claimedBy_status_idx" ON "Referral"("claimedBy", "status");
CREATE INDEX "Referral_conversationId_idx" ON "Referral"("conversationId");
CREATE INDEX "Referral_createdAt_idx" ON "Referral"("createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

