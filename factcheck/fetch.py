"""Bring articles in from links, RSS/Atom feeds and sitemaps: one .md file with front matter per article.

Downloads are polite: a User-Agent naming factcheck, robots.txt obeyed, one request at a time with a
delay between two requests to the same host, timeouts, one retry on a server error, a size cap, and
only http(s) links and redirects. Connections go through trafilatura's pool (which refuses private and
local addresses unless asked), feeds are read by trafilatura.feeds, sitemaps by trafilatura.sitemaps,
and the main text and metadata of a page by trafilatura.bare_extraction.
"""
from __future__ import annotations

import hashlib
import html
import inspect
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

import trafilatura
import urllib3
import yaml
from trafilatura.downloads import create_pool
from trafilatura.feeds import FeedParameters, determine_feed, find_links
from trafilatura.sitemaps import DETECT_SITEMAP_LINK, SitemapObject
from trafilatura.utils import decode_file, handle_compressed_file

from factcheck import __version__
from factcheck.errors import InputError

USER_AGENT = f"factcheck/{__version__} (cross-checks the figures in news articles)"
MAX_REDIRECTS = 5
MAX_SITEMAPS = 20  # nested sitemaps read per sitemap given
MAX_CRAWL_DELAY = 30.0  # seconds; a larger Crawl-delay in robots.txt or Retry-After is capped
ROBOTS_BYTES = 500_000  # RFC 9309: crawlers may ignore what follows the first 500 KiB
HEAD_BYTES = 65_536  # how much of an existing article is read to find its front matter
ACCEPT = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.5"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
ARTICLE_SUFFIXES = (".md", ".markdown", ".txt")
_ROOT = re.compile(r"\A\ufeff?\s*(?:<\?xml[^>]*>\s*|<\?xml-stylesheet[^>]*>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*"
                   r"<(?:[\w.-]+:)?(rss|feed|RDF|urlset|sitemapindex)\b", re.S | re.I)
_FEED_ROOTS = {"rss", "feed", "rdf"}
_GZIP = b"\x1f\x8b\x08"
_SLUG = re.compile(r"[^a-z0-9]+")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)

Progress = Callable[[int, int | None, str], None]


def _quiet(done: int, total: int | None, label: str) -> None:
    """Report nothing."""


@dataclass(frozen=True)
class FetchOptions:
    """Where fetched articles go and how politely they are fetched; the CLI fills it from flags."""

    into: Path
    max_articles: int | None = 100  # new articles per run; None: no limit
    delay: float = 1.0  # seconds between two requests to the same host
    timeout: float = 20.0  # seconds per request, connecting and reading
    max_bytes: int = 5_000_000  # largest page read
    refresh: bool = False  # fetch again links already in the folder
    allow_private: bool = False  # fetch from loopback and private-network addresses
    user_agent: str = USER_AGENT
    progress: Progress = field(default=_quiet, compare=False)


@dataclass(frozen=True)
class Saved:
    """An article that is in the folder: written by this run (new) or found there already."""

    url: str
    path: Path
    new: bool


@dataclass(frozen=True)
class Failed:
    """A link that could not be fetched, with the reason and how to fix it."""

    url: str
    reason: str
    hint: str = ""


@dataclass(frozen=True)
class Capped:
    """The run stopped at --max new articles; this many links were left alone."""

    left: int


Event = Saved | Failed | Capped


@dataclass(frozen=True)
class FetchResult:
    """What a fetch did: the articles now in the folder, the links that failed, the links left by --max."""

    saved: tuple[Saved, ...]
    failed: tuple[Failed, ...]
    left: int = 0

    @property
    def new(self) -> tuple[Path, ...]:
        """Return the files written by this run, each once."""
        return tuple(dict.fromkeys(s.path for s in self.saved if s.new))

    @property
    def present(self) -> tuple[Path, ...]:
        """Return the files that were in the folder already and answer for a link of this run, each once."""
        new = set(self.new)
        return tuple(dict.fromkeys(s.path for s in self.saved if not s.new and s.path not in new))


