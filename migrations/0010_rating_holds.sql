CREATE TABLE `rating_holds` (
	`rating_id` integer PRIMARY KEY NOT NULL,
	`reasons` text NOT NULL,
	`held_at` integer NOT NULL,
	`decision` text,
	`decided_by` integer,
	`decided_at` integer,
	`note` text,
	FOREIGN KEY (`rating_id`) REFERENCES `ratings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `rating_holds_decision` ON `rating_holds` (`decision`);--> statement-breakpoint
ALTER TABLE `alerts` ADD `kind` text DEFAULT 'drop' NOT NULL;--> statement-breakpoint
ALTER TABLE `alerts` ADD `issuer_id` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `rating_tokens` ADD `issued_from` text;