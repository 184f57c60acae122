-- CreateIndex
CREATE INDEX "Case_importedAt_idx" ON "Case"("importedAt");

-- CreateIndex
CREATE INDEX "Referral_createdAt_idx" ON "Referral"("createdAt");

