-- A web chat's visitor tokens are signed with the asset's epoch: moving it on signs every visitor out.
ALTER TABLE "ChannelAsset" ADD COLUMN "visitorTokenEpoch" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "ChannelAsset" ADD COLUMN "visitorsSignedOutAt" TIMESTAMP(3);
