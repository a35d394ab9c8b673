"""Read articles from disk: encodings, front matter, sidecar metadata, HTML, page furniture.

The text an Article carries is what claim offsets point into, so it is kept verbatim: the
only changes are CRLF/CR -> LF, a dropped byte-order mark, and (for HTML) the extraction of
the main text. Page furniture is not cut out; it is recorded as dropped spans.
"""
from __future__ import annotations

import codecs
import errno
import hashlib
import html.parser
import os
import re
import stat
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from factcheck.errors import FactcheckError, InputError, RulesError
from factcheck.models import Article, Dropped, Skipped
from factcheck.ruleset import Ruleset

FORMATS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
           ".xhtml": "html"}
SIDECARS = ("sources.toml", "sources.yaml", "sources.yml")
FIELDS = ("outlet", "published", "url", "title")
ALIASES = {"outlet": "outlet", "publisher": "outlet", "site_name": "outlet", "sitename": "outlet",
           "published": "published", "date": "published", "pubdate": "published", "published_at": "published",
           "url": "url", "link": "url", "canonical_url": "url", "title": "title", "headline": "title"}
TITLE_RULE = "title.first_line"
DEFAULT_MAX_LINES = 40
MAX_HTML_DEPTH = 200  # news pages nest 20-60 deep; deeper trees skip trafilatura for the plain visible text
MAX_HTML_FALLBACK = 5_000  # elements; bigger pages skip trafilatura's second-opinion extractors

