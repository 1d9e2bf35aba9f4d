#!/usr/bin/env python3
"""Realtime load generator for benchmarks/realtime: a minimal WebSocket client over asyncio protocols.

  realtime_load.py idle   --port P --count N --hold S --node-pid PID
  realtime_load.py fanout --port P --count N --group 10 --rate 2 --duration S --procs K

Each subcommand prints one JSON object on stdout. Every phase is bounded by a deadline and stops by itself.
Standard library only; frames from the client are masked as RFC 6455 requires, pings are answered.
"""
import argparse
import asyncio
import base64
import concurrent.futures
import http.client
import json
import multiprocessing
import os
import resource
import struct
import sys
import threading
import time


def log(message):
    print(f"realtime_load: {message}", file=sys.stderr, flush=True)


def authenticate(port, device_ids):
    """Session tokens for the given device ids, creating the accounts (REST, eight requests in flight)."""
    auth = "Basic " + base64.b64encode(b"defaultkey:").decode()

    def one(device_id):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request("POST", "/v2/account/authenticate/device", body=json.dumps({"id": device_id}),
                         headers={"Authorization": auth, "Content-Type": "application/json"})
            response = conn.getresponse()
            body = response.read()
            if response.status != 200:
                raise RuntimeError(f"authenticate {device_id}: HTTP {response.status} {body[:200]!r}")
            return json.loads(body)["token"]
        finally:
            conn.close()

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        return list(pool.map(one, device_ids))


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


