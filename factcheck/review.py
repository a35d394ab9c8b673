"""The editor's review loop and CI gate: review files, findings, the --fail-on threshold, baseline diffs."""
from __future__ import annotations

import datetime as _dt
import json
import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from factcheck.errors import InputError, OptionsError
from factcheck.models import Claim, Group, Link, Relation, Report

DECISIONS = ("confirmed_error", "explained", "accepted", "false_alarm")
REVIEW_KEYS = ("decision", "note", "by", "date")
REQUIRED_KEYS = ("decision", "note", "by")
FAIL_ON = ("none", "conflict", "regression", "any")
REVIEWS_FILE = "reviews.toml"

Reviews = dict[str, dict[str, str]]


# ---------------------------------------------------------------- review files


def default_reviews_path(paths: list[Path]) -> Path | None:
    """Return reviews.toml in the first folder given, or None when no folder was given."""
    for p in paths:
        if Path(p).is_dir():
            return Path(p) / REVIEWS_FILE
    return None


def _line_of(text: str, group_id: str, key: str | None = None) -> int:
    """Return the 1-based line of a group's table (or of one key inside it) by searching the text."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if group_id in line and not line.lstrip().startswith("#")), None)
    if start is None:
        return 1
    if key is None:
        return start + 1
    pattern = re.compile(rf"""^\s*["']?{re.escape(key)}["']?\s*=|[{{,]\s*["']?{re.escape(key)}["']?\s*=""")
    for i in range(start, len(lines)):
        if i > start and lines[i].lstrip().startswith("["):
            break
        if pattern.search(lines[i]):
            return i + 1
    return start + 1


def _top_line(text: str, key: str) -> int:
    """Return the 1-based line where a top-level key or table is written, by searching the text."""
    pattern = re.compile(rf"""^\s*\[*\s*["']?{re.escape(key)}["']?\s*[\].=]""")
    return next((i + 1 for i, line in enumerate(text.splitlines()) if pattern.search(line)), 1)


def _as_text(value: Any) -> str | None:
    """Return a TOML value as text (dates as ISO), or None when it is not text-like."""
    if isinstance(value, str):
        return value
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return None


def _check_entry(path: Path, text: str, gid: str, entry: Any) -> dict[str, str]:
    """Validate one [groups."<id>"] table and return it as plain text fields."""
    where = f'groups."{gid}"'
    if not isinstance(entry, dict):
        raise InputError(f"{path}:{_line_of(text, gid)}: {where}: expected a table",
                         f'write [{where}] with decision, note and by')
    out: dict[str, str] = {}
    for key, value in entry.items():
        line = _line_of(text, gid, key)
        if key not in REVIEW_KEYS:
            raise InputError(f"{path}:{line}: {where}.{key}: unknown key", f"use one of {', '.join(REVIEW_KEYS)}")
        as_text = _as_text(value)
        if as_text is None:
            raise InputError(f"{path}:{line}: {where}.{key}: expected text, got {type(value).__name__}",
                             f'write {key} = "..."')
        out[key] = as_text
    for key in REQUIRED_KEYS:
        if key not in out:
            raise InputError(f"{path}:{_line_of(text, gid)}: {where}.{key}: missing", f'add {key} = "..."')
    if out["decision"] not in DECISIONS:
        raise InputError(f"{path}:{_line_of(text, gid, 'decision')}: {where}.decision: "
                         f"{out['decision']!r} is not a decision", f"use one of {', '.join(DECISIONS)}")
    out.setdefault("date", "")
    return {k: out[k] for k in REVIEW_KEYS}