class LinkError(Exception):
    """A link that cannot be fetched; the message is the reason, hint the fix."""

    def __init__(self, reason: str, hint: str = "", network: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.hint = hint
        self.network = network  # the site could not be reached at all


# ----------------------------------------------------------------------------- entry points


def fetch(urls: Iterable[str], options: FetchOptions) -> FetchResult:
    """Fetch every article behind urls (pages, feeds, sitemaps) into options.into; return what happened."""
    saved: list[Saved] = []
    failed: list[Failed] = []
    left = 0
    for event in iter_fetch(urls, options):
        if isinstance(event, Saved):
            saved.append(event)
        elif isinstance(event, Failed):
            failed.append(event)
        else:
            left = event.left
    return FetchResult(tuple(saved), tuple(failed), left)


def iter_fetch(urls: Iterable[str], options: FetchOptions) -> Iterator[Event]:
    """Yield a Saved or Failed for each article link as it is handled, and a Capped when --max stops the run."""
    _prepare_folder(options.into)
    run = _Run(options)
    yield from run.links(list(urls))


def _prepare_folder(into: Path) -> None:
    """Create the target folder; a path that is a file or cannot be created is an InputError."""
    if into.exists() and not into.is_dir():
        raise InputError(f"--into {into}: is a file, not a folder", "give a folder for the fetched articles")
    try:
        into.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"--into {into}: cannot create the folder ({exc.strerror or exc})",
                         "give a folder you can write to") from None
    if not os.access(into, os.W_OK | os.X_OK):
        raise InputError(f"--into {into}: the folder is not writable", "give a folder you can write to")


def check_url(url: str) -> str:
    """Return url when it is an absolute http(s) link; raise LinkError saying how to fix it otherwise."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018  (raises ValueError on a bad port)
    except ValueError:
        raise LinkError("not a valid link", "give a full link such as https://example.org/news/story") from None
    if parts.scheme.lower() not in ("http", "https"):
        what = f"{parts.scheme}: links are not fetched" if parts.scheme else "not a link (no http:// or https://)"
        raise LinkError(what, "give a full link that starts with http:// or https://")
    if not parts.hostname:
        raise LinkError("not a valid link (no host name)", "give a full link such as https://example.org/news/story")
    return url.strip()


def _norm(url: str) -> str:
    """Return url in the form used to recognise it again: lower-case scheme and host, no fragment."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


# ----------------------------------------------------------------------------- one run


