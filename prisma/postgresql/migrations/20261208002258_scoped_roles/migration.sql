-- AlterTable
ALTER TABLE "PersonRole" DROP CONSTRAINT "PersonRole_pkey",
ADD COLUMN     "bcu" TEXT NOT NULL DEFAULT '',
ADD CONSTRAINT "PersonRole_pkey" PRIMARY KEY ("aadObjectId", "role", "bcu");

