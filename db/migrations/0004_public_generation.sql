CREATE TABLE `public_generation` (
	`id` integer PRIMARY KEY NOT NULL,
	`n` integer DEFAULT 0 NOT NULL
);

--> statement-breakpoint
-- Any change a public page shows bumps the generation in the same transaction (docs/decisions/0016).
INSERT INTO `public_generation` (`id`, `n`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER `pubgen_certificates_i` AFTER INSERT ON `certificates` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_certificates_u` AFTER UPDATE OF `id`, `entry_id`, `decision_id`, `number`, `public_code`, `product_name`, `producer_name`, `producer_address`, `product_group_id`, `level`, `year`, `province_id`, `issued_on`, `valid_until`, `revoked_at`, `revoke_reason` ON `certificates` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_certificates_d` AFTER DELETE ON `certificates` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_products_i` AFTER INSERT ON `products` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_products_u` AFTER UPDATE ON `products` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_products_d` AFTER DELETE ON `products` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_product_photos_i` AFTER INSERT ON `product_photos` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_product_photos_u` AFTER UPDATE ON `product_photos` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_product_photos_d` AFTER DELETE ON `product_photos` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_establishments_i` AFTER INSERT ON `establishments` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_establishments_u` AFTER UPDATE ON `establishments` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_establishments_d` AFTER DELETE ON `establishments` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_rounds_i` AFTER INSERT ON `rounds` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_rounds_u` AFTER UPDATE ON `rounds` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_rounds_d` AFTER DELETE ON `rounds` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_results_i` AFTER INSERT ON `results` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_results_u` AFTER UPDATE ON `results` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_results_d` AFTER DELETE ON `results` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_recognition_decisions_i` AFTER INSERT ON `recognition_decisions` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_recognition_decisions_u` AFTER UPDATE ON `recognition_decisions` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_recognition_decisions_d` AFTER DELETE ON `recognition_decisions` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_council_verdicts_i` AFTER INSERT ON `council_verdicts` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_council_verdicts_u` AFTER UPDATE ON `council_verdicts` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_council_verdicts_d` AFTER DELETE ON `council_verdicts` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_admin_units_i` AFTER INSERT ON `admin_units` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_admin_units_u` AFTER UPDATE ON `admin_units` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_admin_units_d` AFTER DELETE ON `admin_units` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_regions_i` AFTER INSERT ON `regions` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_regions_u` AFTER UPDATE ON `regions` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_regions_d` AFTER DELETE ON `regions` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_product_groups_i` AFTER INSERT ON `product_groups` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_product_groups_u` AFTER UPDATE ON `product_groups` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_product_groups_d` AFTER DELETE ON `product_groups` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_organizing_bodies_i` AFTER INSERT ON `organizing_bodies` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_organizing_bodies_u` AFTER UPDATE ON `organizing_bodies` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_organizing_bodies_d` AFTER DELETE ON `organizing_bodies` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_entries_i` AFTER INSERT ON `entries` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_entries_d` AFTER DELETE ON `entries` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_entries_u` AFTER UPDATE OF `status`, `product_id`, `round_id` ON `entries` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `pubgen_users_u` AFTER UPDATE OF `status` ON `users` BEGIN UPDATE `public_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