class _Run:
    """One fetch: the links to follow, what the folder already holds, the --max budget."""

    def __init__(self, options: FetchOptions) -> None:
        self.options = options
        self.http = _Http(options)
        self.known = _known_urls(options.into)
        self.budget = options.max_articles
        self.left = 0
        self.done = 0

    def links(self, urls: list[str]) -> Iterator[Event]:
        """Handle the links given on the command line, in order; a Capped last when --max left some."""
        for url in urls:
            yield from self._given(url)
        if self.left:
            yield Capped(self.left)

    def _given(self, url: str) -> Iterator[Event]:
        """Handle one given link: an article page, a feed or a sitemap."""
        try:
            url = check_url(url)
            if self._present(url):
                yield Saved(url, self.known[_norm(url)], new=False)
                return
            if not self._spend():
                return
            page = self.http.get(url)
            kind = "front" if page.kind() == "html" and _is_front_page(page.url) else page.kind()
            if kind in ("feed", "sitemap", "front"):
                self._refund()  # --max counts article pages, not the feeds that list them
            if kind == "front":
                page, kind = self._front_page_feed(page), "feed"
            if kind in ("feed", "sitemap"):
                yield from self._items(_feed_links(page) if kind == "feed" else self._sitemap_links(page))
            elif kind == "html":
                yield self._article(url, page)
            else:
                raise _not_html(page)
        except LinkError as exc:
            yield Failed(url, exc.reason, exc.hint)

    def _front_page_feed(self, page: _Page) -> _Page:
        """Return the feed a site's front page names (its first <link rel="alternate">), fetched."""
        parts = urlsplit(page.url)
        found = determine_feed(page.text(), FeedParameters(f"{parts.scheme}://{parts.netloc}", parts.hostname or "",
                                                           page.url))
        if not found:
            raise LinkError("a site's front page names no feed", "pass the links of articles, or the site's feed")
        try:
            feed = self.http.get(found[0])
        except LinkError as exc:
            raise LinkError(f"its feed {found[0]}: {exc.reason}", exc.hint) from None
        if feed.kind() != "feed":
            raise LinkError(f"its feed {found[0]} is not a feed", "pass the links of articles, or the site's feed")
        return feed

    def _items(self, links: list[str]) -> Iterator[Event]:
        """Handle the article links of a feed or sitemap, until --max is reached."""
        if not links:
            raise LinkError("lists no article links", "check that this is the feed or sitemap you meant")
        for link in links:
            if self._present(link):
                yield Saved(link, self.known[_norm(link)], new=False)
            elif self._spend():
                yield self._linked(link)

    def _linked(self, link: str) -> Saved | Failed:
        """Fetch one article link found in a feed or sitemap."""
        try:
            page = self.http.get(check_url(link))
            kind = page.kind()
            if kind in ("feed", "sitemap"):
                raise LinkError(f"a {kind} listed inside another one (not followed)", "pass it as a link of its own")
            if kind != "html":
                raise _not_html(page)
            return self._article(link, page)
        except LinkError as exc:
            return Failed(link, exc.reason, exc.hint)

    def _spend(self) -> bool:
        """Take one article from the --max budget; False (and one more link left) when it is spent."""
        if self.budget is not None and self.budget <= 0:
            self.left += 1
            return False
        self.budget = None if self.budget is None else self.budget - 1
        self.done += 1
        self.options.progress(self.done, None, "fetching")
        return True

    def _refund(self) -> None:
        """Give back what _spend took for a link that turned out to be a feed or sitemap."""
        self.budget = None if self.budget is None else self.budget + 1
        self.done -= 1

    def _present(self, url: str) -> bool:
        """Return whether url is already in the folder (and --refresh does not ask for it again)."""
        return not self.options.refresh and _norm(url) in self.known

    def _article(self, asked: str, page: _Page) -> Saved:
        """Extract the article of a fetched page and write it, unless its address is already in the folder."""
        meta, body = extract_article(page.text(), page.url)
        existing = self.known.get(_norm(meta["url"]))
        if existing is not None and not self.options.refresh:
            self._remember(existing, asked, page.url)
            return Saved(asked, existing, new=False)
        path = existing or self.options.into / file_name(meta["url"])
        write_atomic(path, render_article(meta, body, asked if _norm(asked) != _norm(meta["url"]) else None))
        self._remember(path, asked, page.url, meta["url"])
        return Saved(asked, path, new=True)

    def _remember(self, path: Path, *urls: str) -> None:
        """Record that the article at path answers for these urls."""
        for url in urls:
            self.known[_norm(url)] = path

    def _sitemap_links(self, page: _Page) -> list[str]:
        """Return the page links of a sitemap, reading the sitemaps it nests (up to MAX_SITEMAPS)."""
        reader = _SitemapReader(page.url)
        reader.read(page.url, page.text())
        seen = {_norm(page.url)}
        while reader.sitemap_urls and len(seen) < MAX_SITEMAPS:
            nested = reader.sitemap_urls.pop(0)
            if _norm(nested) in seen:
                continue
            seen.add(_norm(nested))
            try:
                reader.read(nested, self.http.get(nested).text())
            except LinkError:
                continue  # a broken nested sitemap leaves the others readable
        return list(dict.fromkeys(reader.urls))


def _is_front_page(url: str) -> bool:
    """Return whether url is a site's front page (no path)."""
    return urlsplit(url).path in ("", "/")


def _not_html(page: _Page) -> LinkError:
    """Return the error for a page that is not HTML."""
    return LinkError(f"not an HTML page, feed or sitemap ({page.content_type or 'no content type'})",
                     "link to the article's web page")


# ----------------------------------------------------------------------------- HTTP


