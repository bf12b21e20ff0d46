-- 004: console roles. Superusers hold every role.

CREATE TABLE auth_roles (
    name TEXT PRIMARY KEY,
    description TEXT NOT NULL
);

INSERT INTO auth_roles (name, description) VALUES
    ('viewer', 'Read invoices and entries'),
    ('billing_admin', 'Issue invoices and charge them'),
    ('bookkeeper', 'Post ledger entries'),
    ('superuser', 'Everything, including managing users');

CREATE TABLE auth_user_roles (
    user_id TEXT NOT NULL REFERENCES auth_users(user_id),
    role TEXT NOT NULL REFERENCES auth_roles(name),
    granted_by TEXT REFERENCES auth_users(user_id),
    PRIMARY KEY (user_id, role)
);
