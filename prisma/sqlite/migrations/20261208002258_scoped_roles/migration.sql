-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PersonRole" (
    "aadObjectId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "bcu" TEXT NOT NULL DEFAULT '',
    "grantedBy" TEXT NOT NULL,
    "grantedAt" DATETIME NOT NULL,

    PRIMARY KEY ("aadObjectId", "role", "bcu"),
    CONSTRAINT "PersonRole_aadObjectId_fkey" FOREIGN KEY ("aadObjectId") REFERENCES "Person" ("aadObjectId") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_PersonRole" ("aadObjectId", "grantedAt", "grantedBy", "role") SELECT "aadObjectId", "grantedAt", "grantedBy", "role" FROM "PersonRole";
DROP TABLE "PersonRole";
ALTER TABLE "new_PersonRole" RENAME TO "PersonRole";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

