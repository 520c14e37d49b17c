ALTER TABLE `survey_respondents` ADD `stratum` text;--> statement-breakpoint
ALTER TABLE `survey_respondents` ADD `cluster` text;