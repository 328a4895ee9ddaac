-- Event ids the matcher has applied (canonical person events, steward decisions, erasure tombstones; a
-- tombstone without an event id gets one from its topic, key, partition and offset). An event whose id is
-- here is skipped, so a replay of the topics, or Kafka redelivering after a crash, changes nothing.
create table processed_events (
  event_id uuid primary key,
  processed_at timestamptz not null default now()
);
