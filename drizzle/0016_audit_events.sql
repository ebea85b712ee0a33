CREATE TABLE `audit_events` (
	`event_id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`action` text NOT NULL,
	`actor_email` text,
	`actor_user_id` text,
	`target` text,
	`outcome` text NOT NULL,
	`detail` text,
	`ip_address` text
);
--> statement-breakpoint
CREATE INDEX `audit_events_at_idx` ON `audit_events` (`at`);--> statement-breakpoint
CREATE INDEX `audit_events_action_at_idx` ON `audit_events` (`action`,`at`);