"""A fake weather provider: a real HTTP server on 127.0.0.1 answering with recorded responses.

Tests queue replies (status, headers, a recorded JSON file, or "hang": read the request and
never answer); each request the server receives is recorded, so a test can also prove that
nothing was asked of it.
"""

import json
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

DATA = Path(__file__).parent / "data" / "weather"


def recorded(name: str) -> bytes:
    return (DATA / name).read_bytes()


def recorded_json(name: str):
    return json.loads(recorded(name))


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    hang: bool = False


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        fake: FakeProvider = self.server.fake
        parts = urlsplit(self.path)
        fake.requests.append({"path": parts.path, "query": dict(parse_qsl(parts.query))})
        reply = fake.next_reply()
        if reply.hang:
            fake.released.wait(timeout=30)  # until the test ends; the client times out first
            return
        self.send_response(reply.status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(reply.body)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(reply.body)

    def log_message(self, format, *args):  # keep the test output clean
        pass


class FakeProvider:
    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.released = threading.Event()
        self._replies: deque[Reply] = deque()
        self._default = Reply(status=404, body=b'{"message": "no reply queued"}')
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.fake = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def host(self) -> str:
        return self.url.removeprefix("http://")

    def reply(
        self,
        status: int = 200,
        *,
        body: bytes | str = b"",
        file: str | None = None,
        data=None,
        headers: dict | None = None,
        hang: bool = False,
        times: int = 1,
    ) -> "FakeProvider":
        if file:
            body = recorded(file)
        elif data is not None:
            body = json.dumps(data)
        if isinstance(body, str):
            body = body.encode()
        with self._lock:
            for _ in range(times):
                self._replies.append(Reply(status, body, headers or {}, hang))
        return self

    def always(self, **kwargs) -> "FakeProvider":
        """The reply once the queue is empty (default: 404)."""
        self._default = Reply(**kwargs)
        return self

    def next_reply(self) -> Reply:
        with self._lock:
            return self._replies.popleft() if self._replies else self._default

    def close(self) -> None:
        self.released.set()
        self._server.shutdown()
        self._server.server_close()
