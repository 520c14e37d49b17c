ALTER TABLE "par_assessments" ADD COLUMN "publish_override" text;--> statement-breakpoint
ALTER TABLE "survey_respondents" ADD COLUMN "stratum" text;--> statement-breakpoint
ALTER TABLE "survey_respondents" ADD COLUMN "cluster" text;