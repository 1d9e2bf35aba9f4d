#!/usr/bin/env python3
"""Cross-node latency load for benchmarks/cluster: relayed matches of two, same-node and cross-node, interleaved.

  cluster_load.py pairs --ports P1,P2 --pairs 200 --rate 10 --duration 20 --procs 2

Every pair is a relayed match of two clients: the sender creates it on node 1 (port P1), the receiver joins
it on node 1 (a same-node pair) or on node 2 (port P2, a cross-node pair). Both kinds alternate in every
load process and send at the same rate over the same window, so the load processes' own scheduling delay
weighs on both alike. Each `match_data` carries its send time (CLOCK_MONOTONIC, shared by the processes)
and a sequence number; the receiver records send-to-receive latency in 10 µs buckets. Prints one JSON
object; everything is bounded by deadlines. The WebSocket client is benchmarks/realtime_load.py's.
"""
import argparse
import asyncio
import base64
import json
import os
import resource
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from realtime_load import authenticate, connect_all, log, run_shards  # noqa: E402

KINDS = ("same", "cross")
BUCKET_NS = 10_000  # 10 µs


async def join_with_retry(sock, match_id, attempts_s):
    """match_join, retried while the match is not yet known on the receiver's node (presence replication)."""
    deadline = time.monotonic() + attempts_s
    attempt = 0
    while True:
        attempt += 1
        cid = f"j{attempt}"
        reply = await sock.request_reply(cid, {"cid": cid, "match_join": {"match_id": match_id}}, 30)
        if "match" in reply:
            return reply, attempt - 1
        if time.monotonic() >= deadline:
            raise RuntimeError(f"match_join {match_id}: {reply}")
        await asyncio.sleep(0.02)


def shard(ports, pairs, rate, duration, grace, barrier, start_at):
    """One load process: its pairs (kinds alternating), connected, matched, then sending over the window."""
    histograms = {kind: {} for kind in KINDS}
    received = {kind: 0 for kind in KINDS}
    disorder = {kind: 0 for kind in KINDS}

    def on_text(sock, payload, message):
        if message is None:
            if b"match_data" not in payload and b"match_presence_event" not in payload:
                return
            message = json.loads(payload)
        event = message.get("match_presence_event")
        if event is not None:
            sock.seen_joins.update(p["session_id"] for p in event.get("joins", []))
            return
        data = message.get("match_data")
        if data is None:
            return
        now = time.monotonic_ns()
        seq, sent = base64.b64decode(data["data"]).split(b":")
        kind = sock.kind
        bucket = (now - int(sent)) // BUCKET_NS
        histograms[kind][bucket] = histograms[kind].get(bucket, 0) + 1
        received[kind] += 1
        seq = int(seq)
        if seq <= sock.last_seq:
            disorder[kind] += 1
        sock.last_seq = seq

    async def setup(sender_tokens, receiver_tokens):
        kinds = [KINDS[i % 2] for i in range(len(sender_tokens))]
        senders, errors = await connect_all(ports[0], sender_tokens, len(sender_tokens), on_text, deadline_s=120)
        if len(senders) != len(sender_tokens):
            return f"{len(sender_tokens) - len(senders)} sender sockets failed: {errors}"
        receivers = [None] * len(receiver_tokens)
        for node, kind in ((0, "same"), (1, "cross")):
            indices = [i for i, k in enumerate(kinds) if k == kind]
            tokens = [receiver_tokens[i] for i in indices]
            sockets, errors = await connect_all(ports[node], tokens, len(tokens), on_text, deadline_s=120)
            if len(sockets) != len(tokens):
                return f"{len(tokens) - len(sockets)} {kind}-node receiver sockets failed: {errors}"
            for i, sock in zip(indices, sockets):
                receivers[i] = sock
        for sock in senders + receivers:
            sock.seen_joins = set()
            sock.last_seq = -1
        retries = [0]
        gate = asyncio.Semaphore(32)

        async def pair(index):
            async with gate:
                sender, receiver = senders[index], receivers[index]
                sender.kind = receiver.kind = kinds[index]
                created = await sender.request_reply("c", {"cid": "c", "match_create": {}}, 30)
                match_id = created["match"]["match_id"]
                joined, retried = await join_with_retry(receiver, match_id, 10)
                retries[0] += retried
                session = joined["match"]["self"]["session_id"]
                # Routing from node 1 to the receiver needs its presence there: wait for the sender's join event.
                deadline = time.monotonic() + 10
                while session not in sender.seen_joins:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"sender never saw the receiver join {match_id}")
                    await asyncio.sleep(0.01)
                return (sender, match_id, kinds[index])

        matches = await asyncio.gather(*(pair(i) for i in range(len(sender_tokens))))
        return matches, senders + receivers, retries[0]

    async def send_loop(sock, match_id, kind, offset, window, sent):
        period = 1.0 / rate
        next_at = window[0] + offset
        seq = 0
        while True:
            delay = next_at - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            if next_at >= window[1] or not sock.open:
                return
            data = base64.b64encode(b"%d:%d" % (seq, time.monotonic_ns())).decode()
            sock.send_text('{"match_data_send":{"match_id":"%s","op_code":"1","data":"%s"}}' % (match_id, data))
            sent[kind] += 1
            seq += 1
            next_at += period

    async def main():
        setup_result = await setup(*pairs)
        if isinstance(setup_result, str):
            barrier.abort()
            return {"error": setup_result}
        matches, sockets, retries = setup_result
        await asyncio.get_running_loop().run_in_executor(None, barrier.wait, 300)
        for _ in range(500):
            if start_at.value:
                break
            await asyncio.sleep(0.01)
        window = (start_at.value, start_at.value + duration)
        sent = {kind: 0 for kind in KINDS}
        cpu_before = resource.getrusage(resource.RUSAGE_SELF)
        await asyncio.gather(*(send_loop(sock, match_id, kind, (i / len(matches)) / rate, window, sent)
                               for i, (sock, match_id, kind) in enumerate(matches)))
        await asyncio.sleep(max(0.0, window[1] - time.monotonic()) + grace)
        cpu_after = resource.getrusage(resource.RUSAGE_SELF)
        still_open = sum(1 for sock in sockets if sock.open)
        for sock in sockets:
            sock.close()
        await asyncio.sleep(0.3)
        cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
        return {"sent": sent, "received": dict(received), "disorder": dict(disorder), "histograms": histograms,
                "open_at_end": still_open, "sockets": len(sockets), "join_retries": retries, "load_cpu_seconds": cpu}

    return asyncio.run(main())


