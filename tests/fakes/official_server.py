"""A fake of the official services `sync --online` reads, on 127.0.0.1 (never the internet).

It replays the official reply formats:

* Statistics Finland GeoServer WFS 2.0.0 `GetFeature` (`outputFormat=application/json`,
  `count`/`startIndex` paging, `numberMatched`): the municipality layer is the real reply stored
  in the offline mirror (`regions/kunta_vaki2024_statfi.geojson`, read at test time, never copied
  into the repository); the 1 km grid and the Paavo layer are small hand-made payloads.
* Statistics Finland classification API v2: `classifications/<id>/classificationItems` and
  `correspondenceTables/<a>%23<b>/maps` (`content=data`), rendered from a compact hand-made table.
* Kirjastot.fi Kirkanta API v4 `GET /v4/library`: the `{type, total, items}` envelope, paged with
  `limit`/`skip` and a server page cap, so a second page is requested via `skip`.
* Suomi.fi PTV Open API v11 (and v12 with the `x-api-key` header): `ServiceChannel/list/area/
  Municipality/code/{code}`, `ServiceChannel/list/organization`, `ServiceChannel/type/{type}`,
  `ServiceChannel/list?guids=` and `Service/serviceClass?uri=`, paged as `{pageNumber, pageSize,
  pageCount, itemList}` with `ptv_page_size` items per page (hand-made payload
  `ptv_service_channels_v11.json`, with invented personal e-mails and phones to be dropped).

Faults are queued per route (`server.fail("kirkanta", 503, 503)`): an int answers that HTTP status,
"timeout" holds the reply for `delay_s`, "malformed" answers 200 with truncated JSON. Every request
is logged in `server.requests`.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

PAYLOADS = Path(__file__).resolve().parent / "payloads"
MIRROR = Path(
    os.environ.get("DIGITUKI_SOURCE")
    or os.environ.get("COVERAGE_MIRROR_DIR")
    or Path(__file__).resolve().parents[3] / "shared" / "data"
)
MUNICIPALITY_REPLY = MIRROR / "regions" / "kunta_vaki2024_statfi.geojson"

WFS_PATH = "/geoserver/wfs"
CLASSIFICATIONS_PATH = "/api/classifications/v2"
KIRKANTA_PATH = "/v4"
PTV_PATH = "/api"


def mirror_municipality_reply() -> bytes | None:
    """The real WFS reply from the offline mirror, or None when the mirror is not here."""
    try:
        return MUNICIPALITY_REPLY.read_bytes()
    except OSError:
        return None


def _load(name: str) -> Any:
    return json.loads((PAYLOADS / name).read_text(encoding="utf-8"))


class FakeOfficialServices:
    """Start with `with FakeOfficialServices(reply) as server:`; `server.endpoints()` gives URLs."""

    def __init__(
        self,
        municipality_reply: bytes,
        *,
        wfs_page_cap: int | None = None,
        kirkanta_page_cap: int = 3,
        delay_s: float = 2.0,
        ptv_page_size: int = 2,
        ptv_api_key: str = "test-ptv-key",
    ) -> None:
        self.wfs_layers: dict[str, bytes] = {
            "vaestoalue:kunta_vaki2024": municipality_reply,
            "vaestoruutu:vaki2021_1km": (PAYLOADS / "wfs_vaki2021_1km_sample.json").read_bytes(),
            "postialue:pno_tilasto_2024": (
                PAYLOADS / "wfs_pno_tilasto_2024_sample.json"
            ).read_bytes(),
        }
        self.classifications = _load("statfi_classifications.json")
        self.libraries = _load("kirkanta_library_municipal.json")
        self.ptv = _load("ptv_service_channels_v11.json")
        self.ptv_page_size = ptv_page_size
        self.ptv_api_key = ptv_api_key
        self.wfs_page_cap = wfs_page_cap
        self.kirkanta_page_cap = kirkanta_page_cap
        self.delay_s = delay_s
        self.requests: list[dict[str, Any]] = []
        self._faults: dict[str, list[Any]] = defaultdict(list)
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # lifecycle ------------------------------------------------------------------------------

    def start(self) -> FakeOfficialServices:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # no 40 ms delayed-ACK stall per keep-alive reply

            def do_GET(self) -> None:
                server._handle(self)

            def log_message(self, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> FakeOfficialServices:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._httpd is not None, "start() the server first"
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def endpoints(self) -> dict[str, str]:
        """Keyword arguments for `OnlineEndpoints`."""
        return {
            "statfi_wfs": self.base_url + WFS_PATH,
            "statfi_classifications": self.base_url + CLASSIFICATIONS_PATH,
            "kirkanta": self.base_url + KIRKANTA_PATH,
            "ptv": self.base_url + PTV_PATH,
        }

    # faults and bookkeeping -----------------------------------------------------------------

    def fail(self, route: str, *actions: Any) -> None:
        """Queue faults for a route: "wfs:<layer>", "classifications", "maps", "tables" (the
        list of correspondence tables) or "kirkanta"."""
        with self._lock:
            self._faults[route].extend(actions)

    def count(self, route: str | None = None) -> int:
        with self._lock:
            return sum(1 for r in self.requests if route is None or r["route"] == route)

    def reset_log(self) -> None:
        with self._lock:
            self.requests.clear()

    # request handling -----------------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        path = unquote(parts.path)
        query = dict(parse_qs(parts.query, keep_blank_values=True).items())
        route, reply = self._route(path, query, dict(handler.headers.items()))
        with self._lock:
            self.requests.append({"route": route, "path": path, "query": query,
                                  "headers": dict(handler.headers.items())})
            fault = self._faults[route].pop(0) if self._faults.get(route) else None
        if fault == "timeout":
            time.sleep(self.delay_s)
        elif fault == "malformed":
            reply = (200, b'{"type": "FeatureCollection", "features": [{"type": "Feat')
        elif isinstance(fault, int):
            reply = (fault, json.dumps({"error": f"fake fault {fault}"}).encode())
        status, body = reply
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json;charset=UTF-8")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
            pass

    def _route(  # noqa: PLR0911 - one return per route of the fake services
        self, path: str, query: dict[str, list[str]], headers: dict[str, str] | None = None
    ) -> tuple[str, tuple[int, bytes]]:
        def one(name: str, default: str = "") -> str:
            for key, values in query.items():
                if key.lower() == name.lower() and values:
                    return values[0]
            return default

        if path == WFS_PATH:
            layer = one("typeNames") or one("typeName")
            if one("request").lower() != "getfeature" or layer not in self.wfs_layers:
                return f"wfs:{layer}", (400, b'{"error": "unknown layer or request"}')
            count, start = int(one("count", "0") or 0), int(one("startIndex", "0") or 0)
            return f"wfs:{layer}", (200, self._wfs(layer, count, start))
        if path == CLASSIFICATIONS_PATH + "/correspondenceTables":  # the list, content=url
            real = "https://data.stat.fi/api/classifications/v2/correspondenceTables/"
            names = self.classifications["correspondenceTables"]
            tables = [f"{real}{t}?format=json" for t in names]
            return "tables", (200, json.dumps(tables).encode())
        # one classification's items, one correspondence table's maps: 404 for an unknown one
        for route, group, suffix, build in (
            ("classifications", "classifications", "/classificationItems", self._items),
            ("maps", "correspondenceTables", "/maps", self._maps),
        ):
            prefix = f"{CLASSIFICATIONS_PATH}/{group}/"
            if path.startswith(prefix) and path.endswith(suffix):
                key = path[len(prefix) : -len(suffix)]
                found = self.classifications[group].get(key)
                if found is None:
                    return route, (404, b'{"error": "Not Found"}')
                return route, (200, build(key, found, one("lang", "fi")))
        if path == KIRKANTA_PATH + "/library":
            limit = int(query.get("limit", ["10"])[0])
            skip = int(query.get("skip", ["0"])[0])
            blocks = sorted(query.get("with", []))
            if query.get("type") != ["municipal"] or blocks != ["primaryContactInfo", "services"]:
                return "kirkanta", (400, b'{"error": "unexpected query"}')
            page = self.libraries["items"][skip : skip + min(limit, self.kirkanta_page_cap)]
            body = {"type": "library", "total": self.libraries["total"], "items": page}
            return "kirkanta", (200, json.dumps(body, ensure_ascii=False).encode())
        if path.startswith((PTV_PATH + "/v11/", PTV_PATH + "/v12/")):
            return "ptv", self._ptv(path, query, headers or {})
        return "unknown", (404, b'{"error": "Not Found"}')

    # PTV Open API ---------------------------------------------------------------------------

    def _ptv(  # noqa: PLR0911 - one return per PTV route
        self, path: str, query: dict[str, list[str]], headers: dict[str, str]
    ) -> tuple[int, bytes]:
        version, rest = path[len(PTV_PATH) + 1:].split("/", 1)
        if version == "v12":
            given = {k.lower(): v for k, v in headers.items()}.get("x-api-key")
            if given != self.ptv_api_key:
                return 401, b'{"error": "API key required"}'
        channels = self.ptv["channels"]
        page = int(query.get("page", ["1"])[0])
        parts = rest.split("/")
        if parts[:4] == ["ServiceChannel", "list", "area", "Municipality"] and len(parts) == 6:
            code = parts[5]
            hits = [c for c in channels if code in _channel_municipalities(c)]
            return 200, self._page(hits, page)
        if parts == ["ServiceChannel", "list", "organization"]:
            org = query.get("organizationId", [""])[0]
            return 200, self._page([c for c in channels if c["organizationId"] == org], page)
        if parts[:2] == ["ServiceChannel", "type"] and len(parts) == 3:
            hits = [{"id": c["id"], "name": c["serviceChannelNames"][0]["value"]}
                    for c in channels if c["serviceChannelType"] == parts[2]]
            return 200, self._page(hits, page)
        if parts == ["ServiceChannel", "list"]:
            ids = [i for i in query.get("guids", [""])[0].split(",") if i]
            if len(ids) > 100:  # the controller's limit
                return 400, b'{"guids": ["Max 100 can be added into list."]}'
            return 200, json.dumps([c for c in channels if c["id"] in ids],
                                   ensure_ascii=False).encode()
        if parts == ["Service", "serviceClass"]:
            uri = query.get("uri", [""])[0]
            ids = self.ptv["serviceClasses"].get(uri, [])
            return 200, self._page([{"id": i, "name": "service"} for i in ids], page)
        return 404, b'{"error": "Not Found"}'

    def _page(self, items: list[Any], page: int) -> bytes:
        size = self.ptv_page_size
        count = (len(items) + size - 1) // size
        body = {"pageNumber": page, "pageSize": size, "pageCount": count,
                "itemList": items[(page - 1) * size: page * size]}
        return json.dumps(body, ensure_ascii=False).encode()

    def _wfs(self, layer: str, count: int, start: int) -> bytes:
        raw = self.wfs_layers[layer]
        doc = json.loads(raw)
        features = doc["features"]
        size = count or len(features)
        if self.wfs_page_cap:
            size = min(size, self.wfs_page_cap)
        if start == 0 and size >= len(features):
            return raw  # the stored reply, byte for byte
        page = features[start : start + size]
        doc.update(
            features=page,
            numberReturned=len(page),
            totalFeatures=len(features),
            numberMatched=len(features),
        )
        return json.dumps(doc, ensure_ascii=False).encode()

    def _items(self, cid: str, items: dict[str, dict[str, str]], lang: str) -> bytes:
        level = 1.0
        out = [
            {
                "classification": {"localId": cid},
                "localId": f"{cid}/{code}",
                "level": level,
                "code": code,
                "order": n * 10,
                "parentCode": None,
                "classificationItemNames": [{"lang": lang, "name": names.get(lang, names["fi"])}],
            }
            for n, (code, names) in enumerate(items.items(), 1)
        ]
        return json.dumps(out, ensure_ascii=False).encode()

    def _maps(self, table: str, pairs: dict[str, str], lang: str) -> bytes:
        source_id, target_id = table.split("#", 1)
        sources = self.classifications["classifications"][source_id]
        targets = self.classifications["classifications"][target_id]
        out = [
            {
                "correspondenceTable": {"localId": table},
                "sourceLocalId": f"{source_id}/{s}",
                "targetLocalId": f"{target_id}/{t}",
                "sourceItem": _map_item(source_id, s, sources[s], lang),
                "targetItem": _map_item(target_id, t, targets[t], lang),
            }
            for s, t in pairs.items()
        ]
        return json.dumps(out, ensure_ascii=False).encode()


def _map_item(classification: str, code: str, names: dict[str, str], lang: str) -> dict:
    return {
        "localId": f"{classification}/{code}",
        "level": 1.0,
        "code": code,
        "classificationItemNames": [{"lang": lang, "name": names.get(lang, names["fi"])}],
    }


def _channel_municipalities(channel: dict[str, Any]) -> set[str]:
    codes = {m.get("code") for m in channel.get("areaMunicipalities") or []}
    for address in channel.get("addresses") or []:
        codes.add(((address.get("streetAddress") or {}).get("municipality") or {}).get("code"))
    return {c for c in codes if c}


def make_fallback_dir(root: Path, patterns: list[str]) -> Path:
    """A tiny stand-in for the mirror: one small CSV per glob pattern (`*` filled in)."""
    root.mkdir(parents=True, exist_ok=True)
    for pattern in patterns:
        rel = pattern.replace("*", "2026-01-01")
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("name,value\nexample,1\n", encoding="utf-8")
    return root
