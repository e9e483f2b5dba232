CREATE TABLE `admin_units` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`level` text NOT NULL,
	`parent_id` integer,
	`region_code` text,
	`valid_from` text NOT NULL,
	`valid_to` text,
	`successor_of` text,
	`search_key` text NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `admin_units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `admin_units_code_from` ON `admin_units` (`level`,`code`,`valid_from`);--> statement-breakpoint
CREATE INDEX `admin_units_parent` ON `admin_units` (`parent_id`);--> statement-breakpoint
CREATE TABLE `app_meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entry_id` integer NOT NULL,
	`council_member_id` integer NOT NULL,
	`stage` integer DEFAULT 1 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `entries`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`council_member_id`) REFERENCES `council_members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `assignments_unique` ON `assignments` (`entry_id`,`council_member_id`,`stage`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`actor_user_id` text,
	`action` text NOT NULL,
	`object_type` text NOT NULL,
	`object_id` text,
	`data` text,
	`ip` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_object` ON `audit_log` (`object_type`,`object_id`);--> statement-breakpoint
CREATE INDEX `audit_actor` ON `audit_log` (`actor_user_id`);--> statement-breakpoint
CREATE TABLE `body_staff` (
	`body_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`position` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`body_id`, `user_id`),
	FOREIGN KEY (`body_id`) REFERENCES `organizing_bodies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `body_staff_user` ON `body_staff` (`user_id`);--> statement-breakpoint
CREATE TABLE `certificates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entry_id` integer NOT NULL,
	`decision_id` integer NOT NULL,
	`number` text NOT NULL,
	`public_code` text NOT NULL,
	`product_name` text NOT NULL,
	`producer_name` text NOT NULL,
	`producer_address` text NOT NULL,
	`product_group_id` integer NOT NULL,
	`level` text NOT NULL,
	`year` integer NOT NULL,
	`province_id` integer,
	`issued_on` text NOT NULL,
	`valid_until` text NOT NULL,
	`revoked_at` integer,
	`revoke_reason` text,
	`revoked_by` text,
	`pdf_file_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `entries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decision_id`) REFERENCES `recognition_decisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_group_id`) REFERENCES `product_groups`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`province_id`) REFERENCES `admin_units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`revoked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`pdf_file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_entry_id_unique` ON `certificates` (`entry_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_number_unique` ON `certificates` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_public_code_unique` ON `certificates` (`public_code`);--> statement-breakpoint
CREATE INDEX `certificates_level_year` ON `certificates` (`level`,`year`);--> statement-breakpoint
CREATE TABLE `complaints` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`round_id` integer NOT NULL,
	`entry_id` integer,
	`submitted_by` text,
	`body` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`response` text,
	`responded_by` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`resolved_at` integer,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entry_id`) REFERENCES `entries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submitted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`responded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `complaints_round` ON `complaints` (`round_id`);--> statement-breakpoint
CREATE TABLE `conflicts_of_interest` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entry_id` integer NOT NULL,
	`council_member_id` integer NOT NULL,
	`reason` text NOT NULL,
	`declared_by` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `entries`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`council_member_id`) REFERENCES `council_members`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`declared_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conflicts_unique` ON `conflicts_of_interest` (`entry_id`,`council_member_id`);--> statement-breakpoint
CREATE TABLE `council_members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`council_id` integer NOT NULL,
	`user_id` text,
	`full_name` text NOT NULL,
	`title` text,
	`affiliation` text,
	`email` text,
	`role` text DEFAULT 'member' NOT NULL,
	`is_judge` integer DEFAULT true NOT NULL,
	`product_group_ids` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `council_members_council` ON `council_members` (`council_id`);--> statement-breakpoint
CREATE INDEX `council_members_user` ON `council_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `council_verdicts` (
	`entry_id` integer PRIMARY KEY NOT NULL,
	`recognised` integer NOT NULL,
	`note` text,
	`votes_for` integer,
	`votes_against` integer,
	`votes_abstain` integer,
	`prize_code` text,
	`decision_id` integer,
	`decided_by` text,
	`decided_at` integer NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `entries`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`decision_id`) REFERENCES `recognition_decisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `councils` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`round_id` integer NOT NULL,
	`name` text NOT NULL,
	`established_by_decision` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `councils_round_id_unique` ON `councils` (`round_id`);--> statement-breakpoint
CREATE TABLE `criteria` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sheet_id` integer NOT NULL,
	`parent_id` integer,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`max_tenths` integer NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`sheet_id`) REFERENCES `criteria_sheets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`parent_id`) REFERENCES `criteria`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `criteria_sheet_code` ON `criteria` (`sheet_id`,`code`);--> statement-breakpoint
