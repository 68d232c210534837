CREATE TABLE "discovery_values" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"field" text NOT NULL,
	"value" text NOT NULL,
	"level" text,
	"note_id" uuid,
	"set_by" uuid,
	"source" text NOT NULL,
	"status" text DEFAULT 'confirmed' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"confirmed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "discovery_values" ADD CONSTRAINT "discovery_values_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discovery_values" ADD CONSTRAINT "discovery_values_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discovery_values" ADD CONSTRAINT "discovery_values_note_id_notes_id_fk" FOREIGN KEY ("note_id") REFERENCES "public"."notes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discovery_values" ADD CONSTRAINT "discovery_values_set_by_users_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "discovery_values_person_id_field_created_at_idx" ON "discovery_values" USING btree ("person_id","field","created_at");--> statement-breakpoint
CREATE INDEX "discovery_values_org_id_created_at_idx" ON "discovery_values" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "notes_org_id_met_at_idx" ON "notes" USING btree ("org_id","met_at");