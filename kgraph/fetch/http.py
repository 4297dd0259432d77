"""A small, polite HTTP client on the standard library's urllib, for `kgraph fetch`.

What it does for every download, so the source modules (`tkapi`, `koop`) need not:

- names itself: a User-Agent of the form ``kgraph/<version> (...)``;
- waits: at most one request per `interval` seconds (default 1), measured from the previous request;
- retries 429 Too Many Requests (RFC 6585, section 4) and 503 Service Unavailable (RFC 9110, section 15.6.4),
  waiting as long as the server's Retry-After asks (RFC 9110, section 10.2.3: delay-seconds or an HTTP-date),
  otherwise 1, 2, 4 ... seconds;
- caches: every 200 answer goes to a folder (default ``.kgraph-cache/``), one file per URL named by the SHA-256
  of the URL, holding the content type and the body, written atomically; a cached URL is not requested again
  unless the client is told to refresh;
- fails in one line: no connection, a timeout or an error status becomes `FetchError`, naming the URL and
  saying whether the machine seems offline or what the server answered.

Everything that touches the world (the transport, the clock, sleeping) comes in through `Network`, so tests
replace it and never open a socket or really sleep.

>>> calls = []
>>> def transport(url: str, headers: Mapping[str, str], timeout: float) -> Response:
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
import time
import urllib.error
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
    """Sends one GET request and returns the server's answer, whatever its status.

    Raises `urllib.error.URLError`, `TimeoutError` or another `OSError` when no answer came.
    """

    def __call__(self, url: str, headers: Mapping[str, str], timeout: float) -> Response: ...


def urllib_transport(url: str, headers: Mapping[str, str], timeout: float) -> Response:
    """The real transport: urllib.request, redirects followed, error statuses returned rather than raised."""
    request = urllib.request.Request(url, headers=dict(headers), method="GET")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return Response(answer.geturl(), answer.status, _lower(answer.headers.items()), answer.read())
    except urllib.error.HTTPError as err:
        # An HTTPError is an answer (404, 429, 503 ...): the client decides what it means.
        with err:
            return Response(url, err.code, _lower(err.headers.items()), err.read())


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
    """Answers on disk, one file per URL, named by the SHA-256 of the URL.

    A file is a JSON header line (url, content type) and then the body, so a single atomic write stores both
    and a reader never sees a body without its content type.
    """

    def __init__(self, folder: Path = DEFAULT_CACHE) -> None:
        self.folder = Path(folder)

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
        self.folder.mkdir(parents=True, exist_ok=True)
        header = json.dumps({"url": response.url, "content_type": response.headers.get("content-type", "")})
        write_atomically(self.path(response.url), header.encode("utf-8") + b"\n" + response.body)


class HttpClient:
    """GET with a rate limit, retries, a cache and one-line errors."""

    def __init__(
        self,
        *,
        cache: Cache | None = None,
        refresh: bool = False,
        interval: float = DEFAULT_INTERVAL,
        timeout: float = DEFAULT_TIMEOUT,
        retries: int = DEFAULT_RETRIES,
        network: Network = Network(),
    ) -> None:
        self.cache = cache
        self.refresh = refresh
        self.timeout = timeout
        self.retries = retries
        self.network = network
        self.limiter = RateLimiter(interval, network.clock, network.sleep)

    def get(self, url: str, accept: str = "*/*") -> Response:
        """The answer to GET `url` with status 200, from the cache when it has one (unless refreshing).

        Raises FetchError when there is no connection, no answer in time, or an answer other than 200.
        """
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
            response = self.network.transport(url, headers, self.timeout)
        except TimeoutError:
            raise FetchError(f"{url}: no answer within {self.timeout:g} s; the server is slow or this machine is "
                             "offline", url=url) from None
        except urllib.error.URLError as err:
            if isinstance(err.reason, TimeoutError):
                raise FetchError(f"{url}: no answer within {self.timeout:g} s; the server is slow or this machine "
                                 "is offline", url=url) from None
            raise FetchError(f"{url}: cannot connect ({err.reason}); this machine seems to be offline",
                             url=url) from None
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
