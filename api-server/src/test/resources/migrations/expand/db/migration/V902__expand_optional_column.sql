-- Test only (MigrationIT): what release N+1 adds (expand): a nullable column the old code ignores.
ALTER TABLE sentiment_data ADD COLUMN expand_test_note TEXT;
