"""Realtime clients for cluster/check, on benchmarks/realtime_load.py's WebSocket client.

An asyncio loop runs in a background thread, so cluster/check's scenarios stay plain blocking code: they
open clients on given nodes, send envelopes, wait for replies, and poll what each client received. Every
envelope a client receives is kept with the wall-clock time it arrived.
"""
import asyncio
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                                "benchmarks"))
from realtime_load import Socket, authenticate  # noqa: E402


class Loop:
    """An asyncio event loop in a daemon thread; `run` waits for one coroutine with a bound."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coroutine, timeout):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def call(self, function, *args):
        self.loop.call_soon_threadsafe(function, *args)

    def stop(self):
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


class Client:
    """One user's socket on one node; `events` is every envelope received, as (time, message)."""

    def __init__(self, loop, node, port, token):
        self.loop, self.node, self.port, self.token = loop, node, port, token
        self.events = []
        self.sock = None
        self.cids = 0

    def _on_text(self, _sock, payload, message):
        self.events.append((time.time(), message if message is not None else json.loads(payload)))

    async def _connect(self):
        loop = asyncio.get_running_loop()
        _, self.sock = await loop.create_connection(lambda: Socket(self.port, self.token, self._on_text),
                                                    "127.0.0.1", self.port)
        await self.sock.upgraded

    def connect(self, timeout=10):
        self.loop.run(self._connect(), timeout)
        return self

    def request(self, message, body, timeout=10):
        """Sends {message: body} with a fresh cid and returns the reply (an error reply too)."""
        self.cids += 1
        cid = str(self.cids)
        return self.loop.run(self.sock.request_reply(cid, {"cid": cid, message: body}, timeout), timeout + 1)

    def received(self, kind, after=0):
        """(time, body) of every `kind` envelope received at or after `after`."""
        return [(at, message[kind]) for at, message in list(self.events) if kind in message and at >= after]

    def close(self):
        if self.sock is not None:
            self.loop.call(self.sock.close)


def open_clients(loop, nodes, prefix, timeout=10):
    """One new user per (name, port) of `nodes`, authenticated on its node and connected to it."""
    clients = []
    for index, (name, port) in enumerate(nodes):
        token = authenticate(port, [f"{prefix}-{os.getpid()}-{index:02d}"])[0]
        clients.append(Client(loop, name, port, token).connect(timeout))
    return clients
