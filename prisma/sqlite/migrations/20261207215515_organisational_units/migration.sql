-- CreateTable
CREATE TABLE "Bcu" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- Data: every ward that exists now goes into the default BCU (the column's default), so no ward or binding is lost.
INSERT INTO "Bcu" ("name") VALUES ('Default BCU');

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Ward" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "borough" TEXT NOT NULL,
    "bcuName" TEXT NOT NULL DEFAULT 'Default BCU',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "mode" TEXT NOT NULL DEFAULT 'off',
    "claimHours" REAL,
    "contactDays" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Ward_bcuName_fkey" FOREIGN KEY ("bcuName") REFERENCES "Bcu" ("name") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Ward" ("borough", "claimHours", "code", "contactDays", "createdAt", "enabled", "mode", "name", "updatedAt") SELECT "borough", "claimHours", "code", "contactDays", "createdAt", "enabled", "mode", "name", "updatedAt" FROM "Ward";
DROP TABLE "Ward";
ALTER TABLE "new_Ward" RENAME TO "Ward";
CREATE INDEX "Ward_bcuName_idx" ON "Ward"("bcuName");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

