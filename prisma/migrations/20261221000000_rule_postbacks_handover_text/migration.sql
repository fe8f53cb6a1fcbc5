-- An Incoming message rule also answers postbacks (a quick reply's tap) unless the tenant separates them.
ALTER TABLE "Rule" ADD COLUMN "coversPostbacks" BOOLEAN NOT NULL DEFAULT true;

-- What the customer reads when this rule's conversation is handed to an agent (null: the friendly default).
ALTER TABLE "Rule" ADD COLUMN "handoverText" TEXT;
