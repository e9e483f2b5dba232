-- Public lookup of certified products (docs/decisions/0004-lookup-fts.md).
-- One FTS5 row per certificate, rowid = certificates.id, over the text printed on it.
-- unicode61 with remove_diacritics 2 folds case and tone marks; đ/Đ is not a diacritic for
-- Unicode, so the triggers fold it to d before indexing (the query is folded the same way).
CREATE VIRTUAL TABLE `certificate_fts` USING fts5(
	`product`,
	`producer`,
	`place`,
	tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `certificate_fts_ai` AFTER INSERT ON `certificates` BEGIN
	INSERT INTO `certificate_fts`(rowid, `product`, `producer`, `place`) VALUES (
		new.`id`,
		replace(replace(new.`product_name`, 'đ', 'd'), 'Đ', 'D'),
		replace(replace(new.`producer_name`, 'đ', 'd'), 'Đ', 'D'),
		replace(replace(new.`producer_address` || ' ' || coalesce((SELECT `name` FROM `admin_units` WHERE `id` = new.`province_id`), ''), 'đ', 'd'), 'Đ', 'D')
	);
END;
--> statement-breakpoint
CREATE TRIGGER `certificate_fts_ad` AFTER DELETE ON `certificates` BEGIN
	DELETE FROM `certificate_fts` WHERE rowid = old.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `certificate_fts_au` AFTER UPDATE OF `product_name`, `producer_name`, `producer_address`, `province_id` ON `certificates` BEGIN
	DELETE FROM `certificate_fts` WHERE rowid = old.`id`;
	INSERT INTO `certificate_fts`(rowid, `product`, `producer`, `place`) VALUES (
		new.`id`,
		replace(replace(new.`product_name`, 'đ', 'd'), 'Đ', 'D'),
		replace(replace(new.`producer_name`, 'đ', 'd'), 'Đ', 'D'),
		replace(replace(new.`producer_address` || ' ' || coalesce((SELECT `name` FROM `admin_units` WHERE `id` = new.`province_id`), ''), 'đ', 'd'), 'Đ', 'D')
	);
END;
--> statement-breakpoint
INSERT INTO `certificate_fts`(rowid, `product`, `producer`, `place`)
	SELECT c.`id`,
		replace(replace(c.`product_name`, 'đ', 'd'), 'Đ', 'D'),
		replace(replace(c.`producer_name`, 'đ', 'd'), 'Đ', 'D'),
		replace(replace(c.`producer_address` || ' ' || coalesce(u.`name`, ''), 'đ', 'd'), 'Đ', 'D')
	FROM `certificates` c LEFT JOIN `admin_units` u ON u.`id` = c.`province_id`;
