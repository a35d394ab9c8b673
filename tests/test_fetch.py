"""factcheck fetch against a news site served by the test itself on 127.0.0.1 (no internet)."""
from __future__ import annotations

import errno
import gzip
import json
import os
import socket
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from factcheck import fetch as fetch_module
from factcheck.errors import InputError
from factcheck.fetch import Capped, FetchOptions, Saved, fetch, file_name, iter_fetch

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "fetch"
FLOODS = "/world/2026/03/02/valdoria-floods"
TOLL = "/world/2026/03/03/valdoria-toll-rises"
TROOPS = "/world/2026/03/04/valdoria-troops"
HTML = "text/html; charset=utf-8"
ROUTES = {
    "/": ("home.html", HTML),
    "/robots.txt": ("robots.txt", "text/plain"),
    "/feeds/world.xml": ("feed.xml", "application/rss+xml"),
    "/feeds/valdoria.atom": ("atom.xml", "application/atom+xml"),
    "/feeds/valdoria.json": ("feed.json", "application/feed+json"),
    "/sitemaps/index.xml": ("sitemap-index.xml", "application/xml"),
    "/sitemaps/news.xml": ("sitemap-news.xml", "application/xml"),
    FLOODS: ("floods.html", HTML),
    TOLL: ("toll.html", HTML),
    TROOPS: ("relief.html", HTML),
    "/private/valdoria-embargoed": ("private.html", HTML),
}
FURNITURE = ("Sign up", "newsletter", "Subscribe", "Most read", "Transfer window", "Privacy policy", "Copyright",
             "All rights reserved", "Cookie settings", "Log in", "Front page", "4 min read")


class Site(ThreadingHTTPServer):
    """A small news site with a feed, a sitemap, robots.txt and broken links; it counts every request."""

    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self.hits: Counter[str] = Counter()
        self.agents: list[str] = []
        self.release = threading.Event()  # /slow answers only once the test is over


class Handler(BaseHTTPRequestHandler):
    """Serve the fixture pages, with {base} filled in, and the special paths."""

    protocol_version = "HTTP/1.1"
    server: Site

    def do_GET(self) -> None:
        """Answer one GET."""
        path = urlsplit(self.path).path
        self.server.hits[path] += 1
        self.server.agents.append(self.headers.get("User-Agent", ""))
        special = SPECIAL.get(path)
        if special is not None:
            special(self)
        elif path in ROUTES:
            name, ctype = ROUTES[path]
            self.send(200, (DATA / name).read_text(encoding="utf-8").replace("{base}", self.server.base), ctype)
        else:
            self.send(404, "<html><body><h1>Page not found</h1></body></html>", HTML)

    def send(self, status: int, body: str | bytes, ctype: str = HTML, **headers: str) -> None:
        """Send a complete answer."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""


def _page(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def _slow(h: Handler) -> None:
    h.server.release.wait(30)
    h.send(200, _page("relief.html").replace("{base}", h.server.base))


def _stall(h: Handler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", HTML)
    h.send_header("Content-Length", "100000")
    h.end_headers()
    h.wfile.write(b"<html><body><article><p>The first paragraph arrives, then nothing more.</p>")
    h.wfile.flush()
    h.server.release.wait(30)


def _flaky(h: Handler) -> None:
    if h.server.hits["/flaky"] == 1:
        h.send(503, "busy", "text/plain", Retry_After="120")
    else:
        h.send(200, _page("relief.html").replace("{base}", h.server.base))


def _gzipped_sitemap(h: Handler) -> None:
    h.send(200, gzip.compress(_page("sitemap-news.xml").replace("{base}", h.server.base).encode()), "application/gzip")


def _huge(h: Handler) -> None:
    filler = "<p>" + "Rain. " * 40 + "</p>\n"
    h.send(200, "<html><body><article>" + filler * 1000 + "</article></body></html>")


SPECIAL = {
    "/old/troops-story": lambda h: h.send(301, "", Location=TROOPS),
    "/to-file": lambda h: h.send(302, "", Location="file:///etc/passwd"),
    "/loop": lambda h: h.send(302, "", Location="/loop"),
    "/report.pdf": lambda h: h.send(200, b"%PDF-1.4 flood statistics", "application/pdf"),
    "/broken": lambda h: h.send(500, "internal error", "text/plain"),
    "/slow": _slow,
    "/stall": _stall,
    "/flaky": _flaky,
    "/huge": _huge,
    "/sitemaps/news.xml.gz": _gzipped_sitemap,
}


LOCAL = ("127.0.0.1", "localhost", "::1")


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test (in this process) that looks up or connects to anything but this machine."""
    lookup, connect = socket.getaddrinfo, socket.socket.connect

    def local_lookup(host: Any, *args: Any, **kw: Any) -> Any:
        assert host in LOCAL, f"the test tried to look up {host}"
        return lookup(host, *args, **kw)

    def local_connect(self: socket.socket, address: Any) -> Any:
        assert not isinstance(address, tuple) or address[0] in LOCAL, f"the test tried to reach {address}"
        return connect(self, address)

    monkeypatch.setattr(socket, "getaddrinfo", local_lookup)
    monkeypatch.setattr(socket.socket, "connect", local_connect)


