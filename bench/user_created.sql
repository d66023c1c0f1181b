-- The SQL one fast-path user.created runs (see CourseCove.Sync/Processing), as one transaction, for pgbench.
\set n random(1, 2000000000)
BEGIN;
INSERT INTO webhook_events (webhook_id, event_type, payload, status, attempts, created_at, updated_at, trace_parent, next_attempt_at)
VALUES ('pgb_' || :client_id || '_' || :n, 'user.created',
        '{"data":{"id":"u","object":"user","email_addresses":[{"id":"idn_1","email_address":"u@example.org"}],"primary_email_address_id":"idn_1","first_name":"U","last_name":"L","username":null,"image_url":"x","created_at":1700000000000,"updated_at":1700000000000},"object":"event","timestamp":1700000000000,"type":"user.created"}'::jsonb,
        'pending', 0, now(), now(), NULL, now() + interval '30 seconds')
ON CONFLICT (webhook_id) DO NOTHING RETURNING id;
SELECT pg_advisory_xact_lock(hashtextextended('user:pgb_' || :client_id || '_' || :n, 0));
INSERT INTO users (id, email, first_name, last_name, username, image_url, status, created_at, updated_at, synced_at)
VALUES ('pgb_' || :client_id || '_' || :n, 'u@example.org', 'U', 'L', NULL, 'x', 'ACTIVE', now(), now(), now())
ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
    username = EXCLUDED.username, image_url = EXCLUDED.image_url, created_at = EXCLUDED.created_at,
    updated_at = EXCLUDED.updated_at, synced_at = now()
WHERE users.status <> 'DELETED' AND users.updated_at < EXCLUDED.updated_at;
UPDATE webhook_events SET status = 'completed', completed_by = 'fast_path', attempts = attempts + 1, processed_at = now(),
    last_error = NULL, waiting_for = NULL, next_attempt_at = NULL, updated_at = now()
WHERE webhook_id = 'pgb_' || :client_id || '_' || :n;
COMMIT;
