-- Search by message text in the inspector: full-text search within one tenant. The "simple"
-- configuration (no stemming) suits customers writing in any language. btree_gin lets the
-- tenant be part of the same GIN index, so one tenant's search never reads another's matches.
-- Hand-written (an expression index Prisma's schema cannot say).
CREATE EXTENSION IF NOT EXISTS btree_gin;

CREATE INDEX "Message_text_search_idx" ON "Message" USING gin ("tenantId", to_tsvector('simple', coalesce("text", '')));
