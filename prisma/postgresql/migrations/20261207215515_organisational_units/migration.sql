-- AlterTable
ALTER TABLE "Ward" ADD COLUMN     "bcuName" TEXT NOT NULL DEFAULT 'Default BCU';

-- CreateTable
CREATE TABLE "Bcu" (
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Bcu_pkey" PRIMARY KEY ("name")
);

-- Data: every ward that exists now goes into the default BCU (the column's default), so no ward or binding is lost.
INSERT INTO "Bcu" ("name") VALUES ('Default BCU');

-- CreateIndex
CREATE INDEX "Ward_bcuName_idx" ON "Ward"("bcuName");

-- AddForeignKey
ALTER TABLE "Ward" ADD CONSTRAINT "Ward_bcuName_fkey" FOREIGN KEY ("bcuName") REFERENCES "Bcu"("name") ON DELETE RESTRICT ON UPDATE CASCADE;

