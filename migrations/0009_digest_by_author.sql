DROP INDEX "notes_org_id_met_at_account_id_idx";--> statement-breakpoint
ALTER TABLE "stories" ADD COLUMN "author_id" uuid;--> statement-breakpoint
CREATE INDEX "engagement_story_post_id_created_at_idx" ON "engagement" USING btree ("story_post_id","created_at");--> statement-breakpoint
CREATE INDEX "notes_org_id_met_at_account_id_author_id_idx" ON "notes" USING btree ("org_id","met_at","account_id","author_id");--> statement-breakpoint
CREATE INDEX "stories_author_id_id_idx" ON "stories" USING btree ("author_id","id");--> statement-breakpoint
CREATE INDEX "story_posts_story_id_idx" ON "story_posts" USING btree ("story_id");--> statement-breakpoint
-- custom: stories.author_id is the story's note's author, kept by the database rather than the app, so
-- that every way a story is written (the app, imports, tests' fixtures) gets it right.
CREATE FUNCTION "stories_set_author_id"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.author_id := (SELECT n.author_id FROM notes n WHERE n.id = NEW.note_id);
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "stories_set_author_id" BEFORE INSERT OR UPDATE OF note_id, author_id ON "stories"
  FOR EACH ROW EXECUTE FUNCTION "stories_set_author_id"();--> statement-breakpoint
CREATE FUNCTION "notes_author_id_to_stories"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE stories SET author_id = NEW.author_id WHERE note_id = NEW.id;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "notes_author_id_to_stories" AFTER UPDATE OF author_id ON "notes"
  FOR EACH ROW WHEN (OLD.author_id IS DISTINCT FROM NEW.author_id) EXECUTE FUNCTION "notes_author_id_to_stories"();--> statement-breakpoint
UPDATE "stories" st SET "author_id" = n."author_id" FROM "notes" n WHERE n."id" = st."note_id";
