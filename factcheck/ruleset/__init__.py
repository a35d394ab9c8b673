"""Load and validate the rules/ folder (vocabulary, patterns, cutoffs as data)."""
from __future__ import annotations

from factcheck.ruleset.loader import Ruleset, default_rules_dir, load_ruleset, load_yaml

__all__ = ["Ruleset", "default_rules_dir", "load_ruleset", "load_yaml"]
