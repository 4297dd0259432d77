"""kgraph fetch, offline: every answer comes from a fake transport (URL -> status, headers, body), the clock is
fake and sleeping only advances it. The answers are the hand-built fixtures in tests/fixtures/fetch/, each with a
note on where its format is documented."""

from __future__ import annotations

import http.server
import json
import socket
import urllib.error
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgraph.cli import main
from kgraph.errors import FetchError, UsageError
from kgraph.fetch import Cache, HttpClient, Network, Response, fetch, identify
from kgraph.fetch.http import RateLimiter
from kgraph.fetch.koop import fetch_publication, search_url
from kgraph.fetch.tkapi import ODATA_BASE, case_url, fetch_case

from conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "fetch"
JSON = {"content-type": "application/json; odata.metadata=minimal"}
XML = {"content-type": "application/xml;charset=UTF-8"}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

ZAAK = "2024Z03568"
ZAAK_ID = "7f767242-ad0d-4d7a-890e-61717808101d"
ACTORS_PAGE2 = f"{ODATA_BASE}Zaak({ZAAK_ID})/ZaakActor?$skip=3"
QUESTIONS_FILE = f"{ODATA_BASE}Document(00000000-0000-4000-8000-0000000000d1)/resource"
ANSWER_FILE = f"{ODATA_BASE}Document(00000000-0000-4000-8000-0000000000d2)/resource"
KV = "kv-tk-2024Z03568"
KV_XML = "https://repository.overheid.nl/frbr/officielepublicaties/kv/tk/kv-tk-2024Z03568/1/xml/kv-tk-2024Z03568.xml"

Reply = tuple[int, Mapping[str, str], bytes]


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


class FakeNetwork:
    """A transport answering from a table, a clock that only moves when someone sleeps (or a request takes time)."""

    def __init__(self, routes: Mapping[str, Reply | BaseException | list[Reply | BaseException]], latency: float = 0.0):
        self.routes = {url: list(replies) if isinstance(replies, list) else [replies]
                       for url, replies in routes.items()}
        self.latency = latency
        self.now = 1000.0
        self.sleeps: list[float] = []
        self.requests: list[str] = []
        self.sent_at: list[float] = []
        self.headers: list[Mapping[str, str]] = []

    def transport(self, url: str, headers: Mapping[str, str], timeout: float, limit: int) -> Response:
        self.requests.append(url)
        self.sent_at.append(self.now)
        self.headers.append(headers)
        self.now += self.latency
        if url not in self.routes:
            raise AssertionError(f"unexpected request: {url}")
        replies = self.routes[url]
        reply = replies.pop(0) if len(replies) > 1 else replies[0]
        if isinstance(reply, BaseException):
            raise reply
        status, response_headers, body = reply
        return Response(url, status, response_headers, body)

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def network(self) -> Network:
        return Network(self.transport, self.clock, self.sleep)


def case_routes() -> dict[str, Reply | BaseException | list[Reply | BaseException]]:
    return {
        case_url(ZAAK): (200, JSON, fixture("tk_zaak_2024Z03568.json")),
        ACTORS_PAGE2: (200, JSON, fixture("tk_zaakactor_page2.json")),
        QUESTIONS_FILE: (200, {"content-type": DOCX}, b"PK\x03\x04 questions docx"),
        ANSWER_FILE: (200, {"content-type": "application/pdf"}, b"%PDF-1.7 answer pdf"),
    }


def publication_routes() -> dict[str, Reply | BaseException | list[Reply | BaseException]]:
    return {
        search_url(KV): (200, XML, fixture("koop_sru_kv-tk-2024Z03568.xml")),
        KV_XML: (200, {"content-type": "text/xml"}, fixture("koop_kv-tk-2024Z03568.xml")),
    }


def client(fake: FakeNetwork, cache: Path | None = None, *, refresh: bool = False, interval: float = 1.0) -> HttpClient:
    return HttpClient(cache=Cache(cache) if cache else None, refresh=refresh, interval=interval, network=fake.network())


# ── the Tweede Kamer API ─────────────────────────────────────────────────────────────────────────────────────────


