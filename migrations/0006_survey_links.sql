ALTER TABLE `survey_respondents` ADD `link_hash` text;--> statement-breakpoint
CREATE UNIQUE INDEX `survey_respondents_link_hash_unique` ON `survey_respondents` (`link_hash`);