@pytest.fixture()
def site() -> Iterator[Site]:
    """Start the news site on 127.0.0.1 for one test."""
    server = Site()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()


def options(tmp_path: Path, **kw: Any) -> FetchOptions:
    """Return fetch options for the local site: no delay, short timeout, local addresses allowed."""
    return FetchOptions(**{"into": tmp_path / "desk", "delay": 0.0, "timeout": 5.0, "allow_private": True, **kw})


def front_matter(path: Path) -> tuple[dict[str, Any], str]:
    """Split a fetched article into its front matter and its text."""
    _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(head), body


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the factcheck command in a fresh interpreter."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "factcheck.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=300, check=False)


# ----------------------------------------------------------------------------- feeds, sitemaps, pages


def test_a_two_item_feed_gives_two_articles_with_outlet_and_date(site: Site, tmp_path: Path) -> None:
    result = fetch([site.base + "/feeds/world.xml"], options(tmp_path))
    assert [s.new for s in result.saved] == [True, True] and result.failed == ()
    metas = [front_matter(s.path)[0] for s in result.saved]
    assert [(m["outlet"], str(m["published"])) for m in metas] == [("Riverside Wire", "2026-03-02"),
                                                                    ("Kestrel Daily", "2026-03-03")]
    assert metas[0]["url"] == site.base + FLOODS
    assert metas[1]["url"] == site.base + TOLL  # the page's canonical address, not the feed's tracking link
    assert metas[1]["fetched_from"].endswith("?utm_source=rss&utm_medium=feed")
    assert metas[1]["title"] == "Death toll from Valdoria floods rises to 48"
    assert sorted(p.name for p in (tmp_path / "desk").iterdir()) == sorted(s.path.name for s in result.saved)


def test_page_furniture_is_left_out_and_the_story_kept(site: Site, tmp_path: Path) -> None:
    result = fetch([site.base + "/feeds/world.xml"], options(tmp_path))
    for saved in result.saved:
        _, body = front_matter(saved.path)
        for furniture in FURNITURE:
            assert furniture.lower() not in body.lower(), (saved.path.name, furniture)
    _, floods = front_matter(result.saved[0].path)
    assert floods.startswith("\n# Floods kill at least 41 in northern Valdoria, 12,000 displaced\n\n")
    assert "at least 41 people were killed and 12,000 displaced" in floods
    assert "The army deployed 1,500 soldiers and 40 helicopters" in floods


def test_an_atom_feed_with_relative_links(site: Site, tmp_path: Path) -> None:
    result = fetch([site.base + "/feeds/valdoria.atom"], options(tmp_path))
    assert [s.url for s in result.saved] == [site.base + TROOPS, site.base + FLOODS]
    assert site.hits["/"] == 0  # the feed's link to the front page is not an article


def test_a_front_page_is_followed_to_the_feed_it_names(site: Site, tmp_path: Path) -> None:
    result = fetch([site.base + "/"], options(tmp_path, max_articles=2))
    assert [front_matter(s.path)[0]["url"] for s in result.saved] == [site.base + FLOODS, site.base + TOLL]
    assert result.left == 0 and site.hits["/comments/feed"] == 0  # the front page counts not against --max


def test_a_json_feed_and_a_gzipped_sitemap(site: Site, tmp_path: Path) -> None:
    result = fetch([site.base + "/feeds/valdoria.json", site.base + "/sitemaps/news.xml.gz"], options(tmp_path))
    assert [s.url for s in result.saved] == [site.base + TOLL, site.base + TROOPS, site.base + FLOODS]
    assert [f.reason for f in result.failed] == ["disallowed by the site's robots.txt"]


