"""The Splink peer of `pnpm bench:accuracy --peer splink`.

Resolves one data set with Splink's own published example model for it (settings, training steps and
blocking rules as in Splink's febrl3, febrl4 and fake_1000 accuracy examples), clusters at match probability 0.5 and
writes two CSV files for the benchmark to score exactly as it scores Rapport:
  <out>/pairs.csv     every blocked pair with its match probability (comparisons made, pair completeness, review)
  <out>/clusters.csv  record id -> cluster id
The ground-truth columns are never given to Splink's model. Prints one JSON line with the timings.

usage: splink_peer.py <dataset> <out dir> <file> [<file>]
  dataset: febrl3 | febrl3-no-ssn | febrl4 | febrl4-no-ssn | fake_1000
"""

import json
import sys
import time

import duckdb
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

FEBRL_COLUMNS = [
    "rec_id",
    "given_name",
    "surname",
    "street_number",
    "address_1",
    "address_2",
    "suburb",
    "postcode",
    "state",
    "date_of_birth",
    "soc_sec_id",
]


def read_febrl(con, path, name):
    # Febrl puts a space after every comma and means missing by an empty field.
    cols = ", ".join(f"nullif(trim(\"{c}\"), '') as {c}" for c in FEBRL_COLUMNS)
    con.execute(
        f"create table {name} as select {cols} "
        f"from read_csv('{path}', header=true, all_varchar=true, normalize_names=true)"
    )


def read_fake(con, path, name):
    cols = ["unique_id", "first_name", "surname", "dob", "city", "email"]
    sel = ", ".join(f"nullif(trim(\"{c}\"), '') as {c}" for c in cols)
    con.execute(f"create table {name} as select {sel} from read_csv('{path}', header=true, all_varchar=true)")


def febrl3(with_ssn):
    # Splink's docs/demos/examples/duckdb/febrl3 example.
    blocking = [block_on("given_name"), block_on("surname"), block_on("date_of_birth"), block_on("postcode")]
    comparisons = [
        cl.NameComparison("given_name"),
        cl.NameComparison("surname"),
        cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d"),
        cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
        cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
    ]
    deterministic = [
        block_on("given_name", "surname", "date_of_birth"),
        "l.given_name = r.surname and l.surname = r.given_name and l.date_of_birth = r.date_of_birth",
    ]
    if with_ssn:
        blocking.insert(0, block_on("soc_sec_id"))
        comparisons.insert(3, cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]))
        deterministic.insert(0, block_on("soc_sec_id"))
    settings = SettingsCreator(
        unique_id_column_name="rec_id",
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=blocking,
        comparisons=comparisons,
    )

    def train(linker):
        linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.9)
        linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=2)
        linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
        linker.training.estimate_parameters_using_expectation_maximisation(block_on("postcode"))

    return settings, train


def febrl4(with_ssn):
    # Splink's docs/demos/examples/duckdb/febrl4 example (its detailed model).
    blocking = [
        block_on("given_name", "surname"),
        "l.given_name = r.surname and l.surname = r.given_name",
        block_on("date_of_birth"),
        block_on("state", "address_1"),
        block_on("street_number", "address_1"),
        block_on("postcode"),
    ]
    comparisons = [
        cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
        cl.NameComparison("surname").configure(term_frequency_adjustments=True),
        cl.DateOfBirthComparison(
            "date_of_birth", input_is_string=True, datetime_format="%Y%m%d", invalid_dates_as_null=True
        ),
        cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
        cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(term_frequency_adjustments=True),
    ]
    deterministic = [block_on("given_name", "surname", "date_of_birth")]
    if with_ssn:
        blocking.insert(3, block_on("soc_sec_id"))
        comparisons.insert(3, cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]))
        deterministic.insert(0, block_on("soc_sec_id"))
    settings = SettingsCreator(
        unique_id_column_name="rec_id",
        link_type="link_only",
        blocking_rules_to_generate_predictions=blocking,
        comparisons=comparisons,
    )

    def train(linker):
        linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.8)
        linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("date_of_birth"), estimate_without_term_frequencies=True
        )
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("postcode"), estimate_without_term_frequencies=True
        )

    return settings, train


def fake_1000():
    # Splink's example model for its fake_1000 data set (docs/demos/examples/duckdb/
    # accuracy_analysis_from_labels_column, the one it evaluates against this file's labels).
    settings = SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("first_name"),
            block_on("surname"),
            block_on("dob"),
            block_on("email"),
        ],
        comparisons=[
            cl.ForenameSurnameComparison("first_name", "surname"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
            cl.EmailComparison("email"),
        ],
    )

    def train(linker):
        deterministic = [
            "l.first_name = r.first_name and levenshtein(r.dob, l.dob) <= 1",
            "l.surname = r.surname and levenshtein(r.dob, l.dob) <= 1",
            "l.first_name = r.first_name and levenshtein(r.surname, l.surname) <= 2",
            "l.email = r.email",
        ]
        linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.7)
        linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=5)
        for rule in [block_on("dob"), block_on("email"), block_on("first_name", "surname")]:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True
            )

    return settings, train


def main():
    dataset, out, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    con = duckdb.connect()
    if dataset.startswith("febrl"):
        for i, f in enumerate(files):
            read_febrl(con, f, f"input_{i}")
        build = febrl3 if dataset.startswith("febrl3") else febrl4
        settings, train = build(not dataset.endswith("no-ssn"))
        id_column = "rec_id"
    elif dataset == "fake_1000":
        read_fake(con, files[0], "input_0")
        settings, train = fake_1000()
        id_column = "unique_id"
    else:
        raise SystemExit(f"unknown data set {dataset}")
    t0 = time.perf_counter()
    db_api = DuckDBAPI(connection=con)
    sdfs = [db_api.register(f"input_{i}") for i in range(len(files))]
    linker = Linker(sdfs if len(sdfs) > 1 else sdfs[0], settings, log_level="WARNING")
    train(linker)
    t1 = time.perf_counter()
    predictions = linker.inference.predict()
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=0.5
    )
    t2 = time.perf_counter()
    pairs_table = predictions.physical_name
    con.sql(
        f"copy (select {id_column}_l as a, {id_column}_r as b, match_probability as p from {pairs_table}) "
        f"to '{out}/pairs.csv' (header, delimiter ',')"
    )
    con.sql(
        f"copy (select {id_column} as record_id, cluster_id from {clusters.physical_name}) "
        f"to '{out}/clusters.csv' (header, delimiter ',')"
    )
    print(json.dumps({"train_seconds": t1 - t0, "resolve_seconds": t2 - t1}))


if __name__ == "__main__":
    main()
