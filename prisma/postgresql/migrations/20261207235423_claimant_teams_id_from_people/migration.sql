-- AlterTable
ALTER TABLE "Referral" DROP COLUMN "claimedByTeamsId";

