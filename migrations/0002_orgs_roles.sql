CREATE TABLE "pair_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"code_hash" text NOT NULL,
	"created_by" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pair_codes_code_hash_key" UNIQUE("code_hash")
);
--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "role" SET DEFAULT 'member';--> statement-breakpoint
ALTER TABLE "orgs" ADD COLUMN "webhook_secret" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "profile_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "pair_codes" ADD CONSTRAINT "pair_codes_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pair_codes" ADD CONSTRAINT "pair_codes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- custom: roles are granted now, never claimed by use. Managers keep their role
-- (their digests and teams keep working); engineers and account managers are members.
UPDATE "users" SET "role" = 'member' WHERE "role" NOT IN ('admin', 'manager');
