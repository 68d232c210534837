-- Custom SQL migration file, put your code below! --
-- custom: /hallway ask searches notes with this generated tsvector and its GIN index.
-- Not in schema.ts on purpose: drizzle would then read the vector back with every note.
-- Weights: the customer's words (A), what was heard (B: summary, pains, wants), the note as typed (D,
-- where discovery clauses live). array_to_string is only STABLE, which a generated column refuses, so
-- the arrays are read item by item (a note holds at most 10 of each); 'english' is spelt out because
-- to_tsvector is only IMMUTABLE with an explicit configuration.
ALTER TABLE "notes" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('english', coalesce(quote, '')), 'A')
  || setweight(to_tsvector('english', coalesce(summary, '') || ' ' || coalesce(pains[1], '') || ' ' || coalesce(pains[2], '') || ' ' || coalesce(pains[3], '') || ' ' || coalesce(pains[4], '') || ' ' || coalesce(pains[5], '') || ' ' || coalesce(pains[6], '') || ' ' || coalesce(pains[7], '') || ' ' || coalesce(pains[8], '') || ' ' || coalesce(pains[9], '') || ' ' || coalesce(pains[10], '') || ' ' || coalesce(wants[1], '') || ' ' || coalesce(wants[2], '') || ' ' || coalesce(wants[3], '') || ' ' || coalesce(wants[4], '') || ' ' || coalesce(wants[5], '') || ' ' || coalesce(wants[6], '') || ' ' || coalesce(wants[7], '') || ' ' || coalesce(wants[8], '') || ' ' || coalesce(wants[9], '') || ' ' || coalesce(wants[10], '')), 'B')
  || setweight(to_tsvector('english', raw_text), 'D')
) STORED;--> statement-breakpoint
CREATE INDEX "notes_search_idx" ON "notes" USING gin ("search");