class Socket(asyncio.Protocol):
    """One realtime client connection: HTTP upgrade, then text frames in and out."""

    def __init__(self, port, token, on_text=None):
        self.request = (f"GET /ws?token={token}&format=json&status=false HTTP/1.1\r\n"
                        f"Host: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").encode()
        self.on_text = on_text
        self.transport = None
        self.buffer = bytearray()
        self.upgraded = asyncio.get_running_loop().create_future()
        self.open = False
        self.replies = {}

    def connection_made(self, transport):
        self.transport = transport
        transport.write(self.request)

    def connection_lost(self, exc):
        self.open = False
        if not self.upgraded.done():
            self.upgraded.set_exception(ConnectionError("closed before the upgrade"))
        for future in self.replies.values():
            if not future.done():
                future.set_exception(ConnectionError("closed"))

    def data_received(self, data):
        self.buffer += data
        if not self.upgraded.done():
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(self.buffer[:end])
            del self.buffer[:end + 4]
            if not head.startswith(b"HTTP/1.1 101"):
                self.upgraded.set_exception(ConnectionError(head.split(b"\r\n", 1)[0].decode(errors="replace")))
                self.transport.close()
                return
            self.open = True
            self.upgraded.set_result(None)
        self.read_frames()

    def read_frames(self):
        buffer = self.buffer
        while len(buffer) >= 2:
            opcode = buffer[0] & 0x0F
            length = buffer[1] & 0x7F
            start = 2
            if length == 126:
                if len(buffer) < 4:
                    return
                length = struct.unpack_from("!H", buffer, 2)[0]
                start = 4
            elif length == 127:
                if len(buffer) < 10:
                    return
                length = struct.unpack_from("!Q", buffer, 2)[0]
                start = 10
            if len(buffer) < start + length:
                return
            payload = bytes(buffer[start:start + length])
            del buffer[:start + length]
            if opcode == 1:
                self.text(payload)
            elif opcode == 9:
                self.send_frame(0xA, payload)
            elif opcode == 8:
                if self.open:
                    self.send_frame(0x8, payload[:2])
                self.open = False
                self.transport.close()
                return

    def text(self, payload):
        if self.replies:
            message = json.loads(payload)
            future = self.replies.pop(message.get("cid"), None)
            if future is not None:
                if not future.done():
                    future.set_result(message)
                return
            if self.on_text is not None:
                self.on_text(self, payload, message)
        elif self.on_text is not None:
            self.on_text(self, payload, None)

    def send_frame(self, opcode, payload):
        mask = os.urandom(4)
        length = len(payload)
        if length < 126:
            head = struct.pack("!BB", 0x80 | opcode, 0x80 | length)
        elif length < 65536:
            head = struct.pack("!BBH", 0x80 | opcode, 0xFE, length)
        else:
            head = struct.pack("!BBQ", 0x80 | opcode, 0xFF, length)
        repeated = (mask * (length // 4 + 1))[:length]
        masked = (int.from_bytes(payload, "big") ^ int.from_bytes(repeated, "big")).to_bytes(length, "big")
        self.transport.write(head + mask + masked)

    def send_text(self, text):
        self.send_frame(0x1, text.encode())

    async def request_reply(self, cid, envelope, timeout):
        future = asyncio.get_running_loop().create_future()
        self.replies[cid] = future
        self.send_text(json.dumps(envelope))
        return await asyncio.wait_for(future, timeout)

    def close(self):
        if self.open:
            self.send_frame(0x8, struct.pack("!H", 1000))
        self.open = False
        self.transport.close()


async def connect_all(port, tokens, count, on_text=None, in_flight=256, deadline_s=300):
    """Opens `count` sockets (token i % len(tokens)); returns the sockets that upgraded and the errors seen."""
    loop = asyncio.get_running_loop()
    gate = asyncio.Semaphore(in_flight)
    errors = {}
    deadline = time.monotonic() + deadline_s

    async def one(index):
        async with gate:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                errors["connect deadline passed"] = errors.get("connect deadline passed", 0) + 1
                return None
            try:
                _, sock = await asyncio.wait_for(
                    loop.create_connection(lambda: Socket(port, tokens[index % len(tokens)], on_text),
                                           "127.0.0.1", port), remaining)
                await asyncio.wait_for(sock.upgraded, max(remaining, 1))
                return sock
            except (OSError, asyncio.TimeoutError, ConnectionError) as error:
                key = f"{type(error).__name__}: {error}"[:120]
                errors[key] = errors.get(key, 0) + 1
                return None

    sockets = await asyncio.gather(*(one(i) for i in range(count)))
    return [s for s in sockets if s is not None], errors


async def idle(args):
    tokens = authenticate(args.port, [f"rt-idle-{i:05d}-device" for i in range(args.users)])
    await asyncio.sleep(2)
    rss_before = rss_kib(args.node_pid)
    started = time.monotonic()
    sockets, errors = await connect_all(args.port, tokens, args.count)
    connect_s = time.monotonic() - started
    log(f"idle: {len(sockets)} of {args.count} sockets upgraded in {connect_s:.1f} s; holding {args.hold} s")
    await asyncio.sleep(args.hold)
    rss_after = rss_kib(args.node_pid)

    async def alive(index, sock):
        if not sock.open:
            return False
        try:
            message = await sock.request_reply(f"p{index}", {"cid": f"p{index}", "ping": {}}, 30)
            return "pong" in message
        except (asyncio.TimeoutError, ConnectionError):
            return False

    answered = sum(await asyncio.gather(*(alive(i, s) for i, s in enumerate(sockets))))
    for sock in sockets:
        sock.close()
    await asyncio.sleep(1)
    print(json.dumps({
        "requested": args.count, "upgraded": len(sockets), "alive_after_hold": answered,
        "connect_seconds": round(connect_s, 2), "hold_seconds": args.hold, "users": args.users,
        "rss_before_kib": rss_before, "rss_after_kib": rss_after,
        "kib_per_socket": round((rss_after - rss_before) / answered, 2) if answered else None,
        "errors": errors}))


def fanout_shard(port, tokens, group, rate, duration, barrier, start_at):
    """One process's matches: connect, create/join one match per group, send at `rate`/s, count receipts."""
    histogram = {}
    counters = {"received": 0, "late": 0}
    window = {}

    def on_text(sock, payload, message):
        if message is None:
            if b"match_data" not in payload:
                return
            message = json.loads(payload)
        data = message.get("match_data")
        if data is None:
            return
        now = time.monotonic_ns()
        if now > window["end"]:
            counters["late"] += 1
            return
        sent = int(base64.b64decode(data["data"]))
        bucket = (now - sent) // 100_000  # 0.1 ms
        histogram[bucket] = histogram.get(bucket, 0) + 1
        counters["received"] += 1

    async def run():
        sockets, errors = await connect_all(port, tokens, len(tokens), on_text, deadline_s=120)
        if len(sockets) != len(tokens):
            return {"error": f"{len(tokens) - len(sockets)} sockets failed: {errors}"}
        matches = []
        for first in range(0, len(sockets), group):
            members = sockets[first:first + group]
            reply = await members[0].request_reply("c", {"cid": "c", "match_create": {}}, 30)
            match_id = reply["match"]["match_id"]
            joins = [m.request_reply("j", {"cid": "j", "match_join": {"match_id": match_id}}, 30) for m in members[1:]]
            for joined in await asyncio.gather(*joins):
                if "match" not in joined:
                    return {"error": f"match_join failed: {joined}"}
            matches.append((match_id, members))
        await asyncio.sleep(0.5)  # presence events of the joins drain before the window opens
        return matches

    async def send_loop(sock, match_id, offset, counts):
        period = 1.0 / rate
        next_at = window["start"] / 1e9 + offset
        end = window["end"] / 1e9 - 0.2  # the last messages still arrive within the window
        loop = asyncio.get_running_loop()
        while True:
            delay = next_at - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            if next_at >= end or not sock.open:
                return
            stamp = base64.b64encode(str(time.monotonic_ns()).encode()).decode()
            sock.send_text('{"match_data_send":{"match_id":"%s","op_code":"1","data":"%s"}}' % (match_id, stamp))
            counts[0] += 1
            next_at += period

    async def main():
        matches = await run()
        if isinstance(matches, dict):
            barrier.abort()
            return matches
        await asyncio.get_running_loop().run_in_executor(None, barrier.wait, 300)
        for _ in range(500):
            if start_at.value:
                break
            await asyncio.sleep(0.01)
        window["start"] = int(start_at.value * 1e9)
        window["end"] = window["start"] + int(duration * 1e9)
        counts = [0]
        senders = []
        members_total = sum(len(m) for _, m in matches)
        index = 0
        for match_id, members in matches:
            for sock in members:
                senders.append(send_loop(sock, match_id, (index / members_total) / rate, counts))
                index += 1
        cpu_before = resource.getrusage(resource.RUSAGE_SELF)
        await asyncio.gather(*senders)
        await asyncio.sleep(max(0, window["end"] / 1e9 - time.monotonic()) + 0.3)
        cpu_after = resource.getrusage(resource.RUSAGE_SELF)
        still_open = sum(1 for _, members in matches for s in members if s.open)
        for _, members in matches:
            for sock in members:
                sock.close()
        await asyncio.sleep(0.5)
        cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
        return {"sent": counts[0], "received": counters["received"], "late": counters["late"],
                "histogram": histogram, "open_at_end": still_open, "load_cpu_seconds": cpu,
                "expected": counts[0] * (group - 1)}

    return asyncio.run(main())


def fanout_child(arguments, queue):
    try:
        queue.put(fanout_shard(*arguments))
    except Exception as error:  # reported to the parent, which fails the run
        queue.put({"error": f"{type(error).__name__}: {error}"})


def run_shards(target, shards, duration, announce):
    """Runs `target((*shard, barrier, start_at), queue)` in one process per shard, releases them together
    0.5 s after all are ready (logging `announce`), and returns their results in order of arrival;
    None, after printing the error object, when any shard failed."""
    barrier = multiprocessing.Barrier(len(shards) + 1)
    start_at = multiprocessing.Value("d", 0.0)
    queue = multiprocessing.Queue()
    children = []
    for shard in shards:
        child = multiprocessing.Process(target=target, args=(shard + (barrier, start_at), queue))
        child.start()
        children.append(child)
    try:
        barrier.wait(300)
        start_at.value = time.monotonic() + 0.5
        log(announce)
    except threading.BrokenBarrierError:
        pass  # a shard failed before sending; its error is collected below
    results = [queue.get(timeout=duration + 600) for _ in children]
    for child in children:
        child.join(30)
    failures = [r["error"] for r in results if "error" in r]
    if failures:
        print(json.dumps({"error": "; ".join(failures)}))
        return None
    return results


def fanout(args):
    if args.count % args.group:
        raise SystemExit("fanout: --count must be a multiple of --group")
    tokens = authenticate(args.port, [f"rt-fanout-{i:05d}-device" for i in range(args.count)])
    groups = args.count // args.group
    shards = []
    for shard in range(args.procs):
        shard_groups = range(shard, groups, args.procs)
        shard_tokens = [tokens[g * args.group + i] for g in shard_groups for i in range(args.group)]
        shards.append((args.port, shard_tokens, args.group, args.rate, args.duration))
    results = run_shards(fanout_child, shards, args.duration,
                         f"fanout: {args.count} clients in {groups} matches of {args.group}; sending for {args.duration} s")
    if results is None:
        return
    histogram = {}
    for result in results:
        for bucket, count in result["histogram"].items():
            histogram[bucket] = histogram.get(bucket, 0) + count
    received = sum(r["received"] for r in results)

    def percentile(fraction):
        target = fraction * received
        seen = 0
        for bucket in sorted(histogram):
            seen += histogram[bucket]
            if seen >= target:
                return round((bucket + 1) / 10, 1)
        return None

    print(json.dumps({
        "clients": args.count, "group": args.group, "rate": args.rate, "duration": args.duration,
        "procs": args.procs, "sent": sum(r["sent"] for r in results),
        "expected": sum(r["expected"] for r in results), "received": received,
        "late": sum(r["late"] for r in results), "delivered_per_s": round(received / args.duration),
        "p50_ms": percentile(0.50), "p99_ms": percentile(0.99), "max_ms": percentile(1.0),
        "open_at_end": sum(r["open_at_end"] for r in results),
        "load_cpu_seconds": round(sum(r["load_cpu_seconds"] for r in results), 1)}))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="phase", required=True)
    p_idle = sub.add_parser("idle")
    p_idle.add_argument("--port", type=int, required=True)
    p_idle.add_argument("--count", type=int, default=20000)
    p_idle.add_argument("--users", type=int, default=200)
    p_idle.add_argument("--hold", type=float, default=20)
    p_idle.add_argument("--node-pid", type=int, required=True)
    p_fan = sub.add_parser("fanout")
    p_fan.add_argument("--port", type=int, required=True)
    p_fan.add_argument("--count", type=int, default=1500)
    p_fan.add_argument("--group", type=int, default=10)
    p_fan.add_argument("--rate", type=float, default=2)
    p_fan.add_argument("--duration", type=float, default=20)
    p_fan.add_argument("--procs", type=int, default=2)
    args = parser.parse_args()
    if args.phase == "idle":
        asyncio.run(idle(args))
    else:
        fanout(args)


if __name__ == "__main__":
    main()
