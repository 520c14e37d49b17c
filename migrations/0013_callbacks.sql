ALTER TABLE `follow_ups` ADD `status` text DEFAULT 'open' NOT NULL;--> statement-breakpoint
ALTER TABLE `follow_ups` ADD `note` text;--> statement-breakpoint
ALTER TABLE `follow_ups` ADD `handled_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `follow_ups` ADD `handled_at` integer;