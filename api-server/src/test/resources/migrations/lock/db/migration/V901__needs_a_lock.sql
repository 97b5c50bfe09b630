-- Test only (MigrationIT): needs an ACCESS EXCLUSIVE lock on users, which the test keeps busy.
ALTER TABLE users ADD COLUMN lock_test_note TEXT;