def test_a_case_with_its_actors_documents_and_the_next_page_of_actors() -> None:
    fake = FakeNetwork(case_routes())
    case = fetch_case(ZAAK, client(fake))
    assert (case.nummer, case.id, case.soort, case.vergaderjaar, case.afgedaan) == (
        ZAAK, ZAAK_ID, "Schriftelijke vragen", "2023-2024", True)
    assert case.onderwerp == "Het bericht ‘Kritiek op besluit provincie Friesland tegen actief regenboogbeleid'"
    assert case.gestart_op == "2024-03-06T00:00:00+01:00"
    # Three actors on the first page, the fourth behind ZaakActor@odata.nextLink; the deleted one is left out.
    assert [(a.relation, a.name, a.fraction) for a in case.actors] == [
        ("Indiener", "S. Mutluer", "GroenLinks-PvdA"),
        ("Medeindiener", "I. Kostić", "PvdD"),
        ("Gericht aan", "R.H. Dijkgraaf", None),
        ("Voortouwcommissie", "Tweede Kamer", None),
    ]
    assert [a.name for a in case.askers()] == ["S. Mutluer", "I. Kostić"]
    assert [a.function for a in case.addressees()] == ["minister van Onderwijs, Cultuur en Wetenschap"]
    # Documents by date; the deleted one is left out.
    assert [(d.nummer, d.soort, d.datum, d.content_type) for d in case.documents] == [
        ("2024D09116", "Schriftelijke vragen", "2024-03-06T00:00:00+01:00", DOCX),
        ("2024D13822", "Antwoord schriftelijke vragen", "2024-04-02T00:00:00+02:00", "application/pdf"),
    ]
    assert [d.resource_url for d in case.documents] == [QUESTIONS_FILE, ANSWER_FILE]
    assert fake.requests == [case_url(ZAAK), ACTORS_PAGE2]
    assert all(h["Accept"] == "application/json" and h["User-Agent"].startswith("kgraph/") for h in fake.headers)


def test_the_top_level_next_link_is_followed_too() -> None:
    first = {"@odata.context": f"{ODATA_BASE}$metadata#Zaak(ZaakActor(),Document())", "value": [],
             "@odata.nextLink": f"{ODATA_BASE}Zaak?$skiptoken=1"}
    routes = case_routes() | {case_url(ZAAK): (200, JSON, json.dumps(first).encode()),
                              f"{ODATA_BASE}Zaak?$skiptoken=1": (200, JSON, fixture("tk_zaak_2024Z03568.json"))}
    fake = FakeNetwork(routes)
    assert fetch_case(ZAAK, client(fake)).nummer == ZAAK
    assert fake.requests[:2] == [case_url(ZAAK), f"{ODATA_BASE}Zaak?$skiptoken=1"]


def test_a_next_link_outside_the_api_is_refused() -> None:
    page = json.loads(fixture("tk_zaak_2024Z03568.json"))
    page["@odata.nextLink"] = "https://elsewhere.example/steal"
    fake = FakeNetwork(case_routes() | {case_url(ZAAK): (200, JSON, json.dumps(page).encode())})
    with pytest.raises(FetchError, match="next link outside"):
        fetch_case(ZAAK, client(fake))


@pytest.mark.parametrize("reply", [
    (200, JSON, fixture("tk_zaak_empty.json")),
    (404, JSON, fixture("tk_error.json")),
    (204, {}, b""),
], ids=["empty value", "404", "204"])
def test_a_zaak_that_does_not_exist(reply: Reply) -> None:
    fake = FakeNetwork({case_url("2099Z99999"): reply})
    with pytest.raises(FetchError, match=r"^no such zaak 2099Z99999") as caught:
        fetch_case("2099Z99999", client(fake))
    assert "\n" not in str(caught.value)


def test_an_odata_error_message_is_part_of_the_error() -> None:
    fake = FakeNetwork({case_url(ZAAK): (400, JSON, fixture("tk_error.json"))})
    with pytest.raises(FetchError, match=r"answered 400 Bad Request: The query specified in the URI is not valid"):
        fetch_case(ZAAK, client(fake))


