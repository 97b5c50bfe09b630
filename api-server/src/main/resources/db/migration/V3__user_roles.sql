-- Roles of each account (read, write, admin). Expand step: a column with a default, so the
-- release before this one (which knows no roles) keeps inserting users, and they get 'read'.
-- Existing users were self-registered by anyone while registration was open: they keep reading
-- and lose writing until an administrator grants it (PUT /admin/users/{username}).
ALTER TABLE users ADD COLUMN IF NOT EXISTS roles TEXT[] NOT NULL DEFAULT ARRAY['read']::TEXT[];

ALTER TABLE users ADD CONSTRAINT users_roles_known
    CHECK (roles <@ ARRAY['read', 'write', 'admin']::TEXT[]);
