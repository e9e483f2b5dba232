CREATE INDEX `certificates_province` ON `certificates` (`province_id`);--> statement-breakpoint
CREATE INDEX `certificates_decision` ON `certificates` (`decision_id`);--> statement-breakpoint
CREATE INDEX `entries_product` ON `entries` (`product_id`);