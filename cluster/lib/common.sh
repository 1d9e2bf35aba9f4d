# shellcheck shell=bash
# Shared settings of the cluster/ scripts. A local cluster lives in $SHOAL_CLUSTER_DIR (default
# /tmp/shoal-cluster, short enough for PostgreSQL's unix socket and reachable by the postgres user):
#   postgres/      the shared PostgreSQL, on 127.0.0.1:$SHOAL_CLUSTER_PG_PORT (default 7440)
#   key            the generated cluster.key
#   nodeI/         node I's data_dir;  nodeI.log its JSON log;  nodeI.pid its process id
# Node I (1-based) serves HTTP/WebSocket on 127.0.0.1:(SHOAL_CLUSTER_HTTP_BASE+I-1, default base 7350)
# and gossips on UDP 127.0.0.1:(SHOAL_CLUSTER_GOSSIP_BASE+I-1, default base 7450).
SHOAL_CLUSTER_DIR=${SHOAL_CLUSTER_DIR:-/tmp/shoal-cluster}
SHOAL_CLUSTER_PG_PORT=${SHOAL_CLUSTER_PG_PORT:-7440}
SHOAL_CLUSTER_HTTP_BASE=${SHOAL_CLUSTER_HTTP_BASE:-7350}
SHOAL_CLUSTER_GOSSIP_BASE=${SHOAL_CLUSTER_GOSSIP_BASE:-7450}

shoal_cluster_http_port() { echo $((SHOAL_CLUSTER_HTTP_BASE + $1 - 1)); }
shoal_cluster_gossip_port() { echo $((SHOAL_CLUSTER_GOSSIP_BASE + $1 - 1)); }

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