@pytest.mark.parametrize("text", ["", "2024", "Z03568", "2024Z3568", "24Z03568", "2024Z03568x", "kv-tk-2024Z03568"])
def test_a_malformed_zaak_number_is_a_usage_error_before_any_request(text: str) -> None:
    fake = FakeNetwork({})
    with pytest.raises(UsageError, match="not a zaak number"):
        fetch_case(text, client(fake))
    assert fake.requests == []


def test_the_documents_files_are_fetched() -> None:
    result = fetch(ZAAK, client(FakeNetwork(case_routes())))
    assert sorted(result.files) == [f"{ZAAK}.json", f"{ZAAK}/2024D09116.docx", f"{ZAAK}/2024D13822.pdf"]
    assert result.files[f"{ZAAK}/2024D13822.pdf"] == b"%PDF-1.7 answer pdf"
    record = json.loads(result.files[f"{ZAAK}.json"])
    assert record["nummer"] == ZAAK and len(record["actors"]) == 4 and len(record["documents"]) == 2


def test_a_document_without_a_file_is_noted_and_the_rest_is_kept() -> None:
    routes = case_routes() | {ANSWER_FILE: (404, JSON, fixture("tk_error.json"))}
    result = fetch(ZAAK, client(FakeNetwork(routes)))
    assert sorted(result.files) == [f"{ZAAK}.json", f"{ZAAK}/2024D09116.docx"]
    assert f"missing     2024D13822: no file ({ANSWER_FILE} answered 404)" in result.summary


def test_a_redirected_download_is_cached_under_the_address_asked_for(tmp_path: Path) -> None:
    def redirected(url: str, headers: Mapping[str, str], timeout: float, limit: int) -> Response:
        return Response("https://mirror.example/x", 200, {"content-type": "text/plain"}, b"ok")

    HttpClient(cache=Cache(tmp_path), network=Network(redirected, clock=lambda: 0.0, sleep=lambda s: None)).get(URL)
    assert Cache(tmp_path).get(URL) is not None


# ── officielebekendmakingen ──────────────────────────────────────────────────────────────────────────────────────


def test_a_publication_its_metadata_and_its_xml() -> None:
    fake = FakeNetwork(publication_routes())
    publication = fetch_publication(KV, client(fake))
    assert publication.id == KV
    assert publication.manifestation == "xml" and publication.url == KV_XML
    assert publication.content == fixture("koop_kv-tk-2024Z03568.xml")
    assert publication.first("type") == "Kamervragen zonder antwoord"
    assert publication.metadata["indiener"] == ("S. Mutluer", "I. Kostić")
    assert publication.first("vraagnummer") == ZAAK
    assert publication.preferred_url == "https://zoek.officielebekendmakingen.nl/kv-tk-2024Z03568.html"
    assert fake.requests == [search_url(KV), KV_XML]
    assert fake.headers[0]["Accept"] == "application/xml"
    assert publication.file_name() == f"{KV}.xml"


def test_html_is_taken_when_there_is_no_xml() -> None:
    sru = fixture("koop_sru_kv-tk-2024Z03568.xml").replace(b'manifestation="xml"', b'manifestation="odt"')
    sru = sru.replace(b"<gzd:url>", b"<gzd:other>").replace(b"</gzd:url>", b"</gzd:other>")
    html = KV_XML.replace("/xml/", "/html/").replace(".xml", ".html")
    fake = FakeNetwork({search_url(KV): (200, XML, sru), html: (200, {"content-type": "text/html"}, b"<html/>")})
    publication = fetch_publication(KV, client(fake))
    assert (publication.manifestation, publication.file_name()) == ("html", f"{KV}.html")


def test_a_publication_that_does_not_exist() -> None:
    fake = FakeNetwork({search_url("kst-99999-1"): (200, XML, fixture("koop_sru_empty.xml"))})
    with pytest.raises(FetchError, match=r"^no such publication kst-99999-1"):
        fetch_publication("kst-99999-1", client(fake))


def test_an_sru_diagnostic_is_an_error() -> None:
    fake = FakeNetwork({search_url(KV): (200, XML, fixture("koop_sru_diagnostic.xml"))})
    with pytest.raises(FetchError, match="refused the query: Query syntax error"):
        fetch_publication(KV, client(fake))


