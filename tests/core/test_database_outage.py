"""PostgreSQL going away during requests: a clear 503, then recovery without restarting the app.

The app (a live server thread: Django's real WSGI handler, which closes broken connections when a
request ends) reaches PostgreSQL through a TCP gate. Cutting the gate drops every open connection
and refuses new ones, which is what the app sees while PostgreSQL restarts; opening it is
PostgreSQL back. (Restarting the real server would break the suite's own connection.)
"""
from __future__ import annotations

import json
import socket
import threading
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client


class Gate:
    """A TCP proxy to PostgreSQL that can be cut (connections dropped, new ones refused) and reopened."""

    def __init__(self, host: str, port: int):
        self.upstream = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.is_open = True
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.is_open:
                client.close()
                continue
            upstream = socket.create_connection(self.upstream)
            with self.lock:
                self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, target):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self):
        self.is_open = False
        with self.lock:
            for s in self.sockets:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                    s.close()
                except OSError:
                    pass
            self.sockets.clear()

    def open(self):
        self.is_open = True

    def close(self):
        self.cut()
        self.listener.close()


def _get(url: str, cookie: str, accept: str = "text/html"):
    request = urllib.request.Request(url, headers={"Cookie": cookie, "Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.fixture
def gate():
    db = connections["default"].settings_dict
    original = (db["HOST"], db["PORT"])
    gate = Gate(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432))
    yield gate
    gate.close()
    db["HOST"], db["PORT"] = original
    connections.close_all()


def test_database_gone_answers_503_and_the_app_recovers_when_it_returns(live_server, gate, sho_a):
    client = Client()
    client.force_login(sho_a)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    db = connections["default"].settings_dict
    db["HOST"], db["PORT"] = "127.0.0.1", gate.port  # from now on the app connects through the gate
    connections.close_all()

    status, _headers, _body = _get(live_server.url + "/registry/call-centres/", cookie)
    assert status == 200

    gate.cut()  # PostgreSQL goes away
    status, headers, body = _get(live_server.url + "/registry/call-centres/", cookie)
    assert status == 503
    assert headers.get("Retry-After") == "30"
    assert "cannot reach its database" in body and "Traceback" not in body
    status, headers, body = _get(live_server.url + "/api/call-centres/", cookie, accept="application/json")
    assert status == 503
    assert "cannot reach its database" in json.loads(body)["detail"]

    gate.open()  # PostgreSQL is back: the same app process serves again
    status, _headers, body = _get(live_server.url + "/registry/call-centres/", cookie)
    assert status == 200
    status, _headers, body = _get(live_server.url + "/api/call-centres/", cookie, accept="application/json")
    assert status == 200 and "results" in json.loads(body)


def test_other_server_errors_stay_500_with_a_page_that_needs_no_database(rf):
    from core.errors import server_error

    try:
        raise ValueError("boom")
    except ValueError:
        response = server_error(rf.get("/registry/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode() and "boom" not in response.content.decode()
