#!/usr/bin/env python3
"""Extracts, from X's published OpenAPI document, only what XBot's four operations need, as one JSON
Schema (draft 2020-12) document: the request body, query and path parameters and responses of each,
with every schema they reference under $defs.

Source: openapi.json in https://github.com/xdevplatform/docs. Usage:
  git -C docs show <commit>:openapi.json > openapi.json
  python3 extract-schemas.py openapi.json <commit> > x-api-openapi.schema.json
"""
import json
import sys

OPERATIONS = [("post", "/2/tweets"), ("get", "/2/tweets"), ("get", "/2/users/me"), ("get", "/2/users/{id}/tweets")]
# OpenAPI 3.0 keywords with no JSON Schema meaning; dropped so that the validator sees plain JSON Schema.
DROP = {"discriminator", "example", "xml", "externalDocs", "deprecated", "readOnly", "writeOnly"}

spec = json.load(open(sys.argv[1]))
commit = sys.argv[2]
schemas = spec["components"]["schemas"]
parameters = spec["components"]["parameters"]
needed = set()


def convert(node):
    if isinstance(node, list):
        return [convert(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in DROP:
            continue
        if key == "$ref":
            name = value.rsplit("/", 1)[1]
            if name not in needed:
                needed.add(name)
                closure.append(name)
            out["$ref"] = "#/$defs/" + name
        elif key == "nullable":
            continue
        else:
            out[key] = convert(value)
    if node.get("nullable") is True and "type" in out:
        out["type"] = [out["type"], "null"]
    return out


closure = []
operations = {}
for method, path in OPERATIONS:
    op = spec["paths"][path][method]
    params = {}
    for p in op.get("parameters", []):
        if "$ref" in p:
            p = parameters[p["$ref"].rsplit("/", 1)[1]]
        params[p["name"]] = {"in": p["in"], "required": p.get("required", False), "schema": convert(p["schema"])}
    entry = {"operationId": op["operationId"], "parameters": params, "responses": {}}
    if "requestBody" in op:
        entry["requestBody"] = convert(op["requestBody"]["content"]["application/json"]["schema"])
    for status, response in op["responses"].items():
        entry["responses"][status] = {ct: convert(c["schema"]) for ct, c in response.get("content", {}).items()}
    operations[f"{method.upper()} {path}"] = entry

defs = {}
while closure:
    name = closure.pop()
    defs[name] = convert(schemas[name])

json.dump({
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$comment": "Extracted by extract-schemas.py; do not edit by hand.",
    "x-source": {
        "repository": "https://github.com/xdevplatform/docs",
        "path": "openapi.json",
        "commit": commit,
        "title": spec["info"]["title"],
        "version": spec["info"]["version"],
        "openapi": spec["openapi"],
    },
    "x-operations": operations,
    "$defs": dict(sorted(defs.items())),
}, sys.stdout, indent=1, sort_keys=False)
sys.stdout.write("\n")