@pytest.mark.parametrize(("text", "expected"), [
    ("2024Z03568", ("zaak", "2024Z03568")),
    ("2024z03568", ("zaak", "2024Z03568")),
    ("kv-tk-2024Z03568", ("publication", "kv-tk-2024Z03568")),
    ("ah-tk-20232024-1403", ("publication", "ah-tk-20232024-1403")),
    ("kst-36410-V-27", ("publication", "kst-36410-V-27")),
    ("kst-21501-32-1740", ("publication", "kst-21501-32-1740")),
    ("kst-33328-AI", ("publication", "kst-33328-AI")),
    ("h-tk-20242025-87-15", ("publication", "h-tk-20242025-87-15")),
])
def test_identifiers(text: str, expected: tuple[str, str]) -> None:
    assert identify(text) == expected


@pytest.mark.parametrize("text", ["kv-tk-2024Z3568", "ah-tk-2023-1", "kst-36410", "h-tk-20242025", "stb-2024-1",
                                  "../kst-36410-V-27", "kst-36410-V-27/../x"])
def test_unknown_identifiers_name_what_is_expected(text: str) -> None:
    with pytest.raises(UsageError, match="expected a zaak number .* kv-tk-2024Z03568, ah-tk-20232024-1234"):
        identify(text)


# ── the HTTP client: retries, offline, cache, rate ───────────────────────────────────────────────────────────────

URL = "https://example.org/x"


def test_429_then_200_waits_as_long_as_retry_after_says() -> None:
    fake = FakeNetwork({URL: [(429, {"retry-after": "7"}, b""), (200, {"content-type": "text/plain"}, b"ok")]})
    assert client(fake).get(URL).body == b"ok"
    assert fake.requests == [URL, URL]
    assert fake.sleeps == [7.0]  # the Retry-After pause already spaces the requests; no extra rate wait
    assert fake.sent_at[1] - fake.sent_at[0] == 7.0


def test_503_with_an_http_date_retry_after() -> None:
    wait = {"retry-after": "Wed, 21 Oct 2015 07:28:30 GMT", "date": "Wed, 21 Oct 2015 07:28:00 GMT"}
    fake = FakeNetwork({URL: [(503, wait, b""), (200, {}, b"ok")]})
    assert client(fake).get(URL).body == b"ok"
    assert fake.sleeps == [30.0]


def test_without_retry_after_the_backoff_doubles_then_gives_up() -> None:
    fake = FakeNetwork({URL: (503, {}, b"busy")})
    with pytest.raises(FetchError, match=r"answered 503 Service Unavailable 4 times; try again later") as caught:
        client(fake).get(URL)
    assert fake.sleeps == [1.0, 2.0, 4.0]
    assert caught.value.status == 503 and caught.value.url == URL


def test_a_retry_after_beyond_the_limit_is_an_error_not_a_hang() -> None:
    fake = FakeNetwork({URL: (429, {"retry-after": "3600"}, b"")})
    with pytest.raises(FetchError, match="asks to wait 3600 s"):
        client(fake).get(URL)
    assert fake.sleeps == []


@pytest.mark.parametrize(("error", "words"), [
    (urllib.error.URLError(OSError(101, "Network is unreachable")), "this machine seems to be offline"),
    (urllib.error.URLError(socket.gaierror(-3, "Temporary failure in name resolution")), "seems to be offline"),
    (urllib.error.URLError(TimeoutError("timed out")), "no answer within 30 s"),
    (TimeoutError("timed out"), "no answer within 30 s"),
    (ConnectionResetError(104, "Connection reset by peer"), "the connection failed"),
])
def test_offline_is_one_clear_line_naming_the_url(error: BaseException, words: str) -> None:
    fake = FakeNetwork({URL: error})
    with pytest.raises(FetchError) as caught:
        client(fake).get(URL)
    message = str(caught.value)
    assert message.startswith(f"{URL}: ") and words in message and "\n" not in message


def test_other_statuses_name_what_the_server_answered() -> None:
    fake = FakeNetwork({URL: (500, {}, b"oops")})
    with pytest.raises(FetchError, match=r"^https://example.org/x: the server answered 500 Internal Server Error$"):
        client(fake).get(URL)
    assert fake.sleeps == []  # 500 is not retried


