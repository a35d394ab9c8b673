"""Read rules/*.yaml strictly: duplicate keys, unknown keys and wrong types are errors naming file:line: key."""
from __future__ import annotations

import hashlib
import marshal
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from factcheck.errors import RulesError
from factcheck.ruleset import compiled
from factcheck.ruleset.specs import SPECS, FieldSpec


class _Located(dict):  # type: ignore[type-arg]
    """A mapping that remembers the line of each key (1-based)."""

    lines: dict[str, int]
    line: int


class _LocatedList(list):  # type: ignore[type-arg]
    """A list that remembers the line of each item (1-based)."""

    lines: list[int]
    line: int


_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: same rules, 20x faster


class _StrictLoader(_Base):  # type: ignore[misc,valid-type]
    """A safe YAML loader that rejects duplicate keys and records line numbers."""

    path = ""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> _Located:
    out = _Located()
    out.lines = {}
    out.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str):
            raise RulesError(f"{loader.path}:{line}: {key!r}: keys must be text", "quote the key")
        if key in out:
            raise RulesError(f"{loader.path}:{line}: {key}: duplicate key (first at line {out.lines[key]})",
                             "remove or rename one of them")
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key] = line
    return out


def _construct_sequence(loader: _StrictLoader, node: yaml.SequenceNode) -> _LocatedList:
    out = _LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    out.lines = [child.start_mark.line + 1 for child in node.value]
    out.line = node.start_mark.line + 1
    return out


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def _reader_error(path: Path, text: str, exc: yaml.reader.ReaderError) -> RulesError:
    """Return the error for a control character, which PyYAML refuses before parsing."""
    line = text.count("\n", 0, max(exc.position, 0)) + 1
    char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
    return RulesError(f"{path}:{line}: syntax: character {char!r} is not allowed in YAML",
                      "delete it, or write it as an escape inside a double-quoted string")


def load_yaml(path: Path) -> Any:
    """Parse one YAML file safely; errors name file:line."""
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise RulesError(f"{path}:0: file: missing", "restore it from the factcheck repository or pass --rules DIR") from None
    except OSError as exc:
        raise RulesError(f"{path}:0: file: unreadable ({exc.strerror or exc.__class__.__name__})",
                         "check the file's permissions") from None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise RulesError(f"{path}:{line}: encoding: byte 0x{raw[exc.start]:02x} is not UTF-8",
                         "save the file as UTF-8 text") from None
    try:
        loader = _StrictLoader(text)
    except yaml.reader.ReaderError as exc:
        raise _reader_error(path, text, exc) from None
    loader.path = str(path)
    try:
        data = loader.get_single_data()
    except yaml.reader.ReaderError as exc:
        raise _reader_error(path, text, exc) from None
    except yaml.constructor.ConstructorError as exc:  # e.g. !!python/object tags: never constructed
        line = exc.problem_mark.line + 1 if exc.problem_mark else 0
        raise RulesError(f"{path}:{line}: syntax: {exc.problem}",
                         "rules files are plain YAML; remove the !! tag") from None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 0
        raise RulesError(f"{path}:{line}: syntax: {exc.problem}", "fix the YAML at that line") from None
    except yaml.YAMLError as exc:
        raise RulesError(f"{path}:0: syntax: {str(exc).splitlines()[0]}", "fix the YAML") from None
    finally:
        loader.dispose()
    if data is None:
        raise RulesError(f"{path}:1: file: empty", "restore its entries from the factcheck repository")
    return data


def _type_name(spec: FieldSpec) -> str:
    return {"str": "text", "list": "a list", "dict": "a mapping", "num": "a number", "bool": "true or false",
            "int": "a whole number"}.get(spec.type, spec.type)


