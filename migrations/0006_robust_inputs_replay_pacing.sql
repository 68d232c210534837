CREATE TABLE "pace_buckets" (
	"org_id" uuid NOT NULL,
	"key" text NOT NULL,
	"next_free_at" timestamp with time zone NOT NULL,
	"held_until" timestamp with time zone,
	CONSTRAINT "pace_buckets_org_id_key_pk" PRIMARY KEY("org_id","key")
);
--> statement-breakpoint
CREATE TABLE "pending_commands" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"command" text NOT NULL,
	"text" text NOT NULL,
	"typed" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_signatures" (
	"org_id" uuid NOT NULL,
	"signature" text NOT NULL,
	"seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "webhook_signatures_org_id_signature_pk" PRIMARY KEY("org_id","signature")
);
--> statement-breakpoint
ALTER TABLE "pace_buckets" ADD CONSTRAINT "pace_buckets_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pending_commands" ADD CONSTRAINT "pending_commands_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pending_commands" ADD CONSTRAINT "pending_commands_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_signatures" ADD CONSTRAINT "webhook_signatures_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pace_buckets_next_free_at_idx" ON "pace_buckets" USING btree ("next_free_at");--> statement-breakpoint
CREATE INDEX "pending_commands_org_id_expires_at_idx" ON "pending_commands" USING btree ("org_id","expires_at");--> statement-breakpoint
CREATE INDEX "webhook_signatures_seen_at_idx" ON "webhook_signatures" USING btree ("seen_at");--> statement-breakpoint
-- custom: names typed with invisible or bidi characters before inputs were cleaned get the name and key
-- cleanName/nameKey give today (src/domain/names.ts), unless another row already holds that key.
UPDATE "accounts" a SET "name" = btrim(regexp_replace(regexp_replace(regexp_replace(a.name, '\u200b', ' ', 'g'), '[\u00ad\u061c\u180e\u200c-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]', '', 'g'), '\s+', ' ', 'g')),
  "name_key" = k.key
FROM (SELECT id, btrim(regexp_replace(regexp_replace(regexp_replace(name_key, '\u200b', ' ', 'g'), '[\u00ad\u061c\u180e\u200c-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]', '', 'g'), '\s+', ' ', 'g')) AS key FROM "accounts") k
WHERE a.id = k.id AND a.name_key <> k.key AND k.key <> ''
  AND NOT EXISTS (SELECT 1 FROM "accounts" o WHERE o.org_id = a.org_id AND o.name_key = k.key);
--> statement-breakpoint
UPDATE "people" p SET "name" = btrim(regexp_replace(regexp_replace(regexp_replace(p.name, '\u200b', ' ', 'g'), '[\u00ad\u061c\u180e\u200c-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]', '', 'g'), '\s+', ' ', 'g')),
  "name_key" = k.key
FROM (SELECT id, btrim(regexp_replace(regexp_replace(regexp_replace(name_key, '\u200b', ' ', 'g'), '[\u00ad\u061c\u180e\u200c-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]', '', 'g'), '\s+', ' ', 'g')) AS key FROM "people") k
WHERE p.id = k.id AND p.name_key <> k.key AND k.key <> ''
  AND NOT EXISTS (SELECT 1 FROM "people" o WHERE o.account_id = p.account_id AND o.name_key = k.key);
