ALTER TABLE `procedures` ADD `levels` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `procedures` ADD `online_level` text;