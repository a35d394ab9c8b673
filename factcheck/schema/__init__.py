"""The published JSON Schema of report.json."""
from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

SCHEMA_FILE = "report.schema.json"


def schema_text() -> str:
    """Return the JSON Schema of report.json as text."""
    return files(__name__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


def load_schema() -> dict[str, Any]:
    """Return the JSON Schema of report.json as a dict."""
    return json.loads(schema_text())  # type: ignore[no-any-return]
