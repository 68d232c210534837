CREATE INDEX "accounts_owner_id_idx" ON "accounts" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "engagement_org_id_created_at_idx" ON "engagement" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "notes_author_id_met_at_idx" ON "notes" USING btree ("author_id","met_at");--> statement-breakpoint
CREATE INDEX "stakeholder_changes_account_id_created_at_idx" ON "stakeholder_changes" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "story_posts_org_id_posted_at_idx" ON "story_posts" USING btree ("org_id","posted_at");