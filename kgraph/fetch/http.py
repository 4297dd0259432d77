"""A small, polite HTTP client on the standard library's urllib, for `kgraph fetch`.

What it does for every download, so the source modules (`tkapi`, `koop`) need not:

- names itself: a User-Agent of the form ``kgraph/<version> (...)``;
- waits: at most one request per `interval` seconds (default 1), measured from the previous request;
- retries 429 Too Many Requests (RFC 6585, section 4) and 503 Service Unavailable (RFC 9110, section 15.6.4),
  waiting as long as the server's Retry-After asks (RFC 9110, section 10.2.3: delay-seconds or an HTTP-date),
  otherwise 1, 2, 4 ... seconds;
- caches: every 200 answer goes to a folder (default ``.kgraph-cache/``), one file per URL named by the SHA-256
  of the URL, holding the content type and the body, written atomically; a cached URL is not requested again
  unless the client is told to refresh. The cache is bounded (`Cache.max_bytes`, `Cache.max_entries`): after
  each write the oldest files go first, and temporary files a killed run left behind are removed;
- limits: an answer larger than `max_bytes` (default 100 MB) is refused, by its Content-Length before it is
  read and by counting while it is read, so a server cannot fill the memory or the disk;
- goes only where it should: http and https addresses without a login, redirects likewise (urllib would also
  follow ftp:, and open file: addresses if asked);
- fails in one line: no connection, a timeout or an error status becomes `FetchError`, naming the URL and
  saying whether the machine seems offline or what the server answered. Text from a server that goes into a
  message is shown without logins in addresses and without control characters (`shown`, `printable`).

Everything that touches the world (the transport, the clock, sleeping) comes in through `Network`, so tests
replace it and never open a socket or really sleep.

>>> calls = []
>>> def transport(url: str, headers: Mapping[str, str], timeout: float, limit: int) -> Response:
...     calls.append(url)
...     return Response(url, 200, {"content-type": "text/plain"}, b"hello")
>>> client = HttpClient(network=Network(transport, clock=lambda: 0.0, sleep=lambda seconds: None))
>>> client.get("https://example.org/a").body
b'hello'
>>> calls
['https://example.org/a']
"""

from __future__ import annotations

import hashlib
import http
import http.client
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Protocol

from kgraph.atomic import write_atomically
from kgraph.errors import FetchError

DEFAULT_CACHE = Path(".kgraph-cache")
DEFAULT_INTERVAL = 1.0
DEFAULT_TIMEOUT = 30.0
DEFAULT_RETRIES = 3
# Statuses that mean "not now" rather than "no": worth waiting for.
RETRY_STATUSES = frozenset({429, 503})
# A server asking for a longer pause than this is treated as a refusal: better a clear error than a hung command.
MAX_WAIT = 120.0
BACKOFF_BASE = 1.0
# The largest answer kgraph takes (a Kamerstuk PDF is a few MB).
DEFAULT_MAX_BYTES = 100 * 2**20
# The cache's bounds: the oldest files are removed first once either is passed.
DEFAULT_CACHE_BYTES = 500 * 2**20
DEFAULT_CACHE_ENTRIES = 10_000
# A temporary file this old is what a killed run left behind (a write takes milliseconds).
STALE_TEMPORARY = 3600.0


