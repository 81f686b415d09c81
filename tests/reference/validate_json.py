"""Validate a JSON document against a JSON schema: validate_json.py SCHEMA DOCUMENT."""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1], encoding="utf-8"))
doc = json.load(open(sys.argv[2], encoding="utf-8"))
cls = jsonschema.validators.validator_for(schema)
errors = sorted(cls(schema).iter_errors(doc), key=lambda e: list(e.path))
for e in errors:
    print(f"{list(e.path)}: {e.message}", file=sys.stderr)
sys.exit(1 if errors else 0)
