extension ConfigKey {
    /// Every key Shoal understands, in the order of the example file.
    static let all: [ConfigKey] = [
        .string("name", \.name, "Node name, unique in the cluster and the suffix of authoritative match IDs.",
                check: nodeNameProblem),
        .string("data_dir", \.dataDir, "Directory for the node's data: modules and the embedded database.",
                check: nonEmpty),
        .int("shutdown_grace_sec", \.shutdownGraceSec, 0...Int.max,
             "Seconds to let matches and requests finish on shutdown before closing."),

        .choice("logger.level", \.logger.level, "Lowest log level written: debug, info, warn or error."),
        .choice("logger.format", \.logger.format, "Log line format; only json is supported."),

        .list("database.address", \.database.addresses,
              "PostgreSQL server (URL or user:password@host:port/db); repeat for several. "
                  + "Empty runs an embedded PostgreSQL under <data_dir>/postgres.",
              secret: .addressPasswords, check: nonEmptyEntry),
        .int("database.max_open_conns", \.database.maxOpenConns, 0...Int.max,
             "Maximum open database connections; 0 means one per request worker.",
             resolved: { $0.databaseConnectionCount }),
        .int("database.conn_max_lifetime_ms", \.database.connMaxLifetimeMs, 0...Int.max,
             "Milliseconds after which a database connection is replaced; 0 keeps connections forever."),

        .string("socket.server_key", \.socket.serverKey, "Key clients use (Basic auth) to authenticate.",
                secret: .whole, check: nonEmpty),
        .string("socket.address", \.socket.address, "Address to listen on; empty means all interfaces."),
        .int("socket.port", \.socket.port, 0...65535,
             "Port for client HTTP and WebSocket connections; 0 picks a free port."),
        .int("socket.max_message_size_bytes", \.socket.maxMessageSizeBytes, 1...Int.max,
             "Largest realtime message accepted from a client, in bytes."),
        .int("socket.max_request_size_bytes", \.socket.maxRequestSizeBytes, 1...Int.max,
             "Largest HTTP request body accepted, in bytes."),
        .int("socket.read_timeout_ms", \.socket.readTimeoutMs, 1...Int.max,
             "Milliseconds allowed to read a whole HTTP request."),
        .int("socket.write_timeout_ms", \.socket.writeTimeoutMs, 1...Int.max,
             "Milliseconds allowed to write an HTTP response."),
        .int("socket.idle_timeout_ms", \.socket.idleTimeoutMs, 1...Int.max,
             "Milliseconds an idle keep-alive HTTP connection stays open."),
        .int("socket.write_wait_ms", \.socket.writeWaitMs, 1...Int.max,
             "Milliseconds a realtime write may wait before the client is considered gone."),
        .int("socket.pong_wait_ms", \.socket.pongWaitMs, 1...Int.max,
             "Milliseconds to wait for a pong before closing a realtime connection."),
        .int("socket.ping_period_ms", \.socket.pingPeriodMs, 1...Int.max,
             "Milliseconds between pings to a realtime client; must be less than socket.pong_wait_ms."),
        .int("socket.outgoing_queue_size", \.socket.outgoingQueueSize, 1...Int.max,
             "Messages queued for one client before it is disconnected as too slow."),
        .int("socket.max_connections", \.socket.maxConnections, 1...Int.max,
             "Most client connections open at once; further connections are refused."),

        .string("session.encryption_key", \.session.encryptionKey, "Key that signs session tokens.",
                secret: .whole, check: nonEmpty),
        .int("session.token_expiry_sec", \.session.tokenExpirySec, 1...Int.max,
             "Seconds a session token stays valid."),
        .string("session.refresh_encryption_key", \.session.refreshEncryptionKey,
                "Key that signs refresh tokens; must differ from session.encryption_key.",
                secret: .whole, check: nonEmpty),
        .int("session.refresh_token_expiry_sec", \.session.refreshTokenExpirySec, 1...Int.max,
             "Seconds a refresh token stays valid."),
        .bool("session.single_socket", \.session.singleSocket,
              "A user may hold one realtime socket; a new one closes the old."),
        .bool("session.single_match", \.session.singleMatch,
              "A user may be in one match; joining another leaves the old."),
        .bool("session.single_party", \.session.singleParty,
              "A user may be in one party; joining another leaves the old."),
        .bool("session.single_session", \.session.singleSession,
              "A user may hold one session; a new login invalidates older tokens."),

        .string("runtime.path", \.runtime.path, "Directory of Lua modules; empty means <data_dir>/modules.",
                resolved: { $0.runtimePath }),
        .string("runtime.http_key", \.runtime.httpKey, "Key that lets server-to-server calls reach RPCs.",
                secret: .whole, check: nonEmpty),
        .environment("runtime.env", \.runtime.env,
                     "KEY=VALUE passed to modules as ctx.env; repeat for several. Flags add to the file's entries."),
        .bool("runtime.lua_api_stacktrace", \.runtime.luaApiStacktrace,
              "Include Lua stack traces in error messages returned to clients."),
        .int("runtime.request_workers", \.runtime.requestWorkers, 0...Int.max,
             "Worker threads running requests (each with a Lua VM and a connection); 0 means 4 × cores.",
             resolved: { $0.requestWorkerCount }),
        .int("runtime.match_executors", \.runtime.matchExecutors, 0...Int.max,
             "Threads running authoritative match loops; 0 means one per core.",
             resolved: { $0.matchExecutorCount }),
        .int("runtime.worker_queue_size", \.runtime.workerQueueSize, 1...Int.max,
             "Requests waiting per worker before new ones are refused as RESOURCE_EXHAUSTED."),
        .int("runtime.lua_instruction_limit", \.runtime.luaInstructionLimit, 1...Int.max,
             "Lua instructions one call may run before it is stopped."),
        .int("runtime.lua_memory_limit_bytes", \.runtime.luaMemoryLimitBytes, 1...Int.max,
             "Bytes one Lua VM may allocate."),
        .int("runtime.lua_call_timeout_ms", \.runtime.luaCallTimeoutMs, 1...Int.max,
             "Milliseconds one Lua call may run before the watchdog stops it."),

        .int("matchmaker.max_tickets", \.matchmaker.maxTickets, 1...Int.max,
             "Matchmaker tickets one session (or party) may hold at once."),
        .int("matchmaker.interval_sec", \.matchmaker.intervalSec, 1...Int.max,
             "Seconds between matchmaker passes."),
        .int("matchmaker.max_intervals", \.matchmaker.maxIntervals, 1...Int.max,
             "Passes a ticket waits for its ideal count before the minimum count is accepted."),

        .int("cluster.gossip_port", \.cluster.gossipPort, 0...65535,
             "UDP port for cluster gossip, also the TCP port of links between nodes; 0 picks a free port."),
        .list("cluster.join", \.cluster.join, "host:port of a node to join at start; repeat for several.",
              check: hostPortProblem),
        .string("cluster.key", \.cluster.key, "Shared key that authenticates gossip and links between nodes.",
                secret: .whole),
        .int("cluster.probe_interval_ms", \.cluster.probeIntervalMs, 1...Int.max,
             "Milliseconds between failure-detector probes."),
        .int("cluster.probe_timeout_ms", \.cluster.probeTimeoutMs, 1...Int.max,
             "Milliseconds to wait for a probe reply; must be less than cluster.probe_interval_ms."),
        .int("cluster.suspicion_mult", \.cluster.suspicionMult, 1...Int.max,
             "Multiplier of the probe interval a suspect node has to refute before it is declared dead."),
    ]

    /// Keys by dotted name.
    static let byName: [String: ConfigKey] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
}

// MARK: - Checks

extension ConfigKey {
    private static func nonEmpty(_ text: String) -> String? {
        text.isEmpty ? "must not be empty" : nil
    }

    private static func nonEmptyEntry(_ text: String) -> String? {
        text.isEmpty ? "entries must not be empty" : nil
    }

    private static func nodeNameProblem(_ name: String) -> String? {
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                || scalar == "_" || scalar == "." || scalar == "-")
        }
        guard (1...64).contains(name.count), allowed else {
            return "must be 1 to 64 characters of A-Z, a-z, 0-9, '_', '.' or '-', got '\(name)'"
        }
        return nil
    }

    private static func hostPortProblem(_ entry: String) -> String? {
        guard let colon = entry.lastIndex(of: ":"), colon != entry.startIndex,
              let port = Int(entry[entry.index(after: colon)...]), (1...65535).contains(port) else {
            return "entries must be host:port with a port from 1 to 65535, got '\(entry)'"
        }
        return nil
    }
}
