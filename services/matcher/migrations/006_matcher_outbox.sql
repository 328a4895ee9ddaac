select outbox_install('matcher_outbox');
