-- Hand-written. A channel message ID is unique per sender on an asset, not per asset: one
-- visitor reusing another visitor's messageId must not be answered with that visitor's
-- conversation (and lose its own text).
DROP INDEX "Message_channelAssetId_channelMessageId_key";

CREATE UNIQUE INDEX "Message_channelAssetId_channelUserId_channelMessageId_key" ON "Message"("channelAssetId", "channelUserId", "channelMessageId");
