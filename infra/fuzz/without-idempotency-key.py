"""Prints an OpenAPI document (read from stdin) without its Idempotency-Key header parameters."""

import json
import sys

document = json.load(sys.stdin)
for item in document.get("paths", {}).values():
    for operation in item.values():
        if isinstance(operation, dict) and "parameters" in operation:
            operation["parameters"] = [
                p
                for p in operation["parameters"]
                if not (p.get("in") == "header" and p.get("name", "").lower() == "idempotency-key")
            ]
json.dump(document, sys.stdout)
