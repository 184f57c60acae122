-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "WardMode" AS ENUM ('trial', 'rollout', 'off');

-- CreateEnum
CREATE TYPE "BindingStatus" AS ENUM ('active', 'broken');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('admin', 'hcop', 'inspector', 'supervisor', 'officer');

-- CreateTable
CREATE TABLE "Ward" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "borough" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "mode" "WardMode" NOT NULL DEFAULT 'off',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Ward_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "WardBinding" (
    "wardCode" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "serviceUrl" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "conversationRef" TEXT NOT NULL,
    "status" "BindingStatus" NOT NULL DEFAULT 'active',
    "boundBy" TEXT NOT NULL,
    "boundAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WardBinding_pkey" PRIMARY KEY ("wardCode")
);

-- CreateTable
CREATE TABLE "Team" (
    "id" TEXT NOT NULL,
    "aadGroupId" TEXT,
    "name" TEXT,
    "tenantId" TEXT NOT NULL,
    "serviceUrl" TEXT NOT NULL,
    "generalChannelId" TEXT NOT NULL,
    "installedAt" TIMESTAMP(3) NOT NULL,
    "removedAt" TIMESTAMP(3),

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Channel" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "name" TEXT,
    "deletedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Channel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Person" (
    "aadObjectId" TEXT NOT NULL,
    "teamsUserId" TEXT,
    "displayName" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("aadObjectId")
);

-- CreateTable
CREATE TABLE "PersonRole" (
    "aadObjectId" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "grantedBy" TEXT NOT NULL,
    "grantedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PersonRole_pkey" PRIMARY KEY ("aadObjectId","role")
);

-- CreateTable
CREATE TABLE "Event" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "details" TEXT NOT NULL,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "WardBinding" ADD CONSTRAINT "WardBinding_wardCode_fkey" FOREIGN KEY ("wardCode") REFERENCES "Ward"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Channel" ADD CONSTRAINT "Channel_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PersonRole" ADD CONSTRAINT "PersonRole_aadObjectId_fkey" FOREIGN KEY ("aadObjectId") REFERENCES "Person"("aadObjectId") ON DELETE RESTRICT ON UPDATE CASCADE;