def child(arguments, queue):
    try:
        queue.put(shard(*arguments))
    except Exception as error:  # reported to the parent, which fails the run
        queue.put({"error": f"{type(error).__name__}: {error}"})


def percentile(histogram, fraction):
    total = sum(histogram.values())
    if not total:
        return None
    target = fraction * total
    seen = 0
    for bucket in sorted(histogram):
        seen += histogram[bucket]
        if seen >= target:
            return round((bucket + 1) * BUCKET_NS / 1e6, 2)
    return None


def pairs(args):
    ports = [int(p) for p in args.ports.split(",")]
    if len(ports) != 2:
        raise SystemExit("pairs: --ports takes two ports: node 1's, node 2's")
    total = 2 * args.pairs  # same-node and cross-node pairs
    stamp = os.getpid()
    senders = authenticate(ports[0], [f"cl-send-{stamp}-{i:05d}" for i in range(total)])
    receivers = authenticate(ports[0], [f"cl-recv-{stamp}-{i:05d}" for i in range(total)])
    shards = []
    for index in range(args.procs):
        # Pair i alternates same/cross within each process: consecutive global indices per shard.
        mine = range(index * (total // args.procs), total if index == args.procs - 1 else (index + 1) * (total // args.procs))
        shard_pairs = ([senders[i] for i in mine], [receivers[i] for i in mine])
        shards.append((ports, shard_pairs, args.rate, args.duration, args.grace))
    results = run_shards(child, shards, args.duration,
                         f"pairs: {args.pairs} same-node + {args.pairs} cross-node pairs at {args.rate} msgs/s; "
                         f"sending for {args.duration} s")
    if results is None:
        return
    out = {"pairs": args.pairs, "rate": args.rate, "duration": args.duration, "procs": args.procs,
           "open_at_end": sum(r["open_at_end"] for r in results), "sockets": sum(r["sockets"] for r in results),
           "join_retries": sum(r["join_retries"] for r in results),
           "load_cpu_seconds": round(sum(r["load_cpu_seconds"] for r in results), 1)}
    for kind in KINDS:
        histogram = {}
        for result in results:
            for bucket, count in result["histograms"][kind].items():
                histogram[int(bucket)] = histogram.get(int(bucket), 0) + count
        sent = sum(r["sent"][kind] for r in results)
        received = sum(r["received"][kind] for r in results)
        out[kind] = {"sent": sent, "received": received, "lost": sent - received,
                     "disorder": sum(r["disorder"][kind] for r in results),
                     "delivered_per_s": round(received / args.duration),
                     "p50_ms": percentile(histogram, 0.50), "p99_ms": percentile(histogram, 0.99),
                     "max_ms": percentile(histogram, 1.0)}
    print(json.dumps(out))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="phase", required=True)
    p_pairs = sub.add_parser("pairs")
    p_pairs.add_argument("--ports", required=True, help="node 1's and node 2's HTTP ports, comma-separated")
    p_pairs.add_argument("--pairs", type=int, default=200, help="pairs of each kind")
    p_pairs.add_argument("--rate", type=float, default=10, help="messages/s per sender")
    p_pairs.add_argument("--duration", type=float, default=20)
    p_pairs.add_argument("--grace", type=float, default=2, help="seconds to wait for late messages")
    p_pairs.add_argument("--procs", type=int, default=2)
    args = parser.parse_args()
    if args.pairs < 1 or args.procs < 1 or args.rate <= 0 or not 0 < args.duration <= 3600:
        parser.error("--pairs and --procs must be >= 1, --rate > 0, --duration in (0, 3600]")
    pairs(args)


if __name__ == "__main__":
    main()