def test_a_cache_hit_makes_no_request_and_refresh_bypasses_it(tmp_path: Path) -> None:
    fake = FakeNetwork({URL: (200, {"content-type": "text/csv; charset=utf-8"}, b"a,b\n")})
    first = client(fake, tmp_path).get(URL)
    assert not first.from_cache and len(fake.requests) == 1
    again = client(fake, tmp_path).get(URL)
    assert again.from_cache and (again.body, again.content_type) == (b"a,b\n", "text/csv")
    assert len(fake.requests) == 1
    refreshed = client(fake, tmp_path, refresh=True).get(URL)
    assert not refreshed.from_cache and len(fake.requests) == 2
    # One file per URL, named by the URL's SHA-256, nothing left over from the atomic writes.
    assert [p.name for p in tmp_path.iterdir()] == [Cache(tmp_path).path(URL).name]


def test_errors_are_not_cached(tmp_path: Path) -> None:
    fake = FakeNetwork({URL: [(500, {}, b""), (200, {}, b"ok")]})
    with pytest.raises(FetchError):
        client(fake, tmp_path).get(URL)
    assert client(fake, tmp_path).get(URL).body == b"ok"


def test_a_damaged_cache_file_is_a_miss(tmp_path: Path) -> None:
    Cache(tmp_path).path(URL).write_bytes(b"not a header")
    fake = FakeNetwork({URL: (200, {}, b"fresh")})
    assert client(fake, tmp_path).get(URL).body == b"fresh"


def test_a_whole_case_is_served_from_the_cache_offline(tmp_path: Path) -> None:
    fetch(ZAAK, client(FakeNetwork(case_routes()), tmp_path))
    offline = FakeNetwork({})  # any request would fail the test
    result = fetch(ZAAK, client(offline, tmp_path))
    assert offline.requests == [] and f"{ZAAK}/2024D13822.pdf" in result.files


def test_requests_are_spaced_by_the_rate() -> None:
    fake = FakeNetwork({f"{URL}/{n}": (200, {}, b"") for n in range(4)}, latency=0.25)
    http = client(fake, interval=1.5)
    for n in range(4):
        http.get(f"{URL}/{n}")
    assert [b - a for a, b in zip(fake.sent_at, fake.sent_at[1:])] == [1.5, 1.5, 1.5]
    assert fake.sleeps == [1.25, 1.25, 1.25]  # each request took 0.25 s of the interval already


def test_rate_zero_never_waits() -> None:
    fake = FakeNetwork({URL: (200, {}, b"")})
    http = client(fake, interval=0.0)
    for _ in range(3):
        http.get(URL)
    assert fake.sleeps == []


def test_the_rate_limiter_does_not_wait_when_enough_time_has_passed() -> None:
    now, waits = [0.0], []
    limiter = RateLimiter(1.0, clock=lambda: now[0], sleep=waits.append)
    limiter.wait()
    now[0] = 5.0
    limiter.wait()
    assert waits == []


# ── the command line ─────────────────────────────────────────────────────────────────────────────────────────────
# The network reaches the command as click's context object (main(obj=Network(...))): no environment variable,
# no hidden option, no monkeypatching.


def run(fake: FakeNetwork, tmp_path: Path, *args: str) -> tuple[int, str, str]:
    options = ["--out", str(tmp_path / "out"), "--cache", str(tmp_path / "cache")]
    result = CliRunner().invoke(main, ["fetch", *args, *options], obj=fake.network())
    return result.exit_code, result.stdout, result.stderr


