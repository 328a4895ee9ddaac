-- The review queue reads the pairs a steward may decide: scored for review, or links a clustering guard
-- refused. A partial index keeps that read from scanning every stored edge.
create index resolution_edges_reviewable on resolution_edges (record_a, record_b)
  where kind = 'review' or refused_by is not null;
