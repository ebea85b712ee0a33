ALTER TABLE `model_versions` ADD `promoted_at` text;--> statement-breakpoint
ALTER TABLE `model_versions` ADD `promotion` text;--> statement-breakpoint
-- Before promotion was decided, every version served as soon as it was trained.
UPDATE `model_versions` SET `promoted_at` = `trained_at`, `promotion` = '{"decision":"promoted","reason":"Trained before versions were compared: every new version was served at once.","comparedWith":null,"rows":0,"candidate":null,"active":null}';
