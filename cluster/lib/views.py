"""Member views of local-cluster nodes, replayed from their JSON logs.

Each `configuration` line starts a new run of the node (its view starts empty); each
`cluster member changed` line sets one member's status; `peer link up` / `peer link down` lines set
whether its TCP link to a peer is up; `cluster metrics` lines are kept as the latest figures. Times are the log's own timestamps, as seconds since the epoch.
"""
import calendar
import json
import time


def parse_ts(text):
    seconds = calendar.timegm(time.strptime(text[:19], "%Y-%m-%dT%H:%M:%S"))
    return seconds + int(text[20:23]) / 1000


class NodeLog:
    def __init__(self, path):
        self.view = {}          # member name -> (status, address, changed_at)
        self.metrics = None
        self.events = []        # (time, member, status) of the current run
        self.links = {}         # peer name -> whether its peer link is up
        try:
            with open(path, errors="replace") as log:
                for line in log:
                    self._take(line)
        except FileNotFoundError:
            pass

    def _take(self, line):
        try:
            entry = json.loads(line)
        except ValueError:
            return
        message = entry.get("msg")
        if message == "configuration":
            self.view, self.events, self.metrics, self.links = {}, [], None, {}
        elif message == "cluster member changed":
            at = parse_ts(entry["ts"])
            self.view[entry["member"]] = (entry["status"], entry["address"], at)
            self.events.append((at, entry["member"], entry["status"]))
        elif message in ("peer link up", "peer link down"):
            self.links[entry.get("peer")] = message == "peer link up"
        elif message == "cluster metrics":
            self.metrics = entry

    def status_of(self, member):
        return self.view.get(member, (None,))[0]

    def first(self, member, status, after):
        """When this run first logged `member` as `status` at or after `after`, else None."""
        for at, name, seen in self.events:
            if name == member and seen == status and at >= after:
                return at
        return None