def test_a_sitemap_index_is_followed_and_robots_txt_obeyed(site: Site, tmp_path: Path) -> None:
    result = fetch([site.base + "/sitemaps/index.xml"], options(tmp_path))
    assert [s.url for s in result.saved] == [site.base + TROOPS, site.base + FLOODS]
    assert [(f.url, f.reason) for f in result.failed] == [
        (site.base + "/private/valdoria-embargoed", "disallowed by the site's robots.txt")]
    assert site.hits["/private/valdoria-embargoed"] == 0
    assert site.hits["/robots.txt"] == 1  # read once per site


def test_a_second_fetch_adds_nothing_and_requests_no_article(site: Site, tmp_path: Path) -> None:
    links = [site.base + "/feeds/world.xml", site.base + "/old/troops-story"]
    first = fetch(links, options(tmp_path))
    before = {p.name: p.read_bytes() for p in (tmp_path / "desk").iterdir()}
    pages = site.hits[FLOODS] + site.hits[TOLL] + site.hits[TROOPS]
    second = fetch(links, options(tmp_path))
    assert len(first.new) == 3 and second.new == ()
    assert [s.path for s in second.saved] == [s.path for s in first.saved]
    assert {p.name: p.read_bytes() for p in (tmp_path / "desk").iterdir()} == before
    assert site.hits[FLOODS] + site.hits[TOLL] + site.hits[TROOPS] == pages
    assert site.hits["/old/troops-story"] == 1  # the redirecting link is remembered as fetched_from


def test_an_article_in_a_feed_and_a_sitemap_of_one_run_is_fetched_once(site: Site, tmp_path: Path) -> None:
    result = fetch([site.base + "/feeds/world.xml", site.base + "/sitemaps/index.xml"], options(tmp_path))
    assert len(result.new) == 3 and result.present == () and site.hits[FLOODS] == 1


def test_refresh_fetches_again_into_the_same_file(site: Site, tmp_path: Path) -> None:
    first = fetch([site.base + FLOODS], options(tmp_path))
    again = fetch([site.base + FLOODS], options(tmp_path, refresh=True))
    assert again.new and again.saved[0].path == first.saved[0].path
    assert site.hits[FLOODS] == 2 and len(list((tmp_path / "desk").iterdir())) == 1


def test_a_redirect_is_followed_and_the_final_address_kept(site: Site, tmp_path: Path) -> None:
    result = fetch([site.base + "/old/troops-story"], options(tmp_path))
    meta, body = front_matter(result.saved[0].path)
    assert meta["url"] == site.base + TROOPS and meta["fetched_from"] == site.base + "/old/troops-story"
    assert str(meta["published"]) == "2026-03-04" and "bringing the number of soldiers deployed" in body


# ----------------------------------------------------------------------------- bad links


@pytest.mark.parametrize(("path", "reason"), [
    ("/missing", "not found (HTTP 404)"),
    ("/report.pdf", "not an HTML page, feed or sitemap (application/pdf)"),
    ("/to-file", "redirects to a file: address, which is not followed"),
    ("/loop", "more than 5 redirects"),
    ("/broken", "server error (HTTP 500, also on a retry)"),
    ("/private/valdoria-embargoed", "disallowed by the site's robots.txt"),
    ("/drafts/valdoria-floods", "disallowed by the site's robots.txt"),  # a rule for factcheck by name
])
def test_a_bad_link_fails_with_its_reason(site: Site, tmp_path: Path, path: str, reason: str) -> None:
    result = fetch([site.base + path], options(tmp_path))
    assert result.saved == () and [(f.url, f.reason) for f in result.failed] == [(site.base + path, reason)]
    assert result.failed[0].hint
    requests = {"/broken": 2, "/loop": 6, "/private/valdoria-embargoed": 0, "/drafts/valdoria-floods": 0}
    assert site.hits[path] == requests.get(path, 1)  # one retry on a 5xx; five redirects followed; robots obeyed