@dataclass(frozen=True)
class _Page:
    """A fetched document: its final address, content type and bytes."""

    url: str
    content_type: str
    body: bytes

    def text(self) -> str:
        """Return the body decoded (HTTP charset, else trafilatura's detection)."""
        match = _CHARSET.search(self.content_type)
        if match:
            try:
                return self.body.decode(match.group(1))
            except (LookupError, UnicodeDecodeError):
                pass
        return str(decode_file(self.body))

    def kind(self) -> str:
        """Return html, feed, sitemap or '' (something else) from the root element and content type."""
        root = _ROOT.match(self.body[:4096].decode("utf-8", "replace"))
        if root:
            return "feed" if root.group(1).lower() in _FEED_ROOTS else "sitemap"
        mime = self.content_type.split(";")[0].strip().lower()
        if mime in ("application/feed+json", "application/json") and b"jsonfeed.org" in self.body[:4096]:
            return "feed"
        return "html" if mime in HTML_TYPES or (not mime and b"<html" in self.body[:4096].lower()) else ""


@dataclass
class _Reply:
    """One HTTP response: status, headers, body (read only for 2xx)."""

    url: str
    status: int
    headers: Any
    body: bytes = b""


class _Http:
    """Polite GETs: robots.txt, a delay per host, redirects vetted hop by hop, one retry on 5xx."""

    def __init__(self, options: FetchOptions) -> None:
        self.options = options
        self.pool = _pool(options.allow_private)
        self.headers = {**urllib3.util.make_headers(accept_encoding=True, user_agent=options.user_agent),
                        "Accept": ACCEPT}
        self.robots: dict[str, RobotFileParser | LinkError] = {}
        self.crawl_delay: dict[str, float] = {}
        self.last: dict[str, float] = {}

    def get(self, url: str) -> _Page:
        """Return the page at url after redirects, or raise LinkError with the reason."""
        return _page(self.reply(url), self.options.max_bytes)

    def reply(self, url: str, robots: bool = True, limit: int | None = None) -> _Reply:
        """Return the last answer for url, following redirects that stay on http(s)."""
        for _hop in range(MAX_REDIRECTS + 1):
            if robots:
                self._allowed(url)
            reply = self._retrying(url, limit or self.options.max_bytes)
            location = reply.headers.get("location") if reply.status in REDIRECTS else None
            if not location:
                return reply
            url = _redirect_target(url, location)
        raise LinkError(f"more than {MAX_REDIRECTS} redirects", "open the link in a browser and pass where it ends")

    def _retrying(self, url: str, limit: int) -> _Reply:
        """Send one request, and once more when the server answers with a 5xx error (after its Retry-After)."""
        reply = self._send(url, limit)
        if reply.status >= 500:
            wait = str(reply.headers.get("retry-after", "")).strip()
            if wait.isdigit():
                time.sleep(min(float(wait), MAX_CRAWL_DELAY))
            reply = self._send(url, limit)
        return reply

    def _send(self, url: str, limit: int) -> _Reply:
        """Send one GET after the host's delay; read the body of a 2xx answer up to limit bytes."""
        host = urlsplit(url).netloc.lower()
        self._wait(host)
        deadline = time.monotonic() + self.options.timeout
        try:
            response = self.pool.request("GET", url, headers=self.headers, retries=False, redirect=False,
                                         preload_content=False, timeout=urllib3.Timeout(self.options.timeout))
            try:
                if not 200 <= response.status < 300:
                    response.close()  # the body of an error or redirect is not read; the connection goes
                    return _Reply(url, response.status, response.headers)
                body = _read_capped(response, limit, deadline, self.options.timeout)
                return _Reply(url, response.status, response.headers, body)
            finally:
                response.release_conn()
        except urllib3.exceptions.HTTPError as exc:
            raise _network_error(exc, self.options.timeout) from None
        finally:
            self.last[host] = time.monotonic()

    def _wait(self, host: str) -> None:
        """Sleep until the delay since the last request to host (or its robots.txt Crawl-delay) has passed."""
        if host not in self.last:
            return
        gap = max(self.options.delay, self.crawl_delay.get(host, 0.0))
        pause = self.last[host] + gap - time.monotonic()
        if pause > 0:
            time.sleep(pause)

    def _allowed(self, url: str) -> None:
        """Raise LinkError when the site's robots.txt disallows url (read once per site)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        if origin not in self.robots:
            self.robots[origin] = self._robots(origin)
        parser = self.robots[origin]
        if isinstance(parser, LinkError):
            raise parser
        if not parser.can_fetch(self.options.user_agent, url):
            raise LinkError("disallowed by the site's robots.txt",
                            "factcheck leaves alone what a site asks crawlers not to fetch; save the page from a "
                            "browser instead")

    def _robots(self, origin: str) -> RobotFileParser | LinkError:
        """Read origin/robots.txt: missing (4xx) allows all, a 5xx refuses all, as RFC 9309 says."""
        parser = RobotFileParser(origin + "/robots.txt")
        try:
            reply = self.reply(origin + "/robots.txt", robots=False, limit=ROBOTS_BYTES)
        except LinkError as exc:
            return exc if exc.network else LinkError(f"robots.txt: {exc.reason}", exc.hint)
        if 400 <= reply.status < 500:
            parser.parse([])  # no robots.txt: no rules
        elif not 200 <= reply.status < 300:
            return LinkError(f"robots.txt unavailable (HTTP {reply.status})", "try again later")
        else:
            parser.parse(_page(reply, ROBOTS_BYTES).text().splitlines())
            delay = parser.crawl_delay(self.options.user_agent)
            self.crawl_delay[urlsplit(origin).netloc] = min(float(delay), MAX_CRAWL_DELAY) if delay else 0.0
        return parser


def _pool(allow_private: bool) -> Any:
    """Return trafilatura's connection pool, which refuses non-public addresses on every hop unless allowed."""
    if "ssrf_protection" not in inspect.signature(create_pool).parameters:  # trafilatura before its address guard
        if not allow_private:
            raise InputError(f"trafilatura {trafilatura.__version__} cannot refuse private network addresses",
                             "upgrade it (pip install -U trafilatura), or pass --allow-private")
        return create_pool()
    return create_pool(ssrf_protection=not allow_private)


