-- Test only (MigrationIT): a migration that fails half-way. PostgreSQL rolls the whole
-- transaction back, so the table created first must not exist afterwards.
CREATE TABLE fails_on_purpose_partial (id INTEGER);
ALTER TABLE no_such_table ADD COLUMN note TEXT;