def _check_value(path: Path, line: int, key: str, value: Any, spec: FieldSpec) -> None:
    ok = {
        "str": isinstance(value, str),
        "list": isinstance(value, list),
        "dict": isinstance(value, dict),
        "num": isinstance(value, (int, float)) and not isinstance(value, bool),
        "int": isinstance(value, int) and not isinstance(value, bool),
        "bool": isinstance(value, bool),
        "any": True,
    }[spec.type]
    if value is None and spec.nullable:
        return
    if not ok:
        raise RulesError(f"{path}:{line}: {key}: expected {_type_name(spec)}, got {type(value).__name__}",
                         f"write {key} as {_type_name(spec)}")
    if spec.choices and value not in spec.choices:
        raise RulesError(f"{path}:{line}: {key}: {value!r} is not one of {', '.join(spec.choices)}",
                         "use one of the listed values")
    if spec.regex and isinstance(value, str):
        try:
            re.compile(value)
        except re.error as exc:
            raise RulesError(f"{path}:{line}: {key}: bad pattern ({exc})", "fix the regular expression") from None
    if spec.items is not None and isinstance(value, list):
        lines = getattr(value, "lines", [line] * len(value))
        for i, item in enumerate(value):
            _check_value(path, lines[i], f"{key}[{i}]", item, spec.items)
            if isinstance(item, str) and not item.strip():  # an empty phrase would match everywhere
                raise RulesError(f"{path}:{lines[i]}: {key}[{i}]: empty text", "remove the entry or write the phrase")
    if spec.fields is not None and isinstance(value, dict):
        _check_mapping(path, value, spec.fields, key)
    if spec.values is not None and isinstance(value, dict):
        lines = getattr(value, "lines", {})
        for k, v in value.items():
            _check_value(path, lines.get(k, line), f"{key}.{k}", v, spec.values)


def _check_mapping(path: Path, data: dict[str, Any], spec: dict[str, FieldSpec], where: str = "") -> None:
    lines = getattr(data, "lines", {})
    base = getattr(data, "line", 1)
    prefix = f"{where}." if where else ""
    for key, value in data.items():
        if key not in spec:
            shown = key if re.fullmatch(r"[\w-]+", key) else repr(key)  # an empty or spaced key stays visible
            raise RulesError(f"{path}:{lines.get(key, base)}: {prefix}{shown}: unknown key",
                             f"use one of {', '.join(sorted(spec))}")
        _check_value(path, lines.get(key, base), prefix + key, value, spec[key])
    for key, fs in spec.items():
        if fs.required and key not in data:
            raise RulesError(f"{path}:{base}: {prefix}{key}: missing", f"add {key} ({_type_name(fs)})")


class _Lazy(_Located):
    """A mapping read from the compiled cache whose values are decoded on first use.

    The rules' top level holds one blob per file; each file holds one blob per top-level key, so reading
    `confidence` from places.yaml does not decode its 15,700 places.
    """

    def __init__(self, blobs: dict[str, bytes], lines: dict[str, int] | None = None, line: int = 0,
                 files: bool = False) -> None:
        super().__init__()
        self._blobs = blobs
        self._files = files  # the values are files (themselves _Lazy), not plain rules data
        self.lines = lines or {}
        self.line = line

    def __missing__(self, key: str) -> Any:
        blob = self._blobs.get(key)
        if blob is None:
            raise KeyError(key)
        value = self[key] = _Lazy(*marshal.loads(blob)) if self._files else _thaw(marshal.loads(blob))
        return value

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        return _Lazy, (self._blobs, self.lines, self.line, self._files)  # a worker process decodes what it uses

    def _all(self) -> dict[str, Any]:
        """Decode every value; return them as a plain dict."""
        return {key: self[key] for key in self._blobs}

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        """Return a value, decoding it if needed."""
        return self[key] if key in self else default  # noqa: SIM401  (this is get)

    def __contains__(self, key: object) -> bool:
        return key in self._blobs or dict.__contains__(self, key)

    def __iter__(self) -> Any:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._blobs)

    def __eq__(self, other: object) -> bool:
        return self._all() == other

    __hash__ = None  # type: ignore[assignment]

    def keys(self) -> Any:  # type: ignore[override]
        """Return the keys."""
        return self._all().keys()

    def items(self) -> Any:  # type: ignore[override]
        """Return (key, value) for every key."""
        return self._all().items()

    def values(self) -> Any:  # type: ignore[override]
        """Return every value."""
        return self._all().values()