@dataclass(frozen=True)
class Response:
    """One HTTP answer. Header names are lower case."""

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes
    from_cache: bool = False

    @property
    def content_type(self) -> str:
        """The media type without parameters: ``text/xml; charset=utf-8`` -> ``text/xml``."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


class Transport(Protocol):
    """Sends one GET request and returns the server's answer, whatever its status, reading at most `limit` bytes
    of its body.

    Raises `TooLarge` for a longer body, `urllib.error.URLError`, `TimeoutError` or another `OSError` when no
    answer came.
    """

    def __call__(self, url: str, headers: Mapping[str, str], timeout: float, limit: int) -> Response: ...


class TooLarge(Exception):
    """An answer's body is longer than the transport was allowed to read."""


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http and https addresses without a login only (urllib also follows ftp:)."""

    def http_error_302(self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any) -> Any:
        target = headers.get("location") or headers.get("uri")
        if target is not None:
            problem = address_problem(urllib.parse.urljoin(req.full_url, target))
            if problem is not None:
                raise urllib.error.URLError(f"redirected to {problem}")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


_OPENER = urllib.request.build_opener(_SafeRedirects())


def urllib_transport(url: str, headers: Mapping[str, str], timeout: float, limit: int) -> Response:
    """The real transport: urllib.request, safe redirects followed, error statuses returned rather than raised."""
    request = urllib.request.Request(url, headers=dict(headers), method="GET")
    try:
        with _OPENER.open(request, timeout=timeout) as answer:
            return Response(answer.geturl(), answer.status, _lower(answer.headers.items()), _read(answer, limit))
    except urllib.error.HTTPError as err:
        # An HTTPError is an answer (404, 429, 503 ...): the client decides what it means.
        with err:
            return Response(url, err.code, _lower(err.headers.items()), _read(err, limit))


def _read(answer: Any, limit: int) -> bytes:
    """At most `limit` bytes of the body; TooLarge, before reading, when Content-Length says more."""
    length = str(answer.headers.get("Content-Length") or "")
    if length.isdigit() and int(length) > limit:
        raise TooLarge(int(length))
    body = answer.read(limit + 1)
    if len(body) > limit:
        raise TooLarge(None)
    return bytes(body)


@dataclass(frozen=True)
class Network:
    """How the client reaches the world: the transport, a monotonic clock and sleep. Tests pass fakes."""

    transport: Transport = urllib_transport
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep


@dataclass
class RateLimiter:
    """At most one request per `interval` seconds, counted from the start of the previous one.

    >>> now, waits = [0.0], []
    >>> limiter = RateLimiter(1.0, clock=lambda: now[0], sleep=waits.append)
    >>> limiter.wait()          # the first request never waits
    >>> now[0] = 0.25
    >>> limiter.wait()
    >>> waits
    [0.75]
    """

    interval: float
    clock: Callable[[], float]
    sleep: Callable[[float], None]
    _last: float | None = field(default=None, init=False)

    def wait(self) -> None:
        if self._last is not None:
            delay = self._last + self.interval - self.clock()
            if delay > 0:
                self.sleep(delay)
        self._last = self.clock()


class Cache:
    """Answers on disk, one file per URL, named by the SHA-256 of the URL, at most `max_bytes` and `max_entries`.

    A file is a JSON header line (url, content type) and then the body, so a single atomic write stores both
    and a reader never sees a body without its content type. After each write the oldest files (by the time
    they were written) are removed until both bounds hold; an answer larger than `max_bytes` is not kept.
    """

    def __init__(self, folder: Path = DEFAULT_CACHE, *, max_bytes: int = DEFAULT_CACHE_BYTES,
                 max_entries: int = DEFAULT_CACHE_ENTRIES) -> None:
        self.folder = Path(folder)
        self.max_bytes = max_bytes
        self.max_entries = max_entries

    def path(self, url: str) -> Path:
        return self.folder / (hashlib.sha256(url.encode("utf-8")).hexdigest() + ".http")

    def get(self, url: str) -> Response | None:
        """The cached answer for `url`, or None (also for a file that is unreadable or not ours)."""
        try:
            data = self.path(url).read_bytes()
        except OSError:
            return None
        header, newline, body = data.partition(b"\n")
        try:
            meta = json.loads(header)
        except ValueError:
            return None
        if not newline or not isinstance(meta, dict) or meta.get("url") != url:
            return None
        return Response(url, 200, {"content-type": str(meta.get("content_type", ""))}, body, from_cache=True)

    def put(self, response: Response) -> None:
        header = json.dumps({"url": response.url, "content_type": response.headers.get("content-type", "")})
        data = header.encode("utf-8") + b"\n" + response.body
        if len(data) > self.max_bytes:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomically(self.path(response.url), data)
        self.evict()

    def evict(self) -> None:
        """Remove the oldest answers until the cache is within its bounds, and stale temporary files."""
        entries: list[tuple[float, str, int, Path]] = []
        now = time.time()
        for path in self.folder.iterdir():
            try:
                stat = path.stat()
            except OSError:
                continue  # removed meanwhile (another run)
            if path.suffix == ".http" and len(path.stem) == 64:
                entries.append((stat.st_mtime, path.name, stat.st_size, path))
            elif path.name.startswith(".") and path.name.endswith(".tmp") and now - stat.st_mtime > STALE_TEMPORARY:
                path.unlink(missing_ok=True)
        entries.sort()
        total = sum(size for _, _, size, _ in entries)
        for index, (_, _, size, path) in enumerate(entries):
            if total <= self.max_bytes and len(entries) - index <= self.max_entries:
                break
            path.unlink(missing_ok=True)
            total -= size


class HttpClient:
    """GET with a rate limit, retries, a cache, a size limit and one-line errors."""

    def __init__(
        self,
        *,
        cache: Cache | None = None,
        refresh: bool = False,
        interval: float = DEFAULT_INTERVAL,
        timeout: float = DEFAULT_TIMEOUT,
        retries: int = DEFAULT_RETRIES,
        max_bytes: int = DEFAULT_MAX_BYTES,
        network: Network = Network(),
    ) -> None:
        self.cache = cache
        self.refresh = refresh
        self.timeout = timeout
        self.retries = retries
        self.max_bytes = max_bytes
        self.network = network
        self.limiter = RateLimiter(interval, network.clock, network.sleep)

    def get(self, url: str, accept: str = "*/*") -> Response:
        """The answer to GET `url` with status 200, from the cache when it has one (unless refreshing).

        Raises FetchError for an address that is not http(s) or holds a login, when there is no connection, no
        answer in time, an answer larger than `max_bytes`, or an answer other than 200.
        """
        problem = address_problem(url)
        if problem is not None:
            raise FetchError(f"refused to fetch {problem}", url=redact(url))
        if self.cache is not None and not self.refresh:
            cached = self.cache.get(url)
            if cached is not None:
                return cached
        response = self._fetch(url, accept)
        if self.cache is not None:
            self.cache.put(response)
        return response

    def _fetch(self, url: str, accept: str) -> Response:
        attempt = 0
        while True:
            self.limiter.wait()
            response = self._send(url, accept)
            if response.status not in RETRY_STATUSES or attempt >= self.retries:
                break
            delay = retry_delay(response.headers, attempt)
            if delay > MAX_WAIT:
                raise FetchError(
                    f"{url}: the server answered {describe(response.status)} and asks to wait {delay:.0f} s; "
                    "try again later", url=url, status=response.status, body=response.body)
            self.network.sleep(delay)
            attempt += 1
        if response.status != 200:
            tries = f" {attempt + 1} times" if attempt else ""
            hint = "; try again later or wait longer between requests" if response.status in RETRY_STATUSES else ""
            raise FetchError(f"{url}: the server answered {describe(response.status)}{tries}{hint}",
                             url=url, status=response.status, body=response.body)
        return response

    def _send(self, url: str, accept: str) -> Response:
        headers = {"User-Agent": user_agent(), "Accept": accept}
        try:
            response = self.network.transport(url, headers, self.timeout, self.max_bytes)
            if len(response.body) > self.max_bytes:
                raise TooLarge(len(response.body))
        except TooLarge:
            raise FetchError(f"{url}: the answer is larger than {size_text(self.max_bytes)}, the most kgraph takes "
                             "(kgraph fetch --max-download-mb)", url=url) from None
        except TimeoutError:
            raise FetchError(f"{url}: no answer within {self.timeout:g} s; the server is slow or this machine is "
                             "offline", url=url) from None
        except urllib.error.URLError as err:
            if isinstance(err.reason, TimeoutError):
                raise FetchError(f"{url}: no answer within {self.timeout:g} s; the server is slow or this machine "
                                 "is offline", url=url) from None
            if isinstance(err.reason, str) and err.reason.startswith("redirected to "):
                raise FetchError(f"{url}: refused to follow the server's redirect: {err.reason}", url=url) from None
            raise FetchError(f"{url}: cannot connect ({printable(redact(str(err.reason)))}); this machine seems to "
                             "be offline", url=url) from None
        except (OSError, http.client.HTTPException) as err:
            raise FetchError(f"{url}: the connection failed ({err or type(err).__name__}); this machine seems to be "
                             "offline or the server dropped the connection", url=url) from None
        # Keyed by the address asked for, not the one redirected to, so the cache finds it again.
        return Response(url, response.status, _lower(response.headers.items()), response.body)


def retry_delay(headers: Mapping[str, str], attempt: int) -> float:
    """Seconds to wait before retrying: the server's Retry-After when it gives one, else 1, 2, 4 ... s.

    Retry-After is delay-seconds or an HTTP-date (RFC 9110, section 10.2.3); a date is measured from the
    answer's own Date header when there is one, so a wrong local clock does not matter.

    >>> retry_delay({"retry-after": "7"}, 0)
    7.0
    >>> retry_delay({"retry-after": "Wed, 21 Oct 2015 07:28:30 GMT", "date": "Wed, 21 Oct 2015 07:28:00 GMT"}, 0)
    30.0
    >>> retry_delay({}, 2)
    4.0
    """
    value = headers.get("retry-after", "").strip()
    if value.isdigit():
        return float(value)
    if value:
        try:
            when = parsedate_to_datetime(value)
            now = parsedate_to_datetime(headers["date"]) if "date" in headers else datetime.now(timezone.utc)
            return max(0.0, (when - now).total_seconds())
        except (TypeError, ValueError):
            pass  # an unreadable Retry-After is no reason to hammer the server: fall back to backoff
    return BACKOFF_BASE * 2.0**attempt


def describe(status: int) -> str:
    """A status with its reason phrase.

    >>> describe(429)
    '429 Too Many Requests'
    """
    try:
        return f"{status} {http.HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def user_agent() -> str:
    try:
        release = version("kgraph")
    except PackageNotFoundError:
        release = "dev"
    return f"kgraph/{release} (knowledge graph of Dutch parliamentary questions; Python urllib)"


def _lower(items: Iterable[tuple[str, Any]]) -> dict[str, str]:
    return {str(name).lower(): str(value) for name, value in items}


def address_problem(url: str) -> str | None:
    """What is wrong with fetching `url`, shown safely, or None for an http(s) address without a login.

    >>> address_problem("https://example.org/a"), address_problem("file:///etc/passwd")
    (None, "'file:///etc/passwd': not an http or https address")
    >>> address_problem("https://user:pw@example.org/a")
    "'https://example.org/a': an address with a login in it"
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return f"{shown(url)}: not an http or https address"
    if "@" in parts.netloc:
        return f"{shown(url)}: an address with a login in it"
    return None


_LOGIN = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)[^/\s@]*@")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def redact(text: str) -> str:
    """`text` with the login taken out of every address in it.

    >>> redact("see https://editor:s3cret@example.org/x and http://a@b/")
    'see https://example.org/x and http://b/'
    """
    return _LOGIN.sub(r"\1", text)


def printable(text: str) -> str:
    """`text` with control characters (terminal escapes, bidirectional overrides) replaced, for a terminal.

    >>> printable("a\x1b[31mred\x1b[0m")
    'a?[31mred?[0m'
    """
    return _CONTROL.sub("?", text)


def shown(value: object, limit: int = 120) -> str:
    """A value from a server as a message shows it: quoted, without logins or control characters, shortened.

    >>> shown("../../escaped-zaak")
    "'../../escaped-zaak'"
    """
    text = printable(redact(value if isinstance(value, str) else repr(value)))
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def size_text(count: int) -> str:
    """
    >>> size_text(100 * 2**20), size_text(2000)
    ('100 MB', '2000 bytes')
    """
    return f"{count // 2**20} MB" if count >= 2**20 and count % 2**20 == 0 else f"{count} bytes"
