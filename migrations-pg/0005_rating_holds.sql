CREATE TABLE "rating_holds" (
	"rating_id" bigint PRIMARY KEY NOT NULL,
	"reasons" jsonb NOT NULL,
	"held_at" bigint NOT NULL,
	"decision" text,
	"decided_by" bigint,
	"decided_at" bigint,
	"note" text
);
--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "kind" text DEFAULT 'drop' NOT NULL;--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "issuer_id" bigint;--> statement-breakpoint
ALTER TABLE "rating_tokens" ADD COLUMN "issued_from" text;--> statement-breakpoint
ALTER TABLE "rating_holds" ADD CONSTRAINT "rating_holds_rating_id_ratings_id_fk" FOREIGN KEY ("rating_id") REFERENCES "public"."ratings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_holds" ADD CONSTRAINT "rating_holds_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rating_holds_decision" ON "rating_holds" USING btree ("decision");--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_issuer_id_users_id_fk" FOREIGN KEY ("issuer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;