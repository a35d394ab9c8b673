"""The text of a Doc, read once: spaCy rebuilds Doc.text from its tokens on every access."""
from __future__ import annotations

from spacy.tokens import Doc

_KEY = "factcheck.text"


def doc_text(doc: Doc) -> str:
    """Return doc.text, kept in the doc's user data after the first call (retokenizing never changes it)."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text  # type: ignore[no-any-return]