CREATE TABLE `criteria_sheets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`version` integer NOT NULL,
	`name` text NOT NULL,
	`product_group_id` integer,
	`is_official` integer DEFAULT false NOT NULL,
	`score_sub_criteria` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`product_group_id`) REFERENCES `product_groups`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `criteria_sheets_code_version` ON `criteria_sheets` (`code`,`version`);--> statement-breakpoint
CREATE TABLE `document_types` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text NOT NULL,
	`requirement` text NOT NULL,
	`min_files` integer DEFAULT 1 NOT NULL,
	`max_files` integer DEFAULT 1 NOT NULL,
	`accepts` text NOT NULL,
	`position` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `dossier_documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entry_id` integer NOT NULL,
	`doc_type` text NOT NULL,
	`file_id` integer NOT NULL,
	`slot_index` integer DEFAULT 0 NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`superseded_at` integer,
	`carried_from_document_id` integer,
	`uploaded_by` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `entries`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`doc_type`) REFERENCES `document_types`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`carried_from_document_id`) REFERENCES `dossier_documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `dossier_docs_entry` ON `dossier_documents` (`entry_id`,`doc_type`);--> statement-breakpoint
CREATE TABLE `entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`round_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	`establishment_id` integer NOT NULL,
	`dossier_no` text,
	`voting_code` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`stage` integer DEFAULT 1 NOT NULL,
	`nominated_from_entry_id` integer,
	`submitted_at` integer,
	`answer_by` text,
	`withdrawn_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`establishment_id`) REFERENCES `establishments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`nominated_from_entry_id`) REFERENCES `entries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `entries_round_product` ON `entries` (`round_id`,`product_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `entries_dossier_no` ON `entries` (`dossier_no`);--> statement-breakpoint
CREATE INDEX `entries_round_status` ON `entries` (`round_id`,`status`);--> statement-breakpoint
CREATE INDEX `entries_establishment` ON `entries` (`establishment_id`);--> statement-breakpoint
CREATE TABLE `entry_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entry_id` integer NOT NULL,
	`type` text NOT NULL,
	`from_status` text,
	`to_status` text,
	`actor_user_id` text,
	`message` text,
	`data` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `entries`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `entry_events_entry` ON `entry_events` (`entry_id`);--> statement-breakpoint
CREATE TABLE `establishment_members` (
	`establishment_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`role` text DEFAULT 'member' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`establishment_id`, `user_id`),
	FOREIGN KEY (`establishment_id`) REFERENCES `establishments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `est_members_user` ON `establishment_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `establishments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`legal_type` text NOT NULL,
	`name` text NOT NULL,
	`registration_no` text,
	`unit_id` integer,
	`province_id` integer,
	`street` text,
	`representative` text,
	`phone` text,
	`email` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `admin_units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`province_id`) REFERENCES `admin_units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `establishments_province` ON `establishments` (`province_id`);--> statement-breakpoint
CREATE INDEX `establishments_unit` ON `establishments` (`unit_id`);--> statement-breakpoint
CREATE TABLE `files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`storage` text NOT NULL,
	`storage_key` text NOT NULL,
	`original_name` text NOT NULL,
	`mime_type` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`uploaded_by` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `files_storage_key` ON `files` (`storage`,`storage_key`);--> statement-breakpoint
CREATE INDEX `files_sha` ON `files` (`sha256`);--> statement-breakpoint
CREATE TABLE `holidays` (
	`date` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `invitations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token_hash` text NOT NULL,
	`email` text NOT NULL,
	`kind` text NOT NULL,
	`body_id` integer,
	`council_member_id` integer,
	`invited_by` text,
	`expires_at` integer NOT NULL,
	`accepted_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`body_id`) REFERENCES `organizing_bodies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`council_member_id`) REFERENCES `council_members`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invited_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_token_hash_unique` ON `invitations` (`token_hash`);--> statement-breakpoint
CREATE TABLE `mail_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`to_address` text NOT NULL,
	`subject` text NOT NULL,
	`text_body` text NOT NULL,
	`transport` text NOT NULL,
	`sent_at` integer,
	`error` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`body` text DEFAULT '' NOT NULL,
	`link` text,
	`read_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `notifications_user` ON `notifications` (`user_id`,`read_at`);--> statement-breakpoint
CREATE TABLE `organizing_bodies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`level` text NOT NULL,
	`unit_id` integer,
	`region_code` text,
	`email` text,
	`phone` text,
	`address` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `admin_units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `bodies_unit` ON `organizing_bodies` (`unit_id`);--> statement-breakpoint
CREATE TABLE `password_reset_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `product_groups` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`short_name` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `product_photos` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`product_id` integer NOT NULL,
	`file_id` integer NOT NULL,
	`caption` text,
	`position` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `product_photos_product` ON `product_photos` (`product_id`);--> statement-breakpoint
CREATE TABLE `products` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`establishment_id` integer NOT NULL,
	`name` text NOT NULL,
	`product_group_id` integer NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`is_set` integer DEFAULT false NOT NULL,
	`archived_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`establishment_id`) REFERENCES `establishments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_group_id`) REFERENCES `product_groups`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `products_establishment` ON `products` (`establishment_id`);--> statement-breakpoint
