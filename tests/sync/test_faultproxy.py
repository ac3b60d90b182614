"""The fault proxy the network tests put between a node and central: it cuts, holds, delays and
duplicates exactly where it is told, and counts what went through."""

from __future__ import annotations

import http.client
import http.server
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from tests.support.faultproxy import Fault, FaultProxy, Hold

BODY = b"x" * 1000


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Answers 'echo:<body>' and keeps every request it read whole."""

    protocol_version = "HTTP/1.0"  # one request per connection, closed after the answer

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        length = int(self.headers["Content-Length"])
        body = self.rfile.read(length)
        if len(body) < length:
            return  # the connection was cut: an incomplete request is not a request
        self.server.received.append((self.path, body))  # type: ignore[attr-defined]
        answer = b"echo:" + body
        self.send_response(200)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *_args: object) -> None:
        """Quiet."""


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A cut connection breaks the answer's write: expected here, not worth a traceback."""


@pytest.fixture
def server() -> Iterator[http.server.ThreadingHTTPServer]:
    httpd = _Server(("127.0.0.1", 0), _Recorder)
    httpd.received = []  # type: ignore[attr-defined]
    httpd.daemon_threads = False
    thread = threading.Thread(target=httpd.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture
def proxy(server) -> Iterator[FaultProxy]:
    with FaultProxy(server.server_address[1]) as proxy_:
        yield proxy_


def post(proxy: FaultProxy, path: str = "/batch", body: bytes = BODY) -> bytes:
    request = urllib.request.Request(proxy.url + path, data=body, method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


def post_fails(proxy: FaultProxy, path: str = "/batch") -> Exception:
    with pytest.raises((OSError, http.client.HTTPException)) as caught:
        post(proxy, path)
    proxy.settle()
    return caught.value


def test_bytes_pass_through_unchanged_and_are_counted(proxy, server):
    assert post(proxy) == b"echo:" + BODY
    proxy.settle()
    [record] = proxy.connections
    assert server.received == [("/batch", BODY)]
    assert record.request_line == "POST /batch HTTP/1.1"
    assert record.up_bytes == record.request_length == len(record.request)
    assert record.request.endswith(b"\r\n\r\n" + BODY)
    assert record.down_bytes == record.response_length
    assert record.response_length > len(b"echo:" + BODY)  # head and body
    assert (record.cut, proxy.bytes_up, proxy.bytes_down) == (None, record.up_bytes, record.down_bytes)


@pytest.mark.parametrize("at", [0, 1, 0.5, -1])
def test_a_request_cut_before_its_end_never_reaches_the_server(proxy, server, at):
    proxy.arm(Fault(cut_request_at=at))
    post_fails(proxy)
    [record] = proxy.connections
    length = record.request_length if record.request_length is not None else 0
    expected = {0: 0, 1: 1, 0.5: length // 2, -1: length - 1}[at]
    assert (record.cut, record.up_bytes, record.down_bytes) == ("request", expected, 0)
    assert server.received == []


def test_a_request_cut_after_its_last_byte_is_handled_but_its_answer_is_lost(proxy, server):
    proxy.arm(Fault(cut_response_at=0))
    post_fails(proxy)
    [record] = proxy.connections
    assert (record.cut, record.up_bytes, record.down_bytes) == ("response", record.request_length, 0)
    assert server.received == [("/batch", BODY)]


@pytest.mark.parametrize("at", [1, 0.5, -1])
def test_an_answer_cut_in_its_middle_reaches_the_client_truncated(proxy, server, at):
    proxy.arm(Fault(cut_response_at=at))
    error = post_fails(proxy)
    [record] = proxy.connections
    expected = {1: 1, 0.5: record.response_length // 2, -1: record.response_length - 1}[at]
    assert (record.cut, record.down_bytes) == ("response", expected)
    assert server.received == [("/batch", BODY)]
    if at == -1:  # the whole head arrived: the client knows the body is one byte short
        assert isinstance(error, http.client.IncompleteRead)
        assert len(error.partial) == len(b"echo:" + BODY) - 1


def test_a_request_altered_on_the_way_reaches_the_server_with_one_byte_flipped(proxy, server):
    proxy.arm(Fault(flip_request_at=-1))  # the body's last byte: "x" becomes "y"
    assert post(proxy) == b"echo:" + BODY[:-1] + b"y"
    proxy.settle()
    assert server.received == [("/batch", BODY[:-1] + b"y")]
    assert proxy.connections[0].altered and proxy.connections[0].request.endswith(BODY)


def test_a_fault_applies_to_the_matching_connection_only_and_as_many_times_as_armed(proxy, server):
    proxy.arm(Fault(match=b"POST /push", cut_request_at=0, times=2))
    assert post(proxy, "/pull") == b"echo:" + BODY
    post_fails(proxy, "/push")
    assert proxy.armed == 1
    post_fails(proxy, "/push")
    assert proxy.armed == 0
    assert post(proxy, "/push") == b"echo:" + BODY
    proxy.settle()
    assert [record.cut for record in proxy.connections] == [None, "request", "request", None]
    assert [path for path, _body in server.received] == ["/pull", "/push"]


def test_a_fault_can_let_the_first_matching_connections_through(proxy, server):
    proxy.arm(Fault(match=b"POST /push", cut_response_at=0, skip=2))
    assert post(proxy, "/push") == post(proxy, "/pull") == post(proxy, "/push") == b"echo:" + BODY
    post_fails(proxy, "/push")
    assert [record.cut for record in proxy.connections] == [None, None, None, "response"]


def test_pass_through_forgets_the_armed_faults(proxy, server):
    proxy.arm(Fault(cut_request_at=0))
    proxy.pass_through()
    assert post(proxy) == b"echo:" + BODY


@pytest.mark.parametrize("when", ["after", "before"])
def test_a_duplicated_request_reaches_the_server_twice_and_the_client_sees_one_answer(proxy, server, when):
    proxy.arm(Fault(duplicate=when))
    request = urllib.request.Request(proxy.url + "/batch", data=BODY, method="POST",
                                     headers={"X-Order": "original"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.read() == b"echo:" + BODY
    proxy.settle()
    [record] = proxy.connections
    assert server.received == [("/batch", BODY), ("/batch", BODY)]
    assert record.duplicate_status == 200
    assert record.duplicate_answer.endswith(b"echo:" + BODY)


def test_held_requests_reach_the_server_together_when_released(proxy, server):
    """Two clients parked on their request's last byte, released at once: no sleep orders them."""
    holds = [Hold(at=-1), Hold(at=-1)]
    proxy.arm(*(Fault(hold_request=hold) for hold in holds))
    answers: list[bytes] = []
    clients = [threading.Thread(target=lambda: answers.append(post(proxy))) for _hold in holds]
    for client in clients:
        client.start()
    for hold in holds:
        assert hold.reached.wait(30)
    assert server.received == []
    for hold in holds:
        hold.release.set()
    for client in clients:
        client.join(30)
    assert answers == [b"echo:" + BODY] * 2
    assert len(server.received) == 2


def test_a_held_answer_is_delivered_whole_once_released(proxy, server):
    hold = Hold(at=0.5)
    proxy.arm(Fault(hold_response=hold))
    answers: list[bytes] = []
    client = threading.Thread(target=lambda: answers.append(post(proxy)))
    client.start()
    assert hold.reached.wait(30)
    assert server.received == [("/batch", BODY)]
    assert answers == []
    hold.release.set()
    client.join(30)
    assert answers == [b"echo:" + BODY]


def test_a_delayed_answer_arrives_intact(proxy, server):
    proxy.arm(Fault(delay_response_s=0.2))
    assert post(proxy) == b"echo:" + BODY


def test_a_stopped_server_closes_the_client_connection(server):
    with FaultProxy(server.server_address[1]) as proxy:
        port = _closed_port()
        proxy.retarget(port)
        post_fails(proxy)
        assert proxy.connections[0].cut == "unreachable"
        proxy.retarget(server.server_address[1])
        assert post(proxy) == b"echo:" + BODY


def test_plain_tcp_bytes_go_both_ways():
    with socket.create_server(("127.0.0.1", 0)) as listener:
        def echo() -> None:
            connection, _ = listener.accept()
            with connection:
                while data := connection.recv(1024):
                    connection.sendall(data.upper())
        thread = threading.Thread(target=echo, daemon=True)
        thread.start()
        with FaultProxy(listener.getsockname()[1]) as proxy:
            with socket.create_connection(("127.0.0.1", proxy.port)) as client:
                client.sendall(b"bonjour")
                received = b""
                while len(received) < 7:
                    received += client.recv(1024)
            thread.join(30)
            proxy.settle()
            assert received == b"BONJOUR"
            assert (proxy.bytes_up, proxy.bytes_down) == (7, 7)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
