"""Schemathesis hooks for the fleet's documents (loaded through SCHEMATHESIS_HOOKS by infra/fuzz.sh).

NDJSON bodies are documented as an array of records, item i being line i (OpenAPI 3.1 has no
sequential media types yet); this serializer writes such an array as NDJSON so that the fuzzer sends
what a client would. Anything else generated for that media type (negative cases) goes as JSON text.
"""

import json

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    if isinstance(value, bytes):
        return value
    if isinstance(value, list):
        return "".join(json.dumps(item) + "\n" for item in value).encode("utf-8")
    return json.dumps(value).encode("utf-8")
