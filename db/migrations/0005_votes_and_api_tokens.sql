CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`body_id` integer NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	`revoked_by` text,
	FOREIGN KEY (`body_id`) REFERENCES `organizing_bodies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`revoked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_body` ON `api_tokens` (`body_id`);--> statement-breakpoint
CREATE TABLE `tie_break_vote_lines` (
	`vote_id` integer NOT NULL,
	`entry_id` integer NOT NULL,
	`votes_for` integer NOT NULL,
	PRIMARY KEY(`vote_id`, `entry_id`),
	FOREIGN KEY (`vote_id`) REFERENCES `tie_break_votes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`entry_id`) REFERENCES `entries`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `tie_break_vote_lines_entry` ON `tie_break_vote_lines` (`entry_id`);--> statement-breakpoint
CREATE TABLE `tie_break_votes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`round_id` integer NOT NULL,
	`stage` integer NOT NULL,
	`voted_on` text NOT NULL,
	`members_voting` integer NOT NULL,
	`note` text,
	`recorded_by` text,
	`recorded_at` integer NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `tie_break_votes_round` ON `tie_break_votes` (`round_id`,`stage`);