-- Test only (MigrationIT): runs longer than a request's socket timeout (10 s), which a migration
-- must not be held to.
SELECT pg_sleep(12);
CREATE TABLE slow_migration_done (id INT);
