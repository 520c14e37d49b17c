ALTER TABLE `kiosk_devices` ADD `last_seen_at` integer;--> statement-breakpoint
ALTER TABLE `kiosk_devices` ADD `last_refused_at` integer;