def _parse_toml(path: Path, text: str) -> dict[str, Any]:
    """Parse TOML text; a syntax error names file:line."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+)", str(exc))
        line = found.group(1) if found else "1"
        reason = re.sub(r"\s*\(at .*\)$", "", str(exc))
        raise InputError(f"{path}:{line}: syntax: {reason}", "fix the TOML at that line") from None


def parse_reviews(text: str, path: Path | str = REVIEWS_FILE) -> Reviews:
    """Validate review-file text and return {group id: {decision, note, by, date}}."""
    where = Path(path)
    data = _parse_toml(where, text)
    for key in data:
        if key not in ("groups", *LINK_KINDS):
            line = _top_line(text, key)
            raise InputError(f"{where}:{line}: {key}: unknown key",
                             'put every review under [groups."<group id>"], [[same]] or [[apart]]')
    groups = data.get("groups", {})
    if not isinstance(groups, dict):
        raise InputError(f"{where}:{_top_line(text, 'groups')}: groups: expected a table",
                         'write reviews as [groups."<group id>"] tables')
    return {gid: _check_entry(where, text, gid, entry) for gid, entry in sorted(groups.items())}


LINK_KINDS = ("same", "apart")
LINK_KEYS = ("claims", "why", "by", "date")


def parse_links(text: str, path: Path | str = REVIEWS_FILE) -> list[Link]:
    """Return the grouping corrections of a review file: [[same]] and [[apart]] tables of claim ids."""
    where = Path(path)
    data = _parse_toml(where, text)
    out: list[Link] = []
    for kind in LINK_KINDS:
        tables = data.get(kind, [])
        if not isinstance(tables, list):
            raise InputError(f"{where}:{_top_line(text, kind)}: {kind}: expected [[{kind}]] tables",
                             f'write [[{kind}]] with claims = ["c-...", "c-..."] and why')
        out += [_check_link(where, text, kind, n, table) for n, table in enumerate(tables)]
    return out


def _check_link(path: Path, text: str, kind: str, n: int, table: Any) -> Link:
    """Validate one [[same]] / [[apart]] table."""
    line = _top_line(text, kind)
    where = f"{kind}[{n}]"
    if not isinstance(table, dict):
        raise InputError(f"{path}:{line}: {where}: expected a table", f'write [[{kind}]] with claims and why')
    unknown = [k for k in table if k not in LINK_KEYS]
    if unknown:
        raise InputError(f"{path}:{line}: {where}.{unknown[0]}: unknown key", f"use one of {', '.join(LINK_KEYS)}")
    claims = table.get("claims")
    if not isinstance(claims, list) or len(claims) < 2 or not all(isinstance(c, str) and c for c in claims):
        raise InputError(f"{path}:{line}: {where}.claims: expected a list of two or more claim ids",
                         'write claims = ["c-...", "c-..."] with ids from report.json or claims.csv')
    return Link(kind, tuple(claims), _as_text(table.get("why", "")) or "", _as_text(table.get("by", "")) or "")


def stale_links_summary(report: Report) -> str | None:
    """Return the warning line for [[same]] / [[apart]] corrections that name claims gone from this run."""
    stale = report.extras.get("stale_links") or []
    if not stale:
        return None
    known = {c.id for c in report.claims}
    ids = sorted({cid for link in stale for cid in link["claims"] if cid not in known})
    return (f"factcheck: warning: {len(stale)} grouping correction(s) name claims not in this run "
            f"({', '.join(ids[:5])}{', ...' if len(ids) > 5 else ''}): remove or update them in reviews.toml")


def load_reviews(path: Path) -> Reviews:
    """Read and validate a review file."""
    return parse_reviews(_read_review_file(path), path)


def _read_review_file(path: Path) -> str:
    """Return a review file's text; a missing or unreadable file is an InputError naming the fix."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: review file not found", "check the --reviews path or create the file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: review file unreadable ({exc.__class__.__name__})", "save it as UTF-8 text") from None


def reviews_for(paths: list[Path], explicit: Path | None) -> tuple[Reviews, list[Link]]:
    """Return the group decisions and the [[same]] / [[apart]] corrections of --reviews PATH (must exist), else
    of reviews.toml beside the articles (none when absent); the file is read once."""
    found = explicit if explicit is not None else default_reviews_path(paths)
    if found is None or (explicit is None and not found.is_file()):
        return {}, []
    text = _read_review_file(found)
    return parse_reviews(text, found), parse_links(text, found)


def stale_summary(report: Report) -> str | None:
    """Return the one-line warning about reviews whose ids are gone, or None."""
    stale = report.extras.get("stale_reviews") or []
    if not stale:
        return None
    ids = ", ".join(stale[:5]) + (", ..." if len(stale) > 5 else "")
    return (f"factcheck: warning: {len(stale)} review(s) point at ids not in this run: {ids} "
            "(the figures changed or the articles are gone; delete or update them)")