def _page(reply: _Reply, limit: int) -> _Page:
    """Return the page of a 2xx reply (a .gz file unpacked), or raise LinkError naming the status."""
    if not 200 <= reply.status < 300:
        raise LinkError(*_status_reason(reply.status))
    body = reply.body
    if body[:3] == _GZIP:  # sitemap.xml.gz and the like, beyond gzip as a transfer encoding
        body = handle_compressed_file(body, limit)
        if body[:3] == _GZIP:
            raise LinkError(f"a compressed file that is broken or unpacks to more than {limit:,} bytes",
                            "raise --max-bytes if it is really that large")
    return _Page(reply.url, reply.headers.get("content-type", ""), body)


def _status_reason(status: int) -> tuple[str, str]:
    """Return the reason and hint for an HTTP error status."""
    if status in (404, 410):
        return f"{'not found' if status == 404 else 'gone'} (HTTP {status})", "check the link; the page may have moved"
    if status in (401, 403):
        return (f"access refused (HTTP {status})",
                "the site refuses automated requests or needs a login; save the page from a browser")
    if status == 429:
        return "too many requests (HTTP 429)", "raise --delay and try again later"
    if status >= 500:
        return f"server error (HTTP {status}, also on a retry)", "try again later"
    return f"HTTP {status}", "open the link in a browser to see what the site answers"


def _redirect_target(url: str, location: str) -> str:
    """Return the absolute target of a redirect; raise LinkError when it leaves http(s)."""
    target = urljoin(url, location.strip())
    scheme = urlsplit(target).scheme.lower()
    if scheme not in ("http", "https"):
        raise LinkError(f"redirects to a {scheme or 'non-web'}: address, which is not followed",
                        "link to the article's web page")
    return target


