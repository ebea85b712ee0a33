CREATE TABLE `outreach_dispute_invoices` (
	`entry_id` integer NOT NULL,
	`invoice_id` integer NOT NULL,
	PRIMARY KEY(`entry_id`, `invoice_id`)
);
--> statement-breakpoint
CREATE TABLE `outreach_entries` (
	`entry_id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`kind` text NOT NULL,
	`entry_date` text NOT NULL,
	`logged_at` text NOT NULL,
	`user_id` text NOT NULL,
	`user_email` text NOT NULL,
	`channel` text,
	`outcome` text,
	`note` text,
	`promise_date` text,
	`promise_cents` integer,
	`dispute_reason` text,
	`follow_up_date` text,
	`snooze_until` text,
	`snooze_reason` text,
	`owner_user_id` text,
	`owner_email` text,
	`resolves_entry_id` integer
);
--> statement-breakpoint
CREATE INDEX `outreach_entries_account_idx` ON `outreach_entries` (`account_id`,`entry_id`);--> statement-breakpoint
CREATE INDEX `outreach_entries_date_idx` ON `outreach_entries` (`entry_date`);