def _toml_string(value: str) -> str:
    """Return value as a TOML basic string, escaping quotes, backslashes and control characters."""
    out = []
    for ch in value:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch in "\b\t\n\f\r":
            out.append({"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def reviews_toml(reviews: dict[str, dict[str, Any]]) -> str:
    """Return a reviews.toml text for {group id: {decision, note, by, date}}, sorted by id."""
    lines = ["# factcheck reviews: one table per group id; decision is one of " + ", ".join(DECISIONS), ""]
    for gid in sorted(reviews):
        entry = reviews[gid]
        lines.append(f"[groups.{_toml_string(gid)}]")
        for key in REVIEW_KEYS:
            value = entry.get(key)
            if value is None or (key == "date" and value == ""):
                continue
            lines.append(f"{key} = {_toml_string(str(value))}")
        lines.append("")
    return "\n".join(lines)


def apply_reviews(report: Report, reviews: Reviews) -> Report:
    """Return the report with extras["reviews"] (known ids) and extras["stale_reviews"] (ids gone)."""
    known = {g.id for g in report.groups} | {r.id for r in report.relations}
    extras = dict(report.extras)
    extras["reviews"] = {gid: dict(r) for gid, r in sorted(reviews.items()) if gid in known}
    extras["stale_reviews"] = sorted(gid for gid in reviews if gid not in known)
    return replace(report, extras=extras)


# ---------------------------------------------------------------- findings and the CI threshold


@dataclass(frozen=True)
class Finding:
    """Something an editor should look at: a conflicting group or a relation that does not hold."""

    id: str
    type: str  # conflict | relation
    kind: str | None  # conflict kind (wording, regression, ...) or relation kind (sum, subset)
    severity: float
    category: str
    claims: tuple[str, ...]
    title: str
    message: str
    review: dict[str, str] | None = None


def _figure(c: Claim) -> str:
    """Return how a claim is quoted in a finding message."""
    who = ", ".join(x for x in (c.outlet or c.doc, c.source and f"citing {c.source}", c.as_of or c.published) if x)
    return f'"{c.number_text}" ({who})'


def _group_finding(g: Group, claims: dict[str, Claim], review: dict[str, str] | None) -> Finding:
    what = ", ".join(x for x in (g.category, g.subject_key, g.place) if x)
    kind = f" ({g.kind})" if g.kind else ""
    figures = "; ".join(_figure(claims[c]) for c in g.claims if c in claims)
    message = g.explanation.strip() or f"The figures cannot all hold: {figures}."
    return Finding(id=g.id, type="conflict", kind=g.kind, severity=g.severity, category=g.category,
                   claims=g.claims, title=f"factcheck conflict{kind}: {what}", message=message, review=review)


def _value(c: Claim | None) -> float | None:
    """Return the best single number of a claim (value, else a bound)."""
    if c is None:
        return None
    for v in (c.value, c.low, c.high):
        if v is not None:
            return float(v)
    return None


def relation_severity(r: Relation, claims: dict[str, Claim]) -> float:
    """Return the relative gap between what the parts add up to and the total (1.0 when unknown)."""
    parts = [_value(claims.get(p)) for p in r.parts]
    total = _value(claims.get(r.total))
    if total is None or any(p is None for p in parts):
        return 1.0
    got = sum(p for p in parts if p is not None)
    top = max(abs(got), abs(total))
    return round(abs(got - total) / top, 4) if top else 0.0


def _relation_finding(r: Relation, claims: dict[str, Claim], review: dict[str, str] | None) -> Finding:
    ids = (*r.parts, r.total)
    category = claims[r.total].category if r.total in claims else "other"
    figures = "; ".join(_figure(claims[c]) for c in ids if c in claims)
    message = r.explanation.strip() or f"The {r.kind} does not hold: {figures}."
    return Finding(id=r.id, type="relation", kind=r.kind, severity=relation_severity(r, claims),
                   category=category, claims=ids, title=f"factcheck {r.kind} does not hold: {category}",
                   message=message, review=review)


def findings(report: Report) -> list[Finding]:
    """Return conflicts and failing relations, most severe first, each with its review if any."""
    claims = {c.id: c for c in report.claims}
    reviews: Reviews = report.extras.get("reviews", {})
    out = [_group_finding(g, claims, reviews.get(g.id)) for g in report.groups if g.verdict == "conflict"]
    out += [_relation_finding(r, claims, reviews.get(r.id)) for r in report.relations if not r.holds]
    return sorted(out, key=lambda f: (-f.severity, f.id))


def counts_under(f: Finding, fail_on: str) -> bool:
    """Return whether a finding is of a type the --fail-on level covers."""
    if fail_on not in FAIL_ON:
        raise OptionsError(f"--fail-on {fail_on}: unknown level", f"use one of {', '.join(FAIL_ON)}")
    if fail_on == "conflict":
        return f.type == "conflict"
    if fail_on == "regression":
        return f.type == "conflict" and f.kind == "regression"
    return fail_on == "any"


def is_failing(f: Finding, fail_on: str, min_severity: float = 0.0) -> bool:
    """Return whether an unreviewed finding passes the --fail-on / --min-severity threshold."""
    return f.review is None and counts_under(f, fail_on) and f.severity >= min_severity


def failing(report: Report, fail_on: str, min_severity: float = 0.0) -> list[Finding]:
    """Return the unreviewed findings that should fail a CI run."""
    return [f for f in findings(report) if is_failing(f, fail_on, min_severity)]


def failing_summary(found: list[Finding], fail_on: str, min_severity: float) -> str:
    """Return the one-line stderr summary of the findings that fail the run."""
    ids = ", ".join(f.id for f in found[:5]) + (", ..." if len(found) > 5 else "")
    floor = f", severity >= {min_severity:g}" if min_severity else ""
    return (f"factcheck: {len(found)} unreviewed finding(s) over --fail-on {fail_on}{floor}: {ids} "
            f"(review them in {REVIEWS_FILE} to accept)")


# ---------------------------------------------------------------- baseline diff


def load_baseline(path: Path) -> dict[str, Any]:
    """Read a report.json from an earlier run."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: baseline not found", "pass the report.json of an earlier run") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: baseline is not valid JSON ({exc.__class__.__name__})",
                         "pass the report.json written by factcheck check --format json") from None
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        raise InputError(f"{path}: baseline has no groups list", "pass the report.json written by factcheck check")
    if any(not isinstance(g, dict) or not isinstance(g.get("id"), str) for g in data["groups"]):
        raise InputError(f"{path}: baseline groups lack ids", "pass the report.json written by factcheck check")
    return data


def _entries(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Return {id: comparable entry} for the groups and relations of a report dict."""
    out: dict[str, dict[str, Any]] = {}
    for g in data.get("groups", []):
        out[g["id"]] = {"id": g["id"], "type": "group", "verdict": g.get("verdict"), "kind": g.get("kind"),
                        "severity": g.get("severity"), "category": g.get("category"),
                        "claims": sorted(g.get("claims", []))}
    for r in data.get("relations", []):
        if isinstance(r, dict) and isinstance(r.get("id"), str):
            out[r["id"]] = {"id": r["id"], "type": "relation", "verdict": "holds" if r.get("holds") else "fails",
                            "kind": r.get("kind"), "severity": None, "category": None,
                            "claims": sorted([*r.get("parts", []), r.get("total")], key=str)}
    return out


def diff_reports(baseline: dict[str, Any], current: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Return new, resolved and changed groups/relations between two report dicts, by stable id."""
    old, new = _entries(baseline), _entries(current)
    changed = []
    for gid in sorted(old.keys() & new.keys()):
        fields = [k for k in ("verdict", "kind", "severity", "claims") if old[gid][k] != new[gid][k]]
        if fields:
            changed.append({"id": gid, "type": new[gid]["type"], "fields": fields,
                            "before": old[gid], "after": new[gid]})
    return {"new": [new[k] for k in sorted(new.keys() - old.keys())],
            "resolved": [old[k] for k in sorted(old.keys() - new.keys())],
            "changed": changed}


def apply_baseline(report: Report, baseline: dict[str, Any]) -> Report:
    """Return the report with extras["diff"] against a baseline report dict."""
    extras = dict(report.extras)
    extras["diff"] = diff_reports(baseline, report.to_dict())
    return replace(report, extras=extras)


def diff_summary(diff: dict[str, list[dict[str, Any]]], baseline: Path | str) -> str:
    """Return the one-line stderr summary of a baseline diff."""
    conflicts = sum(e["verdict"] in ("conflict", "fails") for e in diff["new"])
    turned = sum(e["after"]["verdict"] in ("conflict", "fails") and e["before"]["verdict"] not in ("conflict", "fails")
                 for e in diff["changed"])
    return (f"factcheck: against {baseline}: {len(diff['new'])} new ({conflicts} conflicts), "
            f"{len(diff['resolved'])} resolved, {len(diff['changed'])} changed ({turned} now conflicting)")


def ensure_threshold(fail_on: str, min_severity: float) -> None:
    """Reject a --fail-on level or --min-severity that makes no sense."""
    if fail_on not in FAIL_ON:
        raise OptionsError(f"--fail-on {fail_on}: unknown level", f"use one of {', '.join(FAIL_ON)}")
    if min_severity < 0:
        raise OptionsError(f"--min-severity {min_severity:g}: must be 0 or more", "give a relative gap such as 0.1")


__all__ = [
    "DECISIONS",
    "FAIL_ON",
    "Finding",
    "apply_baseline",
    "apply_reviews",
    "default_reviews_path",
    "diff_reports",
    "diff_summary",
    "failing",
    "findings",
    "is_failing",
    "load_baseline",
    "load_reviews",
    "parse_links",
    "parse_reviews",
    "reviews_toml",
]
