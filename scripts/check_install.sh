#!/usr/bin/env bash
# Install factcheck with the pip that Python ships (no upgrade) into a fresh venv, then read an HTML article.
# Catches dependencies that only a newer pip resolves. Reuses pip's download cache; needs PyPI only.
set -euo pipefail
cd "$(dirname "$0")/.."
py="${PYTHON:-}"
if [ -z "$py" ]; then
  for candidate in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then py="$candidate"; break; fi
  done
fi
[ -n "$py" ] || { echo "check_install: no python3 found; install Python 3.11" >&2; exit 2; }
work="$(mktemp -d "${TMPDIR:-/tmp}/factcheck-install.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# A clean copy of the source (tracked and new files, nothing ignored), so the build leaves this tree alone.
mkdir "$work/src"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
    if [ -e "$f" ] || [ -L "$f" ]; then printf '%s\0' "$f"; fi  # a deleted tracked file is left out
  done | tar --null -T - -cf - | tar -xf - -C "$work/src"
else
  tar --exclude=.venv --exclude=build --exclude='*.egg-info' -cf - . | tar -xf - -C "$work/src"
fi

"$py" -m venv "$work/venv"
pip_version="$("$work/venv/bin/python" -m pip --version | cut -d' ' -f2)"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
for try in 1 2 3; do  # a dropped connection to the registry is retried; a resolver error fails three times
  if "$work/venv/bin/python" -m pip install --quiet --retries 5 --timeout 60 "$work/src" >"$work/pip.log" 2>&1; then
    break
  fi
  [ "$try" = 3 ] && { cat "$work/pip.log" >&2; echo "check_install: pip $pip_version could not install factcheck" >&2; exit 1; }
  sleep 5
done

cat >"$work/story.html" <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Strikes kill 33 Turkish soldiers in Idlib | Daily Bugle</title>
<meta property="og:site_name" content="Daily Bugle"><meta property="article:published_time" content="2020-02-28">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Strikes kill 33 Turkish soldiers in Idlib</h1>
<p>At least 33 Turkish soldiers were killed in an air strike in Syria's Idlib province on Thursday, the governor
of Hatay said.</p>
<p>Almost 950,000 people have fled their homes in northwest Syria since December, the United Nations said.</p>
</article><footer>Sign up for our newsletter</footer></body></html>
HTML
# Run from the temp folder with no PYTHONPATH, so the installed package (not this tree) is what runs.
out="$(cd "$work" && env -u PYTHONPATH "$work/venv/bin/factcheck" extract --no-cache --jobs 1 story.html \
       2>"$work/stderr")" || { cat "$work/stderr" >&2; echo "check_install: factcheck failed to run" >&2; exit 1; }
if [ -s "$work/stderr" ] || ! grep -qi '"number_text": "at least 33"' <<<"$out" || ! grep -q '"value": 950000.0' <<<"$out"; then
  cat "$work/stderr" >&2
  printf '%s\n' "$out" >&2
  echo "check_install: the fresh install (pip $pip_version) did not read the HTML article" >&2
  exit 1
fi
echo "check_install: pip $pip_version installed factcheck into a fresh venv; it read an HTML article"
