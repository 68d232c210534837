DROP INDEX "deliveries_status_next_attempt_at_idx";--> statement-breakpoint
CREATE INDEX "deliveries_due_idx" ON "deliveries" USING btree ("status","next_attempt_at","created_at");