-- bench/retention.sh's data: 1,000,000 webhook_events received over the last 60 days with Clerk-sized bodies
-- (the shapes of Clerk's own examples), 200,000 users of whom 20,000 were deleted 100 days ago, 50,000 tombstones.
-- Types: 45 % user.*, 35 % organizationMembership.*, 15 % organization.*, 5 % session.created; 0.5 % dead letters.
-- Completed user and membership events have their user recorded, as the processor records it; with -v legacy=1 none
-- has, like a database from before subject_user_id, whose first pass reads every body still held.
\if :{?legacy}
\else
\set legacy 0
\endif
\set events 1000000
\set users 200000
\set deleted 20000
INSERT INTO users (id, email, first_name, last_name, username, image_url, status, deleted_at, created_at, updated_at, synced_at)
SELECT 'user_bench_' || u, 'u' || u || '@example.org', 'First' || u, 'Last' || u, 'name' || u, 'https://img.clerk.com/' || u,
       CASE WHEN u <= :deleted THEN 'DELETED' ELSE 'ACTIVE' END,
       CASE WHEN u <= :deleted THEN now() - interval '100 days' END, now() - interval '200 days', now() - interval '100 days', now()
FROM generate_series(1, :users) u;

INSERT INTO tombstones (kind, id, deleted_at)
SELECT CASE WHEN t % 4 = 0 THEN 'organization' ELSE 'membership' END, 'bench_' || t, now() - interval '60 days' * random()
FROM generate_series(1, 50000) t;

WITH e AS (
    SELECT i, 'user_bench_' || ((i * 7919) % :users + 1) AS uid, 'u' || ((i * 7919) % :users + 1) || '@example.org' AS email,
           'org_bench_' || (i % 5000) AS oid, now() - interval '60 days' * (1 - i / :events::float) AS at,
           CASE WHEN i % 20 < 3 THEN 'user.created' WHEN i % 20 < 9 THEN 'user.updated'
                WHEN i % 20 < 13 THEN 'organizationMembership.created' WHEN i % 20 < 16 THEN 'organizationMembership.updated'
                WHEN i % 20 < 19 THEN 'organization.updated' ELSE 'session.created' END AS type
    FROM generate_series(1::bigint, :events) i)
INSERT INTO webhook_events (webhook_id, event_type, payload, status, attempts, last_error, completed_by, processed_at, created_at, updated_at, subject_user_id)
SELECT 'msg_bench_' || i, type,
       CASE
       WHEN type LIKE 'user.%' THEN
           '{"data":{"birthday":"","created_at":1654012591514,"email_addresses":[{"email_address":"' || email || '","id":"idn_' || i
           || '","linked_to":[],"object":"email_address","verification":{"status":"verified","strategy":"ticket"}}],"external_accounts":[],"external_id":"'
           || i || '","first_name":"First","gender":"","id":"' || uid || '","image_url":"https://img.clerk.com/xxxxxx","last_name":"Last","last_sign_in_at":1654012591514,"object":"user","password_enabled":true,"phone_numbers":[],"primary_email_address_id":"idn_'
           || i || '","primary_phone_number_id":null,"primary_web3_wallet_id":null,"private_metadata":{},"profile_image_url":"https://www.gravatar.com/avatar?d=mp","public_metadata":{},"two_factor_enabled":false,"unsafe_metadata":{},"updated_at":1654012591835,"username":null,"web3_wallets":[]},"event_attributes":{"http_request":{"client_ip":"0.0.0.0","user_agent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36"}},"object":"event","timestamp":1654012591835,"type":"'
           || type || '"}'
       WHEN type LIKE 'organizationMembership.%' THEN
           '{"data":{"created_at":1654013203217,"id":"orgmem_bench_' || i || '","object":"organization_membership","organization":{"created_at":1654013202977,"created_by":"user_1vq84bqWzw7qmFgqSwN4CH1Wp0n","id":"'
           || oid || '","image_url":"https://img.clerk.com/xxxxxx","logo_url":"https://example.com/example.png","name":"Acme Inc","object":"organization","public_metadata":{},"slug":"acme-inc","updated_at":1654013202977},"public_user_data":{"first_name":"First","identifier":"'
           || email || '","image_url":"https://img.clerk.com/xxxxxx","last_name":"Last","profile_image_url":"https://www.gravatar.com/avatar?d=mp","user_id":"' || uid
           || '"},"role":"admin","updated_at":1654013203217},"event_attributes":{"http_request":{"client_ip":"0.0.0.0","user_agent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36"}},"object":"event","timestamp":1654013203217,"type":"'
           || type || '"}'
       ELSE
           '{"data":{"created_at":1654013202977,"created_by":"user_1vq84bqWzw7qmFgqSwN4CH1Wp0n","id":"' || oid
           || '","image_url":"https://img.clerk.com/xxxxxx","logo_url":"https://example.org/example.png","name":"Acme Inc","object":"organization","public_metadata":{},"slug":"acme-inc","updated_at":1654013202977},"event_attributes":{"http_request":{"client_ip":"0.0.0.0","user_agent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36"}},"object":"event","timestamp":1654013202977,"type":"'
           || type || '"}'
       END,
       CASE WHEN i % 200 = 0 THEN 'failed' ELSE 'completed' END,
       1,
       CASE WHEN i % 200 = 0 THEN 'bench: dead-lettered' END,
       CASE WHEN i % 200 = 0 THEN NULL WHEN i % 10 = 0 THEN 'slow_path' ELSE 'fast_path' END,
       CASE WHEN i % 200 = 0 THEN NULL ELSE at + interval '5 milliseconds' END,
       at,
       at + interval '1 minute',
       CASE WHEN :legacy = 0 AND i % 200 <> 0 AND (type LIKE 'user.%' OR type LIKE 'organizationMembership.%') THEN uid END
FROM e;
