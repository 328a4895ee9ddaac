select outbox_install('test_outbox');