def _store(data: dict[str, Any]) -> dict[str, bytes]:
    """Return the rules as the cache keeps them: per file, per top-level key, marshal data with line numbers."""
    return {name: marshal.dumps(({k: marshal.dumps(_freeze(v)) for k, v in section.items()},
                                 getattr(section, "lines", {}), getattr(section, "line", 0)))
            for name, section in data.items()}


def _freeze(value: Any) -> Any:
    """Return parsed YAML as plain marshal data, keeping the line numbers (YAML never yields tuples)."""
    if isinstance(value, dict):
        return (0, {k: _freeze(v) for k, v in value.items()}, getattr(value, "lines", None), getattr(value, "line", 0))
    if isinstance(value, list):
        return (1, [_freeze(v) for v in value], getattr(value, "lines", None), getattr(value, "line", 0))
    return value


def _thaw(value: Any) -> Any:
    """Rebuild what _freeze stored: mappings and lists that remember their lines."""
    if type(value) is not tuple:
        return value
    kind, items, lines, line = value
    out: _Located | _LocatedList
    if kind == 0:
        out = _Located({k: _thaw(v) for k, v in items.items()})
        out.lines = lines if lines is not None else {}
    else:
        out = _LocatedList(_thaw(v) for v in items)
        out.lines = lines if lines is not None else []
    out.line = line
    return out


@dataclass(frozen=True)
class Ruleset:
    """All rules files, validated; `data[name]` is the parsed content of rules/<name>.yaml."""

    root: str
    data: dict[str, Any] = field(default_factory=dict)
    digest: str = ""

    def __getitem__(self, name: str) -> Any:
        return self.data[name]


def default_rules_dir() -> Path:
    """Return the rules folder shipped with the package (factcheck/rules, a link to the top-level rules/)."""
    return Path(__file__).parent.parent / "rules"


def load_ruleset(root: Path | str | None = None) -> Ruleset:
    """Load and validate every rules file the pipeline needs (from the compiled cache when the files are unchanged)."""
    base = Path(root) if root is not None else default_rules_dir()
    if not base.is_dir():
        raise RulesError(f"{base}:0: folder: missing", "pass --rules DIR pointing at factcheck's rules/ folder")
    digest = rules_digest(base)
    stored = compiled.read("rules", digest) if digest is not None else None
    if isinstance(stored, dict):
        return Ruleset(root=str(base), data=_Lazy(stored, files=True), digest=digest or "")
    ruleset = _parse_ruleset(base)
    compiled.write("rules", ruleset.digest, _store(ruleset.data))
    return ruleset


def rules_digest(base: Path) -> str | None:
    """Return the digest of the rules files' bytes (None when one cannot be read: parsing says why)."""
    sha = hashlib.sha256()
    try:
        for name in sorted(SPECS):
            sha.update(name.encode() + b"\0" + (base / f"{name}.yaml").read_bytes())
    except OSError:
        return None
    return sha.hexdigest()[:16]


def _parse_ruleset(base: Path) -> Ruleset:
    """Parse and validate every rules file."""
    data: dict[str, Any] = {}
    sha = hashlib.sha256()
    for name, spec in sorted(SPECS.items()):
        path = base / f"{name}.yaml"
        parsed = load_yaml(path)
        if not isinstance(parsed, dict):
            raise RulesError(f"{path}:1: file: expected a mapping at the top", "start the file with `key:` entries")
        _check_mapping(path, parsed, spec)
        data[name] = parsed
        sha.update(name.encode() + b"\0" + path.read_bytes())
    return Ruleset(root=str(base), data=data, digest=sha.hexdigest()[:16])
