ALTER TABLE "kiosk_devices" ADD COLUMN "last_seen_at" bigint;--> statement-breakpoint
ALTER TABLE "kiosk_devices" ADD COLUMN "last_refused_at" bigint;