ALTER TABLE "procedures" ADD COLUMN "levels" jsonb DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE "procedures" ADD COLUMN "online_level" text;