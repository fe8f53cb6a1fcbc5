-- A conversation's timeline reads its deliveries (and those carrying its messages) newest
-- first, and the list's "with a failed delivery" filter and counts look them up by
-- conversation: index scans instead of reading every delivery of the tenant. The message
-- index also serves the cascade when a message is deleted.
CREATE INDEX "Delivery_conversationId_seq_idx" ON "Delivery"("conversationId", "seq");

CREATE INDEX "Delivery_messageId_idx" ON "Delivery"("messageId");
