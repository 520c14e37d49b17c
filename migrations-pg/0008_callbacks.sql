ALTER TABLE "follow_ups" ADD COLUMN "status" text DEFAULT 'open' NOT NULL;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD COLUMN "note" text;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD COLUMN "handled_by" bigint;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD COLUMN "handled_at" bigint;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_handled_by_users_id_fk" FOREIGN KEY ("handled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;