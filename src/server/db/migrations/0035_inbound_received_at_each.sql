-- Each stored raw email keeps the moment it arrived: the SMTP listener's group commit
-- and an IMAP poll store several in one transaction, where now() (the transaction's
-- start) gave them all one time. Their messages keep this time (ingest.batch.ts).
alter table inbound_emails alter column received_at set default clock_timestamp();
