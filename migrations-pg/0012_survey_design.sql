ALTER TABLE "par_assessments" ADD COLUMN "publish_override" text;--> statement-breakpoint
ALTER TABLE "survey_respondents" ADD COLUMN "stratum" text;--> statement-breakpoint
ALTER TABLE "survey_respondents" ADD COLUMN "cluster" text;--> statement-breakpoint
ALTER TABLE "survey_waves" ADD COLUMN "design_effect" double precision DEFAULT 1 NOT NULL;