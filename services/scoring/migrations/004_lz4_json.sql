-- The large JSON values (a score's or a post's explanation, ~2.5 kB; the post as observed; an outbox event,
-- ~4 kB) are compressed with lz4 instead of the default pglz: a batch writes hundreds of them, and pglz
-- took about half the time of inserting a post's row (35 us of ~70 us per row, measured on bench data),
-- lz4 a fraction of it, for about the same size. Values already stored keep their compression until they
-- are written again; both read the same.
alter table scoring_scores alter column explanation set compression lz4;
alter table scoring_mentions
  alter column explanation set compression lz4,
  alter column mention set compression lz4,
  alter column urgency set compression lz4;
alter table scoring_records alter column features set compression lz4;
alter table scoring_outbox alter column payload set compression lz4;
