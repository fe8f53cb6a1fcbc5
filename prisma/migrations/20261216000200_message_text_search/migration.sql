-- Search by message text in the inspector: full-text search within one tenant. The "simple"
-- configuration (no stemming) suits customers writing in any language. The index holds the
-- words only: a tenant column in it (btree_gin) made every accepted message update one shared
-- entry (measured once: the accept path a third slower at a million messages). The tenant is
-- checked on the rows the words find.
-- Hand-written (an expression index Prisma's schema cannot say).
CREATE INDEX "Message_text_search_idx" ON "Message" USING gin (to_tsvector('simple', coalesce("text", '')));
