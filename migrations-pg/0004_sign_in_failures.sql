CREATE TABLE "sign_in_failures" (
	"username" text NOT NULL,
	"address" text NOT NULL,
	"failures" bigint NOT NULL,
	"wait_until" bigint,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "sign_in_failures_username_address_pk" PRIMARY KEY("username","address")
);
--> statement-breakpoint
CREATE INDEX "sign_in_failures_updated" ON "sign_in_failures" USING btree ("updated_at");--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "failed_logins";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "locked_until";