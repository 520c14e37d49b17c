DROP INDEX `ratings_unit_rated`;--> statement-breakpoint
CREATE INDEX `ratings_unit_rated` ON `ratings` (`unit_id`,`rated_at`,`level`,`counted`,`channel`);