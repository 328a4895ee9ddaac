-- The model version (configuration, value snapshot, network) each stored score and post priority was computed
-- with: after a snapshot load or a network refit, the rescore sweep (use-cases/rescore-sweep.ts) finds by it
-- the customers scored under another version, and the open posts of authors on no customer priced under
-- another. Rows stored before it are null, so the first sweep takes them too.
alter table scoring_scores add column model_version text;
alter table scoring_mentions add column model_version text;