def test_a_server_error_is_retried_once_after_its_retry_after(site: Site, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    pauses: list[float] = []
    monkeypatch.setattr(fetch_module.time, "sleep", pauses.append)
    assert fetch([site.base + "/flaky"], options(tmp_path)).new
    fetch([site.base + "/broken"], options(tmp_path))
    assert site.hits["/flaky"] == 2 and site.hits["/broken"] == 2
    assert pauses == [30.0]  # the 503's Retry-After: 120, capped


def test_a_page_that_does_not_answer_times_out(site: Site, tmp_path: Path) -> None:
    result = fetch([site.base + "/slow", site.base + "/stall", site.base + FLOODS], options(tmp_path, timeout=0.5))
    assert [f.reason for f in result.failed] == ["no answer within 0.5 s"] * 2
    assert [s.url for s in result.saved] == [site.base + FLOODS]


def test_a_page_over_the_size_cap_is_refused(site: Site, tmp_path: Path) -> None:
    result = fetch([site.base + "/huge"], options(tmp_path, max_bytes=100_000))
    assert [f.reason for f in result.failed] == ["larger than 100,000 bytes"]


def test_local_addresses_are_refused_unless_allowed(site: Site, tmp_path: Path) -> None:
    result = fetch([site.base + FLOODS], options(tmp_path, allow_private=False))
    assert [f.reason for f in result.failed] == ["points to a private or local network address"]
    assert "--allow-private" in result.failed[0].hint and sum(site.hits.values()) == 0


@pytest.mark.parametrize(("link", "reason"), [
    ("ftp://example.org/story", "ftp: links are not fetched"),
    ("example.org/story", "not a link (no http:// or https://)"),
    ("http://", "not a valid link (no host name)"),
    ("http://example.org:port/story", "not a valid link"),
])
def test_a_malformed_link_fails_without_a_request(tmp_path: Path, link: str, reason: str) -> None:
    result = fetch([link], options(tmp_path))
    assert [(f.url, f.reason) for f in result.failed] == [(link, reason)]


def test_max_stops_after_n_articles_and_says_how_many_are_left(site: Site, tmp_path: Path) -> None:
    events = list(iter_fetch([site.base + "/feeds/world.xml", site.base + TROOPS], options(tmp_path, max_articles=1)))
    assert [type(e) for e in events] == [Saved, Capped] and events[-1] == Capped(2)
    assert site.hits[TOLL] == 0 and site.hits[TROOPS] == 0


def test_requests_name_factcheck_and_wait_between_requests_to_a_host(site: Site, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    pauses: list[float] = []
    monkeypatch.setattr(fetch_module.time, "sleep", pauses.append)
    fetch([site.base + "/feeds/world.xml"], options(tmp_path, delay=30.0))
    assert site.agents and all(a.startswith("factcheck/") for a in site.agents)
    assert len(pauses) == 3 and all(25.0 < p <= 30.0 for p in pauses)  # robots.txt, feed, page, page


def test_into_a_file_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "desk").write_text("not a folder")
    with pytest.raises(InputError, match="is a file, not a folder"):
        fetch(["https://example.org/story"], options(tmp_path))


def test_a_failed_write_stops_with_one_line_and_leaves_no_partial_file(site: Site, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*args: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fetch_module.os, "replace", full)
    with pytest.raises(InputError, match="cannot write the article \\(No space left on device\\)"):
        fetch([site.base + FLOODS], options(tmp_path))
    assert list((tmp_path / "desk").iterdir()) == []


def test_file_names_are_slugs_with_a_hash_and_writes_leave_no_temporary_file(site: Site, tmp_path: Path) -> None:
    name = file_name("https://www.example.org/world/2026/03/02/Floods-Kill-41.html?id=7")
    assert name.startswith("example-org-02-floods-kill-41-") and name.endswith(".md") and len(name) < 100
    assert name != file_name("https://www.example.org/world/2026/03/02/Floods-Kill-41.html?id=8")
    fetch([site.base + "/feeds/world.xml"], options(tmp_path))
    assert all(not p.name.startswith(".") for p in (tmp_path / "desk").iterdir())


# ----------------------------------------------------------------------------- the command


def test_cli_a_missing_page_gets_one_line_and_the_rest_goes_on(site: Site, tmp_path: Path) -> None:
    desk = tmp_path / "desk"
    proc = run_cli("fetch", site.base + "/missing", site.base + "/feeds/world.xml", "--into", str(desk),
                   "--delay", "0", "--allow-private")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.splitlines()
    assert lines == [(f"factcheck: not fetched {site.base}/missing: not found (HTTP 404): check the link; the page "
                      "may have moved"),
                     f"factcheck: 2 articles fetched into {desk}, 0 already there, 1 link not fetched"]
    assert len(list(desk.glob("*.md"))) == 2
    again = run_cli("fetch", site.base + "/feeds/world.xml", "--into", str(desk), "--delay", "0", "--allow-private")
    assert again.returncode == 0 and again.stderr.splitlines() == [
        f"factcheck: 0 articles fetched into {desk}, 2 already there, 0 links not fetched"]


@pytest.mark.parametrize(("args", "message"), [
    (["not a link"], "factcheck: not fetched not a link: not a link (no http:// or https://)"),
    (["http://127.0.0.1:1/story"], "factcheck: not fetched http://127.0.0.1:1/story: cannot connect to the site"),
])
def test_cli_exits_2_when_no_article_could_be_fetched(tmp_path: Path, args: list[str], message: str) -> None:
    proc = run_cli("fetch", *args, "--into", str(tmp_path / "desk"), "--allow-private", "--timeout", "2")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[0].startswith(message)
    assert proc.stderr.splitlines()[-1].startswith("factcheck: error: no article could be fetched from ")


def test_cli_into_a_file_is_one_line_with_the_fix(tmp_path: Path) -> None:
    (tmp_path / "desk").write_text("")
    proc = run_cli("fetch", "https://example.org/story", "--into", str(tmp_path / "desk"))
    assert proc.returncode == 2
    assert proc.stderr == (f"factcheck: error: --into {tmp_path / 'desk'}: is a file, not a folder: "
                           "give a folder for the fetched articles\n")


def test_fetch_help_has_examples() -> None:
    helped = run_cli("fetch", "--help")
    assert helped.returncode == 0 and "Examples:" in helped.stdout and "--allow-private" in helped.stdout


def test_long_runs_print_a_progress_line_every_25_articles_off_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    from factcheck.cli import _fetch_progress, _Progress

    report = _fetch_progress(_Progress(True))  # stderr is captured, so not a terminal
    for done in range(1, 51):
        report(done, None, "fetching")
    assert capsys.readouterr().err.splitlines() == ["factcheck: fetching article 25 ...",
                                                    "factcheck: fetching article 50 ..."]


def test_extract_refuses_links_with_the_fix() -> None:
    proc = run_cli("extract", "https://example.org/story")
    assert proc.returncode == 2 and proc.stderr == (
        "factcheck: error: https://example.org/story: extract reads files and folders, not links: run factcheck "
        "fetch LINK --into DIR first, or factcheck check LINK\n")


# ----------------------------------------------------------------------------- claims


@pytest.mark.slow
def test_the_claims_of_fetched_articles_are_found(site: Site, tmp_path: Path) -> None:
    from factcheck.api import extract

    result = fetch([site.base + "/feeds/world.xml"], options(tmp_path))
    claims = extract([s.path for s in result.saved], jobs=1, cache_dir=None)
    found = {(c.category, c.low, c.hedge, c.outlet) for c in claims}
    assert ("killed", 41, "at_least", "Riverside Wire") in found
    assert ("displaced", 12000, "exact", "Riverside Wire") in found
    assert ("killed", 48, "exact", "Kestrel Daily") in found
    assert all(c.published in ("2026-03-02", "2026-03-03") for c in claims)


@pytest.mark.slow
def test_check_a_feed_link_fetches_then_reports(site: Site, tmp_path: Path) -> None:
    out, temp = tmp_path / "out", tmp_path / "temp"
    temp.mkdir()
    proc = run_cli("check", site.base + "/feeds/world.xml", site.base + "/missing", "--out", str(out),
                   "--format", "json", "--allow-private", "--delay", "0", "--no-cache", "--jobs", "1",
                   env={"TMPDIR": str(temp)})
    assert proc.returncode == 0, proc.stderr
    assert f"factcheck: not fetched {site.base}/missing: not found (HTTP 404)" in proc.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert sorted(a["outlet"] for a in report["articles"]) == ["Kestrel Daily", "Riverside Wire"]
    assert any(c["number_text"] == "at least 41" for c in report["claims"])
    assert [(s["path"], s["reason"]) for s in report["skipped"]] == [
        (site.base + "/missing", "not fetched: not found (HTTP 404)")]
    assert list(temp.iterdir()) == []  # the temporary folder of fetched articles is gone


@pytest.mark.slow
def test_check_with_into_keeps_the_articles_and_reads_local_paths_too(site: Site, tmp_path: Path) -> None:
    desk = tmp_path / "desk"
    proc = run_cli("check", site.base + FLOODS, str(ROOT / "articles"), "--into", str(desk), "--out",
                   str(tmp_path / "out"), "--format", "json", "--allow-private", "--no-cache", "--jobs", "1")
    assert proc.returncode == 0, proc.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert len(list(desk.glob("*.md"))) == 1
    assert len(report["articles"]) == 1 + len([p for p in (ROOT / "articles").iterdir() if p.suffix == ".txt"])
