CREATE TABLE `complaint_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`complaint_id` integer NOT NULL,
	`kind` text NOT NULL,
	`note` text,
	`actor_user_id` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`complaint_id`) REFERENCES `complaints`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `complaint_events_complaint` ON `complaint_events` (`complaint_id`);--> statement-breakpoint
CREATE TABLE `complaint_files` (
	`complaint_id` integer NOT NULL,
	`file_id` integer NOT NULL,
	PRIMARY KEY(`complaint_id`, `file_id`),
	FOREIGN KEY (`complaint_id`) REFERENCES `complaints`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `reminder_deliveries` (
	`key` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`round_id` integer,
	`user_id` text,
	`via` text DEFAULT 'schedule' NOT NULL,
	`sent_at` integer NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `scheduler_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`task` text NOT NULL,
	`worker` text NOT NULL,
	`status` text NOT NULL,
	`sent` integer DEFAULT 0 NOT NULL,
	`detail` text,
	`started_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE INDEX `scheduler_runs_task` ON `scheduler_runs` (`task`,`started_at`);--> statement-breakpoint
ALTER TABLE `certificates` ADD `prize_name` text;--> statement-breakpoint
ALTER TABLE `complaints` ADD `number` text;--> statement-breakpoint
ALTER TABLE `complaints` ADD `named_member_id` integer REFERENCES council_members(id);--> statement-breakpoint
ALTER TABLE `complaints` ADD `answer_due_on` text;--> statement-breakpoint
ALTER TABLE `complaints` ADD `recheck_member_id` integer REFERENCES council_members(id);--> statement-breakpoint
ALTER TABLE `complaints` ADD `recheck_note` text;--> statement-breakpoint
ALTER TABLE `complaints` ADD `outcome` text;--> statement-breakpoint
ALTER TABLE `complaints` ADD `answered_at` integer;--> statement-breakpoint
ALTER TABLE `complaints` ADD `amended_decision_id` integer REFERENCES recognition_decisions(id);--> statement-breakpoint
CREATE INDEX `complaints_entry` ON `complaints` (`entry_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `complaints_number` ON `complaints` (`number`);--> statement-breakpoint
ALTER TABLE `council_verdicts` ADD `prize_reason` text;--> statement-breakpoint
ALTER TABLE `establishments` ADD `bank_account_no` text;--> statement-breakpoint
ALTER TABLE `establishments` ADD `bank_name` text;--> statement-breakpoint
ALTER TABLE `establishments` ADD `bank_account_holder` text;--> statement-breakpoint
ALTER TABLE `recognition_decisions` ADD `amends_decision_id` integer;--> statement-breakpoint
ALTER TABLE `recognition_decisions` ADD `complaint_id` integer;--> statement-breakpoint
ALTER TABLE `rounds` ADD `release_comments` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `rounds` ADD `complaint_window_working_days` integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE `rounds` ADD `complaint_answer_days` integer DEFAULT 30 NOT NULL;