def _read_capped(response: Any, limit: int, deadline: float, timeout: float) -> bytes:
    """Read a response body, refusing more than limit bytes (after decompression) or past the deadline."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        response.close()
        raise _too_large(limit)
    out = bytearray()
    while chunk := response.read1(65_536, decode_content=True):  # whatever has arrived, so a slow drip is timed
        out += chunk
        if len(out) > limit or time.monotonic() > deadline:
            response.close()
            raise _too_large(limit) if len(out) > limit else _timed_out(timeout)
    return bytes(out)


def _too_large(limit: int) -> LinkError:
    """Return the error for a page over the size cap."""
    return LinkError(f"larger than {limit:,} bytes", "raise --max-bytes if the page is really that large")


def _timed_out(timeout: float) -> LinkError:
    """Return the error for a page that did not arrive in time."""
    return LinkError(f"no answer within {timeout:g} s", "raise --timeout, or try again later", network=True)


def _network_error(exc: Exception, timeout: float) -> LinkError:
    """Return the reason and fix for a failed connection or read."""
    errors = urllib3.exceptions
    if "SSRF protection" in str(exc):  # trafilatura's pool refuses non-public addresses
        reason, hint = "points to a private or local network address", "pass --allow-private to fetch from your own network"
    elif isinstance(exc, errors.NameResolutionError):
        reason, hint = "host name not found", "check the spelling of the link"
    elif isinstance(exc, errors.NewConnectionError):  # before timeouts: it subclasses ConnectTimeoutError
        reason, hint = "cannot connect to the site", "check the link and your network connection"
    elif isinstance(exc, errors.TimeoutError):
        return _timed_out(timeout)
    elif isinstance(exc, errors.SSLError):
        reason, hint = "secure connection failed (certificate or TLS error)", "open the link in a browser to check"
    elif isinstance(exc, errors.LocationParseError):
        reason, hint = "not a valid link", "give a full link such as https://example.org/news/story"
    else:
        reason, hint = f"download failed ({exc.__class__.__name__})", "try again later"
    return LinkError(reason, hint, network=True)


# ----------------------------------------------------------------------------- feeds and sitemaps


def _feed_links(page: _Page) -> list[str]:
    """Return the item links of an RSS, Atom or JSON feed, in feed order (trafilatura finds them)."""
    parts = urlsplit(page.url)
    params = FeedParameters(f"{parts.scheme}://{parts.netloc}", parts.hostname or "", page.url)
    found = find_links(page.text().lstrip("\ufeff").strip(), params)
    return _article_links(page.url, (html.unescape(link) for link in found))  # its regexes keep &amp; as written


def _article_links(base: str, links: Iterable[str]) -> list[str]:
    """Resolve links against base; keep http(s) links to a page other than base and the site's front page."""
    out: dict[str, None] = {}
    for link in links:
        url = urljoin(base, link.strip())
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.path not in ("", "/") and _norm(url) != _norm(base):
            out[url] = None
    return list(out)


class _SitemapReader(SitemapObject):  # type: ignore[misc]
    """trafilatura's sitemap parser with a link filter that keeps every http(s) link (courlan drops ports)."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        super().__init__(f"{parts.scheme}://{parts.netloc}", parts.hostname or "", [])

    def read(self, url: str, content: str) -> None:
        """Parse one sitemap (XML, or a plain list of links)."""
        self.current_url, self.content = url, content
        self.process()

    def handle_link(self, link: str) -> None:
        """Sort a link into nested sitemaps and pages."""
        for url in _article_links(self.current_url, [link]):
            (self.sitemap_urls if DETECT_SITEMAP_LINK.search(url) else self.urls).append(url)


# ----------------------------------------------------------------------------- articles


def extract_article(markup: str, url: str) -> tuple[dict[str, str], str]:
    """Return the front-matter fields (outlet, title, published, url) and the main text of a page."""
    try:  # trafilatura is a heuristic extractor over arbitrary markup; a failure means "no article here"
        doc = trafilatura.bare_extraction(markup, url=url, with_metadata=True, include_comments=False,
                                          include_tables=True, include_images=False, include_links=False,
                                          date_extraction_params={"extensive_search": True, "original_date": True})
    except Exception:  # noqa: BLE001
        doc = None
    text = (getattr(doc, "text", None) or "").strip()
    if not text:
        raise LinkError("no article text found on the page", "link to the article itself, not an index page")
    meta = {"outlet": _outlet(doc, url), "title": _clean(getattr(doc, "title", None)),
            "published": _clean(getattr(doc, "date", None)), "url": _canonical(getattr(doc, "url", None), url)}
    return {k: v for k, v in meta.items() if v}, text


def _clean(value: Any) -> str:
    """Return a metadata value as one stripped line ('' when missing)."""
    return " ".join(str(value).split()) if value else ""


def _outlet(doc: Any, url: str) -> str:
    """Return the site's name, else its host name without www."""
    name = _clean(getattr(doc, "sitename", None))
    host = urlsplit(url).hostname or ""
    return name or host.removeprefix("www.")