def test_cli_fetches_a_case_and_a_publication(tmp_path: Path) -> None:
    fake = FakeNetwork(case_routes() | publication_routes())
    code, out, err = run(fake, tmp_path, ZAAK, KV)
    assert (code, err) == (0, "")
    assert "zaak        2024Z03568  (Schriftelijke vragen)" in out
    assert "gestartOp   2024-03-06" in out
    assert "indieners   S. Mutluer (GroenLinks-PvdA); I. Kostić (PvdD)" in out
    assert "gericht aan R.H. Dijkgraaf, minister van Onderwijs, Cultuur en Wetenschap" in out
    assert "documents   2024D09116  Schriftelijke vragen  2024-03-06" in out
    assert "publication kv-tk-2024Z03568" in out and "type        Kamervragen zonder antwoord" in out
    folder = tmp_path / "out"
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()) == [
        f"{ZAAK}.json", f"{ZAAK}/2024D09116.docx", f"{ZAAK}/2024D13822.pdf", f"{KV}.json", f"{KV}.xml"]
    assert json.loads((folder / f"{ZAAK}.json").read_text(encoding="utf-8"))["id"] == ZAAK_ID
    assert json.loads((folder / f"{KV}.json").read_text(encoding="utf-8"))["metadata"]["vraagnummer"] == [ZAAK]
    assert (folder / f"{KV}.xml").read_bytes() == fixture("koop_kv-tk-2024Z03568.xml")
    # A second run is served from the cache.
    requests = len(fake.requests)
    assert run(fake, tmp_path, ZAAK, KV)[0] == 0 and len(fake.requests) == requests


def test_cli_refresh_and_rate(tmp_path: Path) -> None:
    fake = FakeNetwork(publication_routes())
    run(fake, tmp_path, KV, "--rate", "2")
    assert fake.sleeps == [2.0]
    run(fake, tmp_path, KV, "--refresh", "--rate", "0")
    assert len(fake.requests) == 4


def test_cli_offline_is_one_line_and_exit_1(tmp_path: Path) -> None:
    fake = FakeNetwork({case_url(ZAAK): urllib.error.URLError(OSError(101, "Network is unreachable"))})
    code, out, err = run(fake, tmp_path, ZAAK)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"Error: {case_url(ZAAK)}: cannot connect")
    assert "offline" in err
    assert not (tmp_path / "out").exists()


def test_cli_one_failure_does_not_stop_the_others(tmp_path: Path) -> None:
    fake = FakeNetwork(publication_routes() | {case_url("2099Z99999"): (200, JSON, fixture("tk_zaak_empty.json"))})
    code, out, err = run(fake, tmp_path, "2099Z99999", KV)
    assert code == 1
    assert err.startswith("Error: no such zaak 2099Z99999") and err.count("\n") == 1
    assert "publication kv-tk-2024Z03568" in out


def test_cli_a_bad_identifier_is_a_usage_error_before_any_request(tmp_path: Path) -> None:
    fake = FakeNetwork(publication_routes())
    code, _, err = run(fake, tmp_path, KV, "not-an-id")
    assert code == 2 and "not a zaak number or publication id: 'not-an-id'" in err
    assert fake.requests == []


# ── hygiene: what a server sends never writes outside --out, fills the disk, or reaches the terminal raw ─────────


def _case_with(**changes: object) -> bytes:
    page = json.loads(fixture("tk_zaak_2024Z03568.json"))
    zaak = page["value"][0]
    for key, value in changes.items():
        if key == "DocumentNummer":
            zaak["Document"][0]["DocumentNummer"] = value
        else:
            zaak[key] = value
    return json.dumps(page).encode()


def _files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("nummer", ["../../escaped-zaak", "/tmp/escaped-zaak", "2024Z99999", "2024Z03568/../../x"])
def test_a_zaak_number_from_the_server_never_names_a_file(tmp_path: Path, nummer: str) -> None:
    fake = FakeNetwork(case_routes() | {case_url(ZAAK): (200, JSON, _case_with(Nummer=nummer))})
    code, out, err = run(fake, tmp_path, ZAAK)
    assert code == 1 and "asked for zaak 2024Z03568, the API answered with another number" in err
    assert [name for name in _files_under(tmp_path) if not name.startswith("cache/")] == []  # nothing but the cache
    assert not Path("/tmp/escaped-zaak.json").exists() and not (tmp_path.parent / "escaped-zaak.json").exists()


def test_a_document_number_from_the_server_is_used_only_when_it_is_one(tmp_path: Path) -> None:
    fake = FakeNetwork(case_routes() | {case_url(ZAAK): (200, JSON, _case_with(DocumentNummer="../../escaped"))})
    assert run(fake, tmp_path, ZAAK)[0] == 0
    written = _files_under(tmp_path / "out")
    assert f"{ZAAK}/00000000-0000-4000-8000-0000000000d2.pdf" in written  # its GUID instead
    assert all(not name.startswith("..") for name in written) and not (tmp_path.parent / "escaped.pdf").exists()


