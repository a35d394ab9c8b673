"""The report: view models, the self-contained HTML page, report.json and claims.csv."""
from __future__ import annotations

from factcheck.report.render import claims_csv, render_html, report_json, write_report

__all__ = ["claims_csv", "render_html", "report_json", "write_report"]