CREATE TABLE `recognition_decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`round_id` integer NOT NULL,
	`number` text NOT NULL,
	`signed_on` text NOT NULL,
	`signer_name` text NOT NULL,
	`signer_title` text NOT NULL,
	`issuer` text NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `decisions_round` ON `recognition_decisions` (`round_id`);--> statement-breakpoint
CREATE TABLE `regions` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`position` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `results` (
	`entry_id` integer NOT NULL,
	`stage` integer NOT NULL,
	`judges_count` integer NOT NULL,
	`sum_tenths` integer NOT NULL,
	`group_sums_tenths` text NOT NULL,
	`min_tenths` integer NOT NULL,
	`max_tenths` integer NOT NULL,
	`discrepancy` integer DEFAULT false NOT NULL,
	`passed` integer DEFAULT false NOT NULL,
	`rank` integer,
	`rank_in_group` integer,
	`tie_rule` text,
	`recommended` integer DEFAULT false NOT NULL,
	`computed_at` integer NOT NULL,
	PRIMARY KEY(`entry_id`, `stage`),
	FOREIGN KEY (`entry_id`) REFERENCES `entries`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `round_sheets` (
	`round_id` integer NOT NULL,
	`product_group_id` integer NOT NULL,
	`sheet_id` integer NOT NULL,
	PRIMARY KEY(`round_id`, `product_group_id`),
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_group_id`) REFERENCES `product_groups`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sheet_id`) REFERENCES `criteria_sheets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `rounds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`body_id` integer NOT NULL,
	`level` text NOT NULL,
	`unit_id` integer,
	`region_code` text,
	`year` integer NOT NULL,
	`title` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`rules` text DEFAULT '' NOT NULL,
	`registration_opens_on` text,
	`registration_closes_on` text,
	`dossier_scoring_from` text,
	`dossier_scoring_to` text,
	`direct_scoring_from` text,
	`direct_scoring_to` text,
	`council_meeting_on` text,
	`announcement_on` text,
	`pass_mark_tenths` integer DEFAULT 700 NOT NULL,
	`recognition_cap` integer,
	`scoring_stages` integer DEFAULT 1 NOT NULL,
	`certificate_validity_months` integer DEFAULT 36 NOT NULL,
	`tie_break` text DEFAULT '["I","II","vote"]' NOT NULL,
	`discrepancy_tolerance_tenths` integer DEFAULT 150 NOT NULL,
	`normalisation` text DEFAULT 'none' NOT NULL,
	`min_judges_per_entry` integer DEFAULT 3 NOT NULL,
	`intake_answer_working_days` integer DEFAULT 3 NOT NULL,
	`assignment_mode` text DEFAULT 'all' NOT NULL,
	`required_document_types` text,
	`criteria_sheet_id` integer,
	`requires_level` text,
	`certificate_number_pattern` text DEFAULT '{seq}/GCN-{level}-{year}' NOT NULL,
	`prizes` text,
	`scoring_started_at` integer,
	`published_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`body_id`) REFERENCES `organizing_bodies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `admin_units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`criteria_sheet_id`) REFERENCES `criteria_sheets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `rounds_body` ON `rounds` (`body_id`);--> statement-breakpoint
CREATE INDEX `rounds_unit` ON `rounds` (`unit_id`);--> statement-breakpoint
CREATE INDEX `rounds_level_year` ON `rounds` (`level`,`year`);--> statement-breakpoint
CREATE TABLE `score_lines` (
	`score_sheet_id` integer NOT NULL,
	`criterion_id` integer NOT NULL,
	`points_tenths` integer NOT NULL,
	PRIMARY KEY(`score_sheet_id`, `criterion_id`),
	FOREIGN KEY (`score_sheet_id`) REFERENCES `score_sheets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`criterion_id`) REFERENCES `criteria`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `score_sheets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entry_id` integer NOT NULL,
	`council_member_id` integer NOT NULL,
	`stage` integer DEFAULT 1 NOT NULL,
	`sheet_id` integer NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`total_tenths` integer DEFAULT 0 NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`submitted_at` integer,
	`reopened_at` integer,
	`reopen_reason` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `entries`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`council_member_id`) REFERENCES `council_members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sheet_id`) REFERENCES `criteria_sheets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `score_sheets_unique` ON `score_sheets` (`entry_id`,`council_member_id`,`stage`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `stage_closures` (
	`round_id` integer NOT NULL,
	`stage` integer NOT NULL,
	`closed_by` text,
	`missing_sheets_reason` text,
	`closed_at` integer NOT NULL,
	`reopened_at` integer,
	PRIMARY KEY(`round_id`, `stage`),
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`closed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `supplement_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entry_id` integer NOT NULL,
	`doc_types` text NOT NULL,
	`message` text NOT NULL,
	`requested_by` text,
	`due_on` text,
	`closed_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `entries`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `supplement_entry` ON `supplement_requests` (`entry_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`password_hash` text,
	`full_name` text NOT NULL,
	`phone` text,
	`title` text,
	`is_system_admin` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`locale` text DEFAULT 'vi' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email` ON `users` (`email`);