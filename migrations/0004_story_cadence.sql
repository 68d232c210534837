ALTER TABLE "channel_subscriptions" ADD COLUMN "cadence_level" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "channel_subscriptions" ADD COLUMN "cadence_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "channel_subscriptions" ADD COLUMN "channel_name" text;