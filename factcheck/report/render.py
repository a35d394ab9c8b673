"""Render the page with Jinja2 and write the report files atomically."""
from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from factcheck.errors import OptionsError
from factcheck.models import Report
from factcheck.report import fmt
from factcheck.report.view import ArticleView, Card, Page, Segment, build_page

FILES = {"html": "index.html", "json": "report.json", "csv": "claims.csv"}
CSV_COLUMNS = (
    "id", "group", "verdict", "doc", "outlet", "published", "number_text", "value", "low", "high", "hedge",
    "category", "subject", "subject_key", "location", "place", "time", "period_start", "period_end", "as_of",
    "cumulative", "source", "source_key", "start", "end", "quote", "sentence", "rules",
)


@lru_cache(maxsize=1)
def _env() -> Environment:
    """Return the Jinja environment (autoescaping, strict about undefined names)."""
    env = Environment(loader=PackageLoader("factcheck.report", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["num"] = fmt.number
    env.filters["plural"] = fmt.plural
    env.filters["clip"] = lambda s, n=28: s if len(s) <= n else s[: n - 1] + "…"
    return env


def _static(name: str) -> Markup:
    """Return an inlined static file (CSS or JS shipped with the package)."""
    text = resources.files("factcheck.report").joinpath("static", name).read_text(encoding="utf-8")
    return Markup(text.replace("</", "<\\/"))


def script_json(data: Any) -> Markup:
    """Serialise data for a <script type="application/json"> block so no text can close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True, default=_fields)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return Markup(text)


def _fields(value: Any) -> dict[str, Any]:
    """Return a view dataclass's fields for json.dumps."""
    if hasattr(value, "__dataclass_fields__"):
        return dict(vars(value))
    raise TypeError(f"cannot embed {type(value).__name__} in the page data")


CARD_DERIVED = ("anchor", "search", "now")  # the page script rebuilds these
ROW_DERIVED = ("row_anchor", "article_anchor", "rules")
STORY_DERIVED = ("anchor", "order", "urgency", "first", "last")


CHART_ROW_DERIVED = ("label", "text", "claim")  # the script reads these from the claim rows, in the same order
MARK_DERIVED = ("label", "who", "outlet", "figure", "interval")  # the script reads these from the claim rows


def _card_data(card: Card) -> dict[str, Any]:
    """Return one card for the embedded data, without what the script derives."""
    out = {k: v for k, v in vars(card).items() if k not in CARD_DERIVED}
    out["rows"] = [{k: v for k, v in vars(r).items() if k not in ROW_DERIVED} for r in card.rows]
    if card.chart is not None:
        out["chart"] = dict(vars(card.chart), rows=[{k: v for k, v in vars(r).items() if k not in CHART_ROW_DERIVED}
                                                    for r in card.chart.rows])
    if card.series is not None:
        out["series"] = dict(vars(card.series), marks=[{k: v for k, v in vars(m).items() if k not in MARK_DERIVED}
                                                       for m in card.series.marks])
    return out


def _segment(seg: Segment) -> list[Any]:
    """Return one run of article text compactly: [text], [text, claim id, first] or [text, "", 0, rule]."""
    if seg.kind == "claim":
        return [seg.text, seg.claim, int(seg.first)]
    if seg.kind == "dropped":
        return [seg.text, "", 0, seg.reason]
    return [seg.text]


def _article_data(art: ArticleView) -> dict[str, Any]:
    """Return one article for the embedded data: its metadata and its text as runs."""
    out = {k: v for k, v in vars(art).items() if k not in ("segments", "listed", "anchor")}
    out["segs"] = [_segment(s) for s in art.segments]
    return out


def pack(value: Any) -> Any:
    """Write lists of like records as {"$k": keys, "$v": [values...]}, recursively, so keys are not repeated."""
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, dict) for v in value):
        keys = list(value[0])
        if all(list(v) == keys for v in value):
            return {"$k": keys, "$v": [[pack(v[k]) for k in keys] for v in value]}
    if isinstance(value, (list, tuple)):
        return [pack(v) for v in value]
    if isinstance(value, dict):
        return {k: pack(v) for k, v in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        return pack(dict(vars(value)))
    return value


def page_data(page: Page) -> dict[str, Any]:
    """Return the data the page script renders stories and cards from."""
    stories = [{k: v for k, v in vars(s).items() if k not in STORY_DERIVED} for s in page.stories]
    return {"cards": pack([_card_data(c) for c in page.cards]), "stories": pack(stories),
            "attention": [a.card for a in page.attention], "pageSize": page.page_size, "storyPage": page.story_page,
            "training": page.training, "reviews": page.reviews, "decisions": page.decisions,
            "identity": page.identity, "corrections": page.corrections,
            "articles": pack([_article_data(a) for a in page.articles]), "articlePage": page.articles_shown}


def render_html(report: Report, training: bool = False) -> str:
    """Return the self-contained HTML page for a report."""
    page = build_page(report, training)
    template = _env().get_template("index.html.j2")
    return template.render(page=page, css=_static("report.css"), js=_static("report.js"),
                           data=script_json(page_data(page)))


def report_json(report: Report) -> str:
    """Return report.json: everything the page shows."""
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=1, sort_keys=False)


def _cell(value: Any) -> str:
    """Format one CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def claims_csv(report: Report) -> str:
    """Return claims.csv: one row per claim with its group and verdict, columns in a fixed order."""
    group_of = {cid: g for g in report.groups for cid in g.claims}
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for claim in report.claims:
        row = claim.to_dict()
        g = group_of.get(claim.id)
        row["group"], row["verdict"] = (g.id, g.verdict) if g else ("", "")
        writer.writerow([_cell(row.get(col)) for col in CSV_COLUMNS])
    return buf.getvalue()


def _umask() -> int:
    """Return the process umask (reading it means setting it, so set it straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(path: Path, text: str) -> None:
    """Write text to path via a synced temporary file and a rename, so a failure leaves the old file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the file the mode open() would
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_report(report: Report, out_dir: Path, formats: tuple[str, ...], training: bool = False) -> list[Path]:
    """Write index.html, report.json and/or claims.csv into out_dir; return the paths written."""
    unknown = [f for f in formats if f not in FILES]
    if unknown:
        raise OptionsError(f"unknown report format {unknown[0]!r}", f"use one or more of {', '.join(FILES)}")
    if not formats:
        raise OptionsError("no report format given", f"use one or more of {', '.join(FILES)}")
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OptionsError(f"{out_dir}: cannot create the report folder ({exc.strerror})",
                           "give a writable folder with --out") from exc
    makers = {"html": lambda: render_html(report, training), "json": lambda: report_json(report),
              "csv": lambda: claims_csv(report)}
    written = []
    for name in dict.fromkeys(formats):
        path = out_dir / FILES[name]
        try:
            atomic_write(path, makers[name]())
        except OSError as exc:
            raise OptionsError(f"{path}: cannot write the report ({exc.strerror})",
                               "check the folder given with --out is writable and the disk has room") from exc
        written.append(path)
    return written
