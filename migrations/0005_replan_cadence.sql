CREATE TABLE "replan_flows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"change_id" uuid,
	"started_by" uuid,
	"step" text NOT NULL,
	"trail" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"summary" text,
	"note_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "channel_subscriptions" ADD COLUMN "cadence_level" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "channel_subscriptions" ADD COLUMN "cadence_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "channel_subscriptions" ADD COLUMN "channel_name" text;--> statement-breakpoint
ALTER TABLE "replan_flows" ADD CONSTRAINT "replan_flows_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replan_flows" ADD CONSTRAINT "replan_flows_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replan_flows" ADD CONSTRAINT "replan_flows_change_id_stakeholder_changes_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."stakeholder_changes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replan_flows" ADD CONSTRAINT "replan_flows_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replan_flows" ADD CONSTRAINT "replan_flows_note_id_notes_id_fk" FOREIGN KEY ("note_id") REFERENCES "public"."notes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "replan_flows_open_person_key" ON "replan_flows" USING btree ("person_id") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "replan_flows_org_id_person_id_idx" ON "replan_flows" USING btree ("org_id","person_id");