@pytest.mark.parametrize("name", ["../x.json", "/etc/x.json", "a/../../x.json", "a\\..\\x.json", "", ".hidden"])
def test_save_refuses_names_that_are_not_plain_parts(tmp_path: Path, name: str) -> None:
    from kgraph.fetch import Fetched, save

    with pytest.raises(FetchError, match="refused to write"):
        save(Fetched("x", (), {"fine.json": b"{}", name: b"{}"}), tmp_path / "out")
    assert _files_under(tmp_path) == []  # all or nothing


def test_save_refuses_a_link_inside_out_that_leads_outside(tmp_path: Path) -> None:
    from kgraph.fetch import Fetched, save

    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / ZAAK).symlink_to(outside)
    with pytest.raises(FetchError, match="leads outside --out"):
        save(Fetched(ZAAK, (), {f"{ZAAK}/2024D09116.docx": b"x"}), tmp_path / "out")
    assert list(outside.iterdir()) == []


def test_control_characters_from_the_server_do_not_reach_the_terminal(tmp_path: Path) -> None:
    fake = FakeNetwork(case_routes() | {case_url(ZAAK): (200, JSON, _case_with(Onderwerp="a\x1b]0;owned\x07b\x1b[2J"))})
    code, out, _ = run(fake, tmp_path, ZAAK)
    assert code == 0 and "\x1b" not in out and "\x07" not in out and "onderwerp   a?]0;owned?b?[2J" in out


def test_an_answer_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    fake = FakeNetwork(publication_routes() | {KV_XML: (200, {"content-type": "text/xml"}, b"x" * (2 * 2**20))})
    code, out, err = run(fake, tmp_path, KV, "--max-download-mb", "1")
    assert code == 1 and f"Error: {KV_XML}: the answer is larger than 1 MB, the most kgraph takes" in err
    assert not (tmp_path / "out").exists()


_REDIRECTS = {"/to-file": "file:///etc/passwd", "/to-ftp": "ftp://127.0.0.1/x",
              "/to-login": "http://editor:s3cret@127.0.0.1:1/x"}


class _Big(http.server.BaseHTTPRequestHandler):
    """Serves `size` bytes, with a Content-Length or (HTTP/1.0, closing) without one, counting what it sent."""

    size = 64 * 2**20
    with_length = True
    sent = 0

    def do_GET(self) -> None:  # noqa: N802
        if self.path in _REDIRECTS:
            self.send_response(302)
            self.send_header("Location", _REDIRECTS[self.path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        if self.with_length:
            self.send_header("Content-Length", str(self.size))
        self.end_headers()
        block = b"x" * 65536
        try:
            for _ in range(self.size // len(block)):
                self.wfile.write(block)
                type(self).sent += len(block)
        except OSError:
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def big_server() -> Iterator[str]:
    import threading

    _Big.sent = 0
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Big)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)
        _Big.with_length = True


@pytest.mark.parametrize("with_length", [True, False], ids=["Content-Length", "no length"])
def test_the_real_transport_stops_reading_at_the_limit(big_server: str, with_length: bool) -> None:
    _Big.with_length = with_length
    client = HttpClient(interval=0, max_bytes=2**20, timeout=10)
    with pytest.raises(FetchError, match=r"the answer is larger than 1 MB"):
        client.get(big_server + "/big")
    import time

    time.sleep(0.2)
    # The client stopped reading: the server could write no more than the sockets' buffers took.
    assert _Big.sent < 32 * 2**20


@pytest.mark.parametrize("where", sorted(_REDIRECTS))
def test_a_redirect_goes_only_to_http_addresses_without_a_login(big_server: str, where: str) -> None:
    client = HttpClient(interval=0, timeout=10)
    with pytest.raises(FetchError, match="refused to follow the server's redirect") as caught:
        client.get(big_server + where)
    assert "s3cret" not in str(caught.value)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "https://editor:s3cret@example.org/x", "javascript:alert(1)"])
def test_only_http_addresses_without_a_login_are_fetched(url: str) -> None:
    fake = FakeNetwork({})
    with pytest.raises(FetchError, match="refused to fetch") as caught:
        client(fake).get(url)
    assert fake.requests == [] and "s3cret" not in str(caught.value)


def test_a_record_pointing_outside_koop_is_not_fetched(tmp_path: Path) -> None:
    sru = fixture("koop_sru_kv-tk-2024Z03568.xml").replace(KV_XML.encode(), b"file:///etc/passwd")
    fake = FakeNetwork({search_url(KV): (200, XML, sru)})
    code, _, err = run(fake, tmp_path, KV)
    assert code == 1 and "outside KOOP's repository ('file:///etc/passwd'); not fetched" in err
    assert fake.requests == [search_url(KV)] and not (tmp_path / "out").exists()


def test_a_next_link_with_a_login_is_shown_without_it() -> None:
    page = json.loads(fixture("tk_zaak_2024Z03568.json"))
    page["@odata.nextLink"] = "https://editor:s3cret@elsewhere.example/steal"
    fake = FakeNetwork(case_routes() | {case_url(ZAAK): (200, JSON, json.dumps(page).encode())})
    with pytest.raises(FetchError, match="next link outside") as caught:
        fetch_case(ZAAK, client(fake))
    assert "s3cret" not in str(caught.value) and "elsewhere.example/steal" in str(caught.value)


def test_an_error_that_repeats_request_headers_is_not_quoted() -> None:
    echo = json.dumps({"error": {"code": "", "message": "Bad request. Headers: Authorization: Basic ZWRpdG9y"}})
    fake = FakeNetwork({case_url(ZAAK): (400, JSON, echo.encode())})
    with pytest.raises(FetchError) as caught:
        fetch_case(ZAAK, client(fake))
    assert "Authorization" not in str(caught.value) and "answered 400 Bad Request" in str(caught.value)


def _age(path: Path, seconds_ago: float) -> None:
    import os
    import time

    when = time.time() - seconds_ago
    os.utime(path, (when, when))


def test_the_cache_keeps_its_bounds_removing_the_oldest_first(tmp_path: Path) -> None:
    cache = Cache(tmp_path, max_entries=3, max_bytes=10_000)
    for n in range(5):
        cache.put(Response(f"{URL}/{n}", 200, {}, b"x" * 100))
        _age(cache.path(f"{URL}/{n}"), 100 - n)  # written in order, oldest first
    assert [cache.get(f"{URL}/{n}") is not None for n in range(5)] == [False, False, True, True, True]
    cache.put(Response(f"{URL}/big", 200, {}, b"y" * 9_900))  # by size now: all older entries have to go
    assert [cache.get(f"{URL}/{n}") is not None for n in range(5)] == [False] * 5
    assert cache.get(f"{URL}/big") is not None
    cache.put(Response(f"{URL}/huge", 200, {}, b"z" * 20_000))  # larger than the whole cache: not kept
    assert cache.get(f"{URL}/huge") is None and cache.get(f"{URL}/big") is not None


def test_the_cache_removes_temporary_files_a_killed_run_left(tmp_path: Path) -> None:
    stale, fresh = tmp_path / ".abc.http.1a2b.tmp", tmp_path / ".def.http.3c4d.tmp"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"being written")
    _age(stale, 2 * 3600)
    Cache(tmp_path).put(Response(URL, 200, {}, b"ok"))
    assert not stale.exists() and fresh.exists()


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()],
                         ids=["disk full", "Ctrl-C"])
def test_a_failed_cache_write_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       failure: BaseException) -> None:
    import os

    def fail(descriptor: int) -> None:
        raise failure

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(type(failure)):
        Cache(tmp_path).put(Response(URL, 200, {}, b"data"))
    assert list(tmp_path.iterdir()) == []


def test_cli_cache_limit_option(tmp_path: Path) -> None:
    fake = FakeNetwork(publication_routes())
    assert run(fake, tmp_path, KV, "--cache-max-mb", "1")[0] == 0
    assert len(list((tmp_path / "cache").iterdir())) == 2