_MAGIC = (
    (b"%PDF", "a PDF", "export it as text"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.odt document)", "open it and export the article as text"),
    (b"\xd0\xcf\x11\xe0", "a Word or Excel file", "open it and export the article as text"),
    (b"{\\rtf", "an RTF document", "open it and export the article as plain text"),
    (b"\x89PNG", "a PNG image", "remove it from the article folder"),
    (b"\xff\xd8\xff", "a JPEG image", "remove it from the article folder"),
    (b"GIF8", "a GIF image", "remove it from the article folder"),
    (b"\x1f\x8b", "a gzip archive", "unpack it first"),
    (b"\x7fELF", "a program", "remove it from the article folder"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_FRONT_CLOSE = {"---": "---", "+++": "+++"}
_FRONT_KEY = re.compile(r"\A\s*(#[^\n]*\n\s*)*[\w.-]+\s*[:=]")
_SENTENCE_BREAK = re.compile(r"\b[a-z]{3,}[.!?]\s+\S")
_MONTHS = {m: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for m in names}
_ISO = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_MONTH_FIRST = re.compile(r"^\s*(?:[A-Za-z]+day,?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_DAY_FIRST = re.compile(r"^\s*(?:[A-Za-z]+day,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")


# ----------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class _Block:
    """A furniture block: start line, and where it ends."""

    id: str
    start: re.Pattern[str]
    end: re.Pattern[str] | None
    lines: int | None
    to_end: bool
    max_lines: int


@dataclass(frozen=True)
class _LineRule:
    """A furniture pattern matched within one line."""

    id: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class _Signature:
    """An outlet/date signature from rules/outlets.yaml."""

    id: str
    pattern: re.Pattern[str]
    outlet: str | None
    outlet_group: str | None
    published_group: str | None
    first_lines: int | None


@dataclass(frozen=True)
class _Rules:
    """The compiled furniture and outlet rules."""

    blocks: tuple[_Block, ...]
    lines: tuple[_LineRule, ...]
    signatures: tuple[_Signature, ...]


def _compile_rules(ruleset: Ruleset) -> _Rules:
    """Compile the furniture and outlet patterns of a validated ruleset."""
    furniture, outlets = ruleset["furniture"], ruleset["outlets"]
    blocks = tuple(_Block(b["id"], re.compile(b["start"], re.M), re.compile(b["end"], re.M) if b.get("end") else None,
                          b.get("lines"), bool(b.get("to_end")), b.get("max_lines") or DEFAULT_MAX_LINES)
                   for b in furniture["blocks"])
    lines = tuple(_LineRule(r["id"], re.compile(r["pattern"], re.M)) for r in furniture["lines"])
    signatures = tuple(_signature(ruleset, s) for s in outlets["signatures"])
    return _Rules(blocks, lines, signatures)


def _signature(ruleset: Ruleset, entry: dict[str, Any]) -> _Signature:
    """Compile one signature, checking that the groups it names exist."""
    pattern = re.compile(entry["pattern"], re.M)
    for key in ("outlet_group", "published_group"):
        group = entry.get(key)
        if group is not None and group not in pattern.groupindex:
            line = getattr(entry, "lines", {}).get(key, getattr(entry, "line", 0))
            raise RulesError(f"{Path(ruleset.root) / 'outlets.yaml'}:{line}: {key}: no group {group!r} in the pattern "
                             f"of {entry['id']}", f"name a (?P<{group}>...) group in the pattern")
    return _Signature(entry["id"], pattern, entry.get("outlet"), entry.get("outlet_group"),
                      entry.get("published_group"), entry.get("first_lines"))


# ----------------------------------------------------------------------------- entry point


def load_articles(paths: list[Path], ruleset: Ruleset, max_bytes: int = 5_000_000) -> Iterator[Article | Skipped]:
    """Yield an Article for each readable file under paths (sorted) and a Skipped for each other one."""
    roots = [Path(p) for p in paths]
    for root in roots:
        if not os.path.lexists(root):
            raise InputError(f"{root}: no such file or folder",
                             "pass a folder of .txt, .md or .html articles, or one such file (e.g. articles/)")
    rules = _compile_rules(ruleset)
    reader = _Reader(rules, max_bytes)
    for root in roots:
        yield from reader.read_root(root)


class _Reader:
    """Reads files one by one, remembering sidecars and what was already read."""

    def __init__(self, rules: _Rules, max_bytes: int) -> None:
        self.rules = rules
        self.max_bytes = max_bytes
        self.sidecars = _Sidecars()
        self.seen_files: set[str] = set()
        self.seen_docs: set[str] = set()

    def read_root(self, root: Path) -> Iterator[Article | Skipped]:
        """Yield the articles of one path given on the command line."""
        if not os.path.exists(root):
            yield Skipped(str(root), "broken symbolic link or symlink loop", "point the link at an existing file")
        elif root.is_dir():
            for rel, item in _scan(root):
                yield from self._read_entry(item, rel, root)
        elif root.name in SIDECARS:
            yield Skipped(str(root), "is a metadata sidecar, not an article", "pass the folder that holds it")
        else:
            yield from self._read_entry(root, root.name, root.parent)

    def _read_entry(self, item: Path | Skipped, rel: str, top: Path) -> Iterator[Article | Skipped]:
        """Yield the article (and any warnings) for one file found under top."""
        if isinstance(item, Skipped):
            yield item
            return
        real = os.path.realpath(item)
        if real in self.seen_files:
            return
        self.seen_files.add(real)
        meta, warnings = self.sidecars.entry(item, top)
        yield from warnings
        doc = rel if rel not in self.seen_docs else item.as_posix()
        self.seen_docs.add(doc)
        yield from _read_article(item, doc, self.rules, self.max_bytes, meta)


def _scan(root: Path) -> list[tuple[str, Path | Skipped]]:
    """List the article files under root by POSIX relative name; links are followed, loops reported."""
    found: list[tuple[str, Path | Skipped]] = []
    visited: set[str] = set()
    top = os.path.realpath(root)
    pending: list[tuple[Path, str, tuple[str, ...]]] = [(root, "", (top,))]
    while pending:
        folder, prefix, ancestors = pending.pop()
        visited.add(ancestors[-1])
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            found.append((prefix, Skipped(str(folder), f"folder cannot be read ({_why(exc)})",
                                          "check the folder's permissions")))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel, path = prefix + entry.name, Path(entry.path)
            if entry.is_symlink() and _escapes(path, top) and (_is_dir(entry) or path.suffix.lower() in FORMATS):
                found.append((rel, Skipped(str(path), f"symbolic link to {os.path.realpath(path)}, outside {root}",
                                           "copy it into the folder, or pass its path directly")))
            elif _is_dir(entry):
                real = os.path.realpath(path)
                if real in ancestors:
                    found.append((rel, Skipped(str(path), "symlink loop: the folder links back to one that contains it",
                                               "remove the link, or pass the folder it points to")))
                elif real not in visited:
                    pending.append((path, rel + "/", ancestors + (real,)))
            elif path.suffix.lower() in FORMATS:
                found.append((rel, path))
    found.sort(key=lambda pair: pair[0])
    return found


def _escapes(path: Path | str, top: str) -> bool:
    """Return whether path resolves to somewhere outside the real folder top."""
    real = os.path.realpath(path)
    return os.path.commonpath([real, top]) != top


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """Return whether a folder entry is (or links to) a folder, False when the link is broken."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _why(exc: OSError) -> str:
    """Return a short lower-case reason for an OS error."""
    if isinstance(exc, PermissionError):
        return "permission denied"
    return (exc.strerror or exc.__class__.__name__).lower()


# ----------------------------------------------------------------------------- one file


def _read_article(path: Path, doc: str, rules: _Rules, max_bytes: int,
                 sidecar: dict[str, str] | None = None) -> Iterator[Article | Skipped]:
    """Yield the Article read from path, or a Skipped saying why it cannot be read (plus warnings)."""
    data = _read_bytes(path, max_bytes)
    if isinstance(data, Skipped):
        yield data
        return
    fmt = FORMATS.get(path.suffix.lower(), "txt")
    text = _decode(data, path, fmt == "html")
    if isinstance(text, Skipped):
        yield text
        return
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        yield Skipped(str(path), "empty file", "remove it or add the article text")
        return
    declared: list[dict[str, str]] = [{}, sidecar or {}, {}]
    if fmt == "html":
        read = _html_or_skip(path, text)
        if isinstance(read, Skipped):
            yield read
            return
        text, declared[2] = read
        if not text.strip():
            yield Skipped(str(path), "no article text found in the HTML", "save the page's article as text")
            return
    else:
        declared[0], text, warning = _front_matter(text)
        if warning:
            yield Skipped(str(path), warning, "fix the block between the --- lines; the article was read without it")
    yield _build(path, doc, text, fmt, declared, rules)


def _build(path: Path, doc: str, text: str, fmt: str, declared: list[dict[str, str]], rules: _Rules) -> Article:
    """Assemble the Article: declared metadata first, then what the text reveals."""
    meta: dict[str, str] = {}
    for source in declared:
        for key, value in source.items():
            meta.setdefault(key, value)
    dropped = _furniture(text, rules)
    wanted = [f for f in FIELDS if f not in meta]
    inferred, rule_ids = _infer(text, rules.signatures, wanted)
    if "title" in wanted:
        title = _headline(text, dropped)
        if title:
            inferred["title"], rule_ids = title, [*rule_ids, TITLE_RULE]
    meta.update(inferred)
    return Article(doc=doc, path=str(path), text=text, title=meta.get("title"), outlet=meta.get("outlet"),
                   published=meta.get("published"), url=meta.get("url"),
                   inferred=tuple(f for f in FIELDS if f in inferred), meta_rules=tuple(rule_ids),
                   dropped=dropped, format=fmt, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())


def _read_bytes(path: Path, max_bytes: int) -> bytes | Skipped:
    """Return the file's bytes, or a Skipped when it is too large, not a file or unreadable."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return Skipped(str(path), "not a regular file", "pass text files or folders only")
        if info.st_size > max_bytes:
            return _too_large(path, max_bytes)
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Skipped(str(path), "symlink loop", "point the link at an existing file")
        if exc.errno == errno.ENOENT and os.path.islink(path):
            return Skipped(str(path), "broken symbolic link", "point the link at an existing file or remove it")
        return Skipped(str(path), f"cannot be read ({_why(exc)})", "check the file's permissions (chmod +r)")
    return _too_large(path, max_bytes) if len(data) > max_bytes else data


def _too_large(path: Path, max_bytes: int) -> Skipped:
    """Return the Skipped for a file over the size limit."""
    return Skipped(str(path), f"larger than {max_bytes:,} bytes", "raise --max-bytes or split it")


# ----------------------------------------------------------------------------- decoding


def _decode(data: bytes, path: Path, is_html: bool) -> str | Skipped:
    """Decode bytes as UTF-8/UTF-16/UTF-32 (BOM), UTF-8, a declared HTML charset, cp1252 or latin-1."""
    magic = _binary_kind(data)
    if magic:
        what, hint = magic
        renamed = f" renamed {path.suffix}" if path.suffix.lower() in FORMATS else ""
        return Skipped(str(path), f"looks like {what}{renamed}", hint)
    text = _decode_text(data, is_html)
    if text is None:
        return Skipped(str(path), "not valid text in its declared Unicode encoding", "save it as UTF-8 text")
    sample = text[:8192]
    if "\x00" in sample or len(_CONTROL.findall(sample)) > max(8, len(sample) // 50):
        return Skipped(str(path), "looks like a binary file, not text", "export the article as text (.txt)")
    return text


def _binary_kind(data: bytes) -> tuple[str, str] | None:
    """Return (what, hint) when the bytes start like a known binary format."""
    head = data[:1024].lstrip()
    for magic, what, hint in _MAGIC:
        if head.startswith(magic):
            return what, hint
    return None


def _decode_text(data: bytes, is_html: bool) -> str | None:
    """Return the decoded text, or None when a BOM promises an encoding the bytes break."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    guesses = [_utf16_guess(data), "utf-8", _declared_charset(data) if is_html else None, "cp1252"]
    for guess in guesses:
        if guess:
            try:
                return data.decode(guess)
            except (UnicodeDecodeError, LookupError):
                continue
    return data.decode("latin-1")


def _utf16_guess(data: bytes) -> str | None:
    """Return utf-16-le/be when BOM-less bytes look like UTF-16 text (NULs in every other byte)."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _declared_charset(data: bytes) -> str | None:
    """Return the charset an HTML page declares in a <meta> tag near its top."""
    match = _CHARSET.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None


# ----------------------------------------------------------------------------- metadata


def _front_matter(text: str) -> tuple[dict[str, str], str, str | None]:
    """Split a leading YAML (---) or TOML (+++) block off the text; return (metadata, body, warning)."""
    first, _, rest = text.partition("\n")
    fence = first.rstrip()
    if fence not in _FRONT_CLOSE or not rest:
        return {}, text, None
    match = re.search(rf"^(?:{re.escape(fence)}|\.\.\.)[ \t]*(?:\n|$)", rest, re.M)
    if match is None:
        return {}, text, None
    block, body = rest[:match.start()], rest[match.end():]
    if not _FRONT_KEY.match(block):
        return {}, text, None  # a rule line opening prose, not metadata
    try:
        data = tomllib.loads(block) if fence == "+++" else yaml.safe_load(block)
    except (yaml.YAMLError, tomllib.TOMLDecodeError) as exc:
        data = _plain_lines(block) if fence == "---" else None
        if data is None:
            return {}, body, f"front matter is not valid {'TOML' if fence == '+++' else 'YAML'} ({_yaml_where(exc)})"
    if data is None:
        return {}, body, None
    if not isinstance(data, dict):
        return {}, text, None
    meta, problems = _metadata(data, strict=False)
    return meta, body, (f"front matter: {problems[0]}" if problems else None)


_PLAIN_LINE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*$")


def _plain_lines(block: str) -> dict[str, str] | None:
    """Read "key: value" lines YAML refuses because a value holds a colon ("title: Shooting: 18 dead"): each known
    key's value is the rest of its line. None when a line is anything else (a tag, a list, an unknown key)."""
    data: dict[str, str] = {}
    for line in block.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _PLAIN_LINE.match(line)
        if m is None or m.group("key").lower().replace("-", "_") not in ALIASES or m.group("value")[:1] in "!&*[{|>":
            return None
        value = m.group("value")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        data[m.group("key")] = value
    return data or None


def _yaml_where(exc: Exception) -> str:
    """Return 'line N' for a YAML/TOML error, else its message."""
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        return f"line {mark.line + 2}"  # +1 for 1-based, +1 for the opening fence
    return str(exc).splitlines()[0]


def _metadata(data: dict[Any, Any], strict: bool) -> tuple[dict[str, str], list[str]]:
    """Map front-matter or sidecar keys onto Article fields; return them and any problems."""
    meta: dict[str, str] = {}
    problems: list[str] = []
    for key, value in data.items():
        field = ALIASES.get(str(key).lower().replace("-", "_"))
        if field is None:
            if strict:
                problems.append(f"unknown key {key!r} (ignored)")
            continue
        if value is None or field in meta:
            continue
        text = _iso_date(value) if field == "published" else (str(value).strip() if _scalar(value) else None)
        if text:
            meta[field] = text
        else:
            problems.append(f"{key}: {value!r} is not {'a date' if field == 'published' else 'text'} (ignored)")
    return meta, problems


def _scalar(value: Any) -> bool:
    """Return whether value can stand as a text field."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _iso_date(value: Any) -> str | None:
    """Return value as YYYY-MM-DD (date objects, 2023-02-14, February 14, 2023, 14 Feb 2023), else None."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    parts: tuple[str | int | None, ...] | None = None
    if m := _ISO.match(value):
        parts = (m.group(1), m.group(2), m.group(3))
    elif m := _MONTH_FIRST.match(value):
        parts = (m.group(3), _MONTHS.get(m.group(1).lower()), m.group(2))
    elif m := _DAY_FIRST.match(value):
        parts = (m.group(3), _MONTHS.get(m.group(2).lower()), m.group(1))
    if parts is None or parts[1] is None:
        return None
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2])).isoformat()  # type: ignore[arg-type]
    except ValueError:
        return None


class _Sidecars:
    """The sources.toml / sources.yaml files of each folder, parsed once."""

    def __init__(self) -> None:
        self.tables: dict[Path, list[tuple[Path, dict[str, Any]]]] = {}

    def entry(self, file: Path, top: Path) -> tuple[dict[str, str], list[Skipped]]:
        """Return the sidecar metadata of file (nearest folder first, up to top) and new warnings."""
        meta: dict[str, str] = {}
        warnings: list[Skipped] = []
        folder = file.parent
        while True:
            for sidecar, table in self._tables(folder, warnings, top):
                raw = table.get(file.relative_to(folder).as_posix(), table.get(file.name))
                if isinstance(raw, dict):
                    for key, value in _metadata(raw, strict=False)[0].items():
                        meta.setdefault(key, value)
            if folder == top or folder.parent == folder or not _within(folder.parent, top):
                break
            folder = folder.parent
        return meta, warnings

    def _tables(self, folder: Path, warnings: list[Skipped], top: Path) -> list[tuple[Path, dict[str, Any]]]:
        """Return the parsed sidecars of folder, adding warnings the first time one is read."""
        if folder not in self.tables:
            found = []
            for name in SIDECARS:
                path = folder / name
                if path.is_file() and path.is_symlink() and _escapes(path, os.path.realpath(top)):
                    warnings.append(Skipped(str(path), f"sidecar is a link to {os.path.realpath(path)}, outside {top} "
                                            "(ignored)", "copy the sidecar into the folder"))
                elif path.is_file():
                    table, problems = _read_sidecar(path)
                    warnings.extend(problems)
                    if table is not None:
                        found.append((path, table))
            self.tables[folder] = found
        return self.tables[folder]


def _within(folder: Path, top: Path) -> bool:
    """Return whether folder is top or inside it (as written, without resolving)."""
    return folder == top or top in folder.parents


def _read_sidecar(path: Path) -> tuple[dict[str, Any] | None, list[Skipped]]:
    """Parse one sidecar; a broken one is reported and ignored."""
    fix = "fix it or remove it; the articles were read without it"
    try:
        text = path.read_bytes().decode("utf-8-sig")
        data = tomllib.loads(text) if path.suffix == ".toml" else yaml.safe_load(text)
    except OSError as exc:
        return None, [Skipped(str(path), f"sidecar cannot be read ({_why(exc)})", fix)]
    except UnicodeDecodeError:
        return None, [Skipped(str(path), "sidecar is not UTF-8 text", "save it as UTF-8")]
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        kind = "TOML" if path.suffix == ".toml" else "YAML"
        return None, [Skipped(str(path), f"sidecar is not valid {kind} ({_sidecar_where(exc)})", fix)]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return None, [Skipped(str(path), "sidecar must map file names to tables of outlet/published/url/title", fix)]
    return data, list(_sidecar_problems(path, data))


def _sidecar_where(exc: Exception) -> str:
    """Return where a sidecar parse error is."""
    mark = getattr(exc, "problem_mark", None)
    return f"line {mark.line + 1}" if mark is not None else str(exc).splitlines()[0]


def _sidecar_problems(path: Path, data: dict[str, Any]) -> Iterator[Skipped]:
    """Yield a warning for each sidecar entry that is not a table or has unknown or bad values."""
    hint = "use outlet, published (YYYY-MM-DD), url and title"
    for name, entry in data.items():
        if not isinstance(entry, dict):
            yield Skipped(str(path), f"entry {name!r} is not a table of outlet/published/url/title (ignored)", hint)
            continue
        for problem in _metadata(entry, strict=True)[1]:
            yield Skipped(str(path), f"entry {name!r}: {problem}", hint)


# ----------------------------------------------------------------------------- HTML


def _html_or_skip(path: Path, markup: str) -> tuple[str, dict[str, str]] | Skipped:
    """Return the page's text and metadata, or a Skipped when the HTML reader cannot run on this machine or page."""
    try:
        return _html_text(markup)
    except ImportError as exc:
        return Skipped(str(path), f"the HTML reader cannot run: {_one_line(exc)}", _install_hint(exc))
    except FactcheckError:
        raise
    except Exception as exc:  # noqa: BLE001  (a parser bug on one page must not end the run)
        return Skipped(str(path), f"the HTML could not be parsed ({type(exc).__name__}: {_one_line(exc)})",
                       "save the article's text as a .txt file next to it")


def _install_hint(exc: ImportError) -> str:
    """Return the pip command that installs what an ImportError says is missing."""
    text = str(exc)
    if "lxml_html_clean" in text or "lxml.html.clean" in text:
        return "pip install lxml_html_clean (or reinstall factcheck: pip install --upgrade pip && pip install factcheck)"
    name = (exc.name or "").split(".")[0] or "trafilatura"
    return f"pip install {name} (or reinstall factcheck with its dependencies)"


def _one_line(exc: BaseException) -> str:
    """Return an exception's message on one short line."""
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def _html_text(markup: str) -> tuple[str, dict[str, str]]:
    """Return the main text of an HTML page and the metadata it declares."""
    import trafilatura

    meta: dict[str, str] = {}
    text = None
    # trafilatura is a heuristic extractor over arbitrary markup; any failure means "fall back".
    try:
        found = trafilatura.extract_metadata(_parse_html(markup),
                                             date_config={"extensive_search": False, "original_date": True})
        meta = _html_meta(found)
        tree = _parse_html(markup)
        depth, size = _shape(tree)
        if depth <= MAX_HTML_DEPTH:  # trafilatura slows down steeply with depth (2,000 tables: a minute)
            text = trafilatura.extract(tree, include_comments=False, include_tables=True, favor_recall=True,
                                       fast=size > MAX_HTML_FALLBACK)  # its fallback is quadratic in paragraphs
    except Exception:  # noqa: BLE001
        text = None
    if not text or not text.strip():
        text = _visible_text(markup)
    return text, meta


def _shape(tree: Any) -> tuple[int, int]:
    """Return how deeply the elements of a parsed page nest and how many there are."""
    from lxml import etree

    depth = deepest = count = 0
    for event, _el in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        count += event == "start"
        deepest = max(deepest, depth)
    return deepest, count


def _parse_html(markup: str) -> Any:
    """Parse markup with lxml, allowing deep trees."""
    import lxml.html

    parser = lxml.html.HTMLParser(huge_tree=True, encoding="utf-8")
    return lxml.html.document_fromstring(markup.encode("utf-8"), parser=parser)


def _html_meta(found: Any) -> dict[str, str]:
    """Return title/published/outlet/url from trafilatura's metadata document."""
    meta: dict[str, str] = {}
    if found is None:
        return meta
    pairs = (("title", found.title), ("published", _iso_date(found.date)), ("outlet", found.sitename),
             ("url", found.url))
    for key, value in pairs:
        if isinstance(value, str) and value.strip():
            meta[key] = value.strip()
    return meta


_HIDDEN_TAGS = ("script", "style", "noscript", "template", "head", "title", "svg", "iframe", "object")
_BLOCK_TAGS = frozenset(["address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "pre", "section", "table", "td", "th", "tr", "ul"])


def _visible_text(markup: str) -> str:
    """Return the visible text of a page through lxml (or the stdlib tokenizer for pathological depth)."""
    try:
        text = _lxml_visible_text(markup)
    except Exception:  # noqa: BLE001  (lxml refuses some broken documents outright)
        text = ""
    if not text.strip():
        text = _tokenizer_visible_text(markup)
    return text


def _lxml_visible_text(markup: str) -> str:
    """Return the visible text of the body, one line per block element."""
    from lxml import etree

    tree = _parse_html(markup)
    etree.strip_elements(tree, *_HIDDEN_TAGS, with_tail=False)
    etree.strip_tags(tree, etree.Comment, etree.ProcessingInstruction)
    body = tree.find("body")
    parts: list[str] = []
    for event, el in etree.iterwalk(body if body is not None else tree, events=("start", "end")):
        block = el.tag in _BLOCK_TAGS
        if event == "start":
            parts.append("\n" if block else "")
            parts.append(el.text or "")
        else:
            parts.append("\n" if block else "")
            parts.append(el.tail or "")
    return _tidy("".join(parts))


class _TextCollector(html.parser.HTMLParser):
    """Collect the text outside hidden elements, one line per block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.hidden += tag in _HIDDEN_TAGS
        self.parts.append("\n" if tag in _BLOCK_TAGS else "")

    def handle_endtag(self, tag: str) -> None:
        self.hidden = max(0, self.hidden - (tag in _HIDDEN_TAGS))
        self.parts.append("\n" if tag in _BLOCK_TAGS else "")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def _tokenizer_visible_text(markup: str) -> str:
    """Return the visible text using the stdlib HTML tokenizer (no depth limit)."""
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    return _tidy("".join(collector.parts))


def _tidy(text: str) -> str:
    """Collapse runs of spaces and drop empty lines of extracted HTML text."""
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


# ----------------------------------------------------------------------------- inference


def _infer(text: str, signatures: Iterable[_Signature], wanted: list[str]) -> tuple[dict[str, str], list[str]]:
    """Fill wanted outlet/published fields from signatures; return them and the ids that fired."""
    found: dict[str, str] = {}
    ids: list[str] = []
    for sig in signatures:
        if not any(f in wanted and f not in found for f in ("outlet", "published")):
            break
        region = text if sig.first_lines is None else text[:_head_end(text, sig.first_lines)]
        match = sig.pattern.search(region)
        if match is None:
            continue
        got: dict[str, str] = {}
        outlet = sig.outlet or (match.group(sig.outlet_group) if sig.outlet_group else None)
        if outlet and outlet.strip() and "outlet" in wanted and "outlet" not in found:
            got["outlet"] = outlet.strip()
        published = _iso_date(match.group(sig.published_group)) if sig.published_group else None
        if published and "published" in wanted and "published" not in found:
            got["published"] = published
        if got:
            found.update(got)
            ids.append(f"outlets.{sig.id}")
    return found, ids


def _head_end(text: str, count: int) -> int:
    """Return the offset where the first count non-empty lines of text end (reading no further)."""
    seen, start = 0, 0
    while True:
        newline = text.find("\n", start)
        end = len(text) if newline < 0 else newline
        if text[start:end].strip():
            seen += 1
            if seen >= count:
                return end
        if newline < 0:
            return len(text)
        start = newline + 1


def _headline(text: str, dropped: tuple[Dropped, ...]) -> str | None:
    """Return the first line near the top that reads like a headline and is not furniture."""
    for start, end in _line_spans(text)[:20]:
        line = text[start:end].strip()
        if not line or any(d.start < end and start < d.end for d in dropped):
            continue
        line = line.strip("#").strip() if line.startswith("#") else line
        if _reads_like_headline(line):
            return line
    return None


def _reads_like_headline(line: str) -> bool:
    """Return whether a line could be a headline: a few words, one sentence, no final period."""
    words = line.split()
    return (3 <= len(words) <= 30 and len(line) <= 250 and not line.endswith((".", ",", ":", ";"))
            and not line.lower().startswith("by ") and not _SENTENCE_BREAK.search(line))


# ----------------------------------------------------------------------------- furniture


def _line_spans(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of every line, without its newline."""
    spans, start = [], 0
    for match in re.finditer("\n", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _furniture(text: str, rules: _Rules) -> tuple[Dropped, ...]:
    """Return the sorted, non-overlapping spans of page furniture in text."""
    lines = _line_spans(text)
    spans: list[Dropped] = []
    for block in rules.blocks:
        if block.start.search(text):
            spans.extend(_block_spans(text, lines, block))
    for rule in rules.lines:
        if rule.pattern.search(text):
            spans.extend(_line_rule_spans(text, lines, rule))
    return _non_overlapping(text, spans)


def _block_spans(text: str, lines: list[tuple[int, int]], block: _Block) -> Iterator[Dropped]:
    """Yield one span per occurrence of a furniture block."""
    i = 0
    while i < len(lines):
        start, end = lines[i]
        match = block.start.search(text[start:end])
        if match is None or not text[start:end].strip():
            i += 1
            continue
        last = _block_last_line(text, lines, i, start + match.end(), block)
        span_end = len(text.rstrip()) if block.to_end else lines[last][1]
        span = _strip_span(text, start, span_end)
        if span:
            yield Dropped(span[0], span[1], f"furniture.{block.id}")
        i = last + 1


def _block_last_line(text: str, lines: list[tuple[int, int]], first: int, after: int, block: _Block) -> int:
    """Return the index of the block's last line (the start line when its end is not found)."""
    if block.to_end:
        return len(lines) - 1
    if block.end is None and not block.lines:
        return first
    budget, last = block.lines or block.max_lines, first
    for j in range(first, len(lines)):
        start, end = lines[j]
        if not text[start:end].strip():
            continue
        if block.end is not None and block.end.search(text[after if j == first else start:end]):
            return j
        last, budget = j, budget - 1
        if budget <= 0:
            break
    return first if block.end is not None else last


def _line_rule_spans(text: str, lines: list[tuple[int, int]], rule: _LineRule) -> Iterator[Dropped]:
    """Yield the part of each line a line rule matches."""
    for start, end in lines:
        line = text[start:end]
        if not line.strip():
            continue
        match = rule.pattern.search(line)
        if match:
            span = _strip_span(text, start + match.start(), start + match.end())
            if span:
                yield Dropped(span[0], span[1], f"furniture.{rule.id}")


def _strip_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Narrow a span to exclude surrounding whitespace; None when nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _non_overlapping(text: str, spans: list[Dropped]) -> tuple[Dropped, ...]:
    """Sort spans and trim each one that overlaps an earlier (or longer) one."""
    out: list[Dropped] = []
    for span in sorted(spans, key=lambda d: (d.start, -d.end)):
        if out and span.start < out[-1].end:
            rest = _strip_span(text, out[-1].end, span.end)
            if rest is None:
                continue
            span = Dropped(rest[0], rest[1], span.reason)
        out.append(span)
    return tuple(out)
