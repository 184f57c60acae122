-- CreateTable
CREATE TABLE "Ward" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "borough" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "mode" TEXT NOT NULL DEFAULT 'off',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "WardBinding" (
    "wardCode" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "serviceUrl" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "conversationRef" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "boundBy" TEXT NOT NULL,
    "boundAt" DATETIME NOT NULL,
    CONSTRAINT "WardBinding_wardCode_fkey" FOREIGN KEY ("wardCode") REFERENCES "Ward" ("code") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Team" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "aadGroupId" TEXT,
    "name" TEXT,
    "tenantId" TEXT NOT NULL,
    "serviceUrl" TEXT NOT NULL,
    "generalChannelId" TEXT NOT NULL,
    "installedAt" DATETIME NOT NULL,
    "removedAt" DATETIME
);

-- CreateTable
CREATE TABLE "Channel" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT NOT NULL,
    "name" TEXT,
    "deletedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Channel_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Person" (
    "aadObjectId" TEXT NOT NULL PRIMARY KEY,
    "teamsUserId" TEXT,
    "displayName" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "PersonRole" (
    "aadObjectId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "grantedBy" TEXT NOT NULL,
    "grantedAt" DATETIME NOT NULL,

    PRIMARY KEY ("aadObjectId", "role"),
    CONSTRAINT "PersonRole_aadObjectId_fkey" FOREIGN KEY ("aadObjectId") REFERENCES "Person" ("aadObjectId") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Event" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "details" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "WardBinding_channelId_idx" ON "WardBinding"("channelId");

-- CreateIndex
CREATE INDEX "Channel_teamId_idx" ON "Channel"("teamId");

-- CreateIndex
CREATE INDEX "Person_teamsUserId_idx" ON "Person"("teamsUserId");

-- CreateIndex
CREATE INDEX "Event_subjectType_subjectId_idx" ON "Event"("subjectType", "subjectId");

-- CreateIndex
CREATE INDEX "Event_at_idx" ON "Event"("at");

