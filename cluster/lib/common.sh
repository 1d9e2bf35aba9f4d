# shellcheck shell=bash
# Shared settings of the cluster/ scripts. A local cluster lives in $SHOAL_CLUSTER_DIR (default
# /tmp/shoal-cluster, short enough for PostgreSQL's unix socket and reachable by the postgres user):
#   postgres/      the shared PostgreSQL, on 127.0.0.1:$SHOAL_CLUSTER_PG_PORT (default 7440)
#   key            the generated cluster.key
#   nodeI/         node I's data_dir;  nodeI.log its JSON log;  nodeI.pid its process id
# Node I (1-based) serves HTTP/WebSocket on 127.0.0.1:(SHOAL_CLUSTER_HTTP_BASE+I-1, default base 7350)
# and gossips on UDP 127.0.0.1:(SHOAL_CLUSTER_GOSSIP_BASE+I-1, default base 7450).
#
# With SHOAL_CLUSTER_NETNS=PREFIX (recorded in $SHOAL_CLUSTER_DIR/netns and /subnet by cluster/up, so later
# commands need not repeat it) node I runs instead in network namespace PREFIX-nI at
# $SHOAL_CLUSTER_SUBNET.I (default 10.77.0.I), behind a bridge in namespace PREFIX-hub; the nodes reach
# PostgreSQL through its unix socket. cluster/lib/netns builds, tears down and faults that network.
SHOAL_CLUSTER_DIR=${SHOAL_CLUSTER_DIR:-/tmp/shoal-cluster}
if [[ -z ${SHOAL_CLUSTER_NETNS:-} && -f $SHOAL_CLUSTER_DIR/netns ]]; then
    SHOAL_CLUSTER_NETNS=$(cat "$SHOAL_CLUSTER_DIR/netns")
fi
if [[ -z ${SHOAL_CLUSTER_SUBNET:-} && -f $SHOAL_CLUSTER_DIR/subnet ]]; then
    SHOAL_CLUSTER_SUBNET=$(cat "$SHOAL_CLUSTER_DIR/subnet")
fi
SHOAL_CLUSTER_NETNS=${SHOAL_CLUSTER_NETNS:-}
SHOAL_CLUSTER_SUBNET=${SHOAL_CLUSTER_SUBNET:-10.77.0}
SHOAL_CLUSTER_PG_PORT=${SHOAL_CLUSTER_PG_PORT:-7440}
SHOAL_CLUSTER_HTTP_BASE=${SHOAL_CLUSTER_HTTP_BASE:-7350}
SHOAL_CLUSTER_GOSSIP_BASE=${SHOAL_CLUSTER_GOSSIP_BASE:-7450}

shoal_cluster_http_port() { echo $((SHOAL_CLUSTER_HTTP_BASE + $1 - 1)); }
shoal_cluster_gossip_port() { echo $((SHOAL_CLUSTER_GOSSIP_BASE + $1 - 1)); }

# Node I's network namespace (empty on loopback), the address it binds and advertises, and a command
# run in its namespace.
shoal_cluster_netns() { [[ -z $SHOAL_CLUSTER_NETNS ]] || echo "$SHOAL_CLUSTER_NETNS-n$1"; }
shoal_cluster_address() {
    if [[ -n $SHOAL_CLUSTER_NETNS ]]; then echo "$SHOAL_CLUSTER_SUBNET.$1"; else echo 127.0.0.1; fi
}
shoal_cluster_exec() {
    local i=$1
    shift
    if [[ -n $SHOAL_CLUSTER_NETNS ]]; then
        ip netns exec "$(shoal_cluster_netns "$i")" "$@"
    else
        "$@"
    fi
}

# Node numbers with a pid file, in order.
shoal_cluster_nodes() {
    local file
    for file in "$SHOAL_CLUSTER_DIR"/node*.pid; do
        [[ -f $file ]] || continue
        file=${file##*/node}
        echo "${file%.pid}"
    done | sort -n
}

shoal_cluster_pid_alive() {
    local pid
    pid=$(cat "$SHOAL_CLUSTER_DIR/node$1.pid" 2>/dev/null) || return 1
    kill -0 "$pid" 2>/dev/null
}
