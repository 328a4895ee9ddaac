select outbox_install('scoring_outbox');