def _canonical(declared: Any, fetched: str) -> str:
    """Return the page's own address when it declares one on the same site (not its front page), else fetched."""
    if not isinstance(declared, str) or not declared.strip():
        return fetched
    url = urljoin(fetched, declared.strip())
    parts, here = urlsplit(url), urlsplit(fetched)
    same_site = (parts.hostname or "").removeprefix("www.") == (here.hostname or "").removeprefix("www.")
    if parts.scheme not in ("http", "https") or not same_site or parts.path in ("", "/"):
        return fetched
    return url


def render_article(meta: dict[str, str], text: str, fetched_from: str | None = None) -> str:
    """Return the .md file: YAML front matter, the headline as a heading, then the paragraphs."""
    front: dict[str, str] = {k: meta[k] for k in ("outlet", "title", "published", "url") if meta.get(k)}
    if fetched_from:
        front["fetched_from"] = fetched_from
    front["fetched"] = datetime.now(UTC).replace(microsecond=0).isoformat()
    header = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=10_000)
    paragraphs = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    title = meta.get("title")
    if title and (not paragraphs or paragraphs[0] != title):
        paragraphs.insert(0, title)
    if title and paragraphs[0] == title:
        paragraphs[0] = f"# {title}"
    return f"---\n{header}---\n\n" + "\n\n".join(paragraphs) + "\n"


def file_name(url: str) -> str:
    """Return a file name for the article at url: host and last path words, plus a short hash of the url."""
    parts = urlsplit(url)
    host = (parts.hostname or "site").removeprefix("www.")
    words = [w for w in parts.path.split("/") if w][-2:]
    stem = re.sub(r"\.(?:s?html?|php|aspx?)$", "", "-".join(words), flags=re.I)
    slug = _SLUG.sub("-", f"{host}-{stem}".lower()).strip("-")[:80].rstrip("-")
    digest = hashlib.sha256(_norm(url).encode("utf-8")).hexdigest()[:8]
    return f"{slug}-{digest}.md"


def write_atomic(path: Path, text: str) -> None:
    """Write text to path through a temporary file in the same folder, renamed into place."""
    try:
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".fetch-", suffix=".tmp")
    except OSError as exc:
        raise InputError(f"{path.parent}: cannot write there ({exc.strerror or exc})",
                         "give a folder you can write to") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write the article ({exc.strerror or exc})",
                         "free some disk space or give another --into folder") from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


# ----------------------------------------------------------------------------- the folder


def _known_urls(into: Path) -> dict[str, Path]:
    """Map the url (and fetched_from) in the front matter of every article under into to its file."""
    known: dict[str, Path] = {}
    for path in sorted(into.rglob("*")):
        if path.suffix.lower() not in ARTICLE_SUFFIXES or path.name.startswith(".") or not path.is_file():
            continue
        for url in _front_matter_urls(path):
            known.setdefault(_norm(url), path)
    return known


def _front_matter_urls(path: Path) -> list[str]:
    """Return the url, link, canonical_url and fetched_from values of a file's YAML front matter."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError:
        return []
    match = re.match(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", head, re.S)
    if match is None:
        return []
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return []
    if not isinstance(data, dict):
        return []
    keys = ("url", "link", "canonical_url", "fetched_from")
    return [v.strip() for k in keys if isinstance(v := data.get(k), str) and v.strip()]
