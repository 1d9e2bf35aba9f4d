#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import ShoalAPI
import ShoalConfig
import ShoalCore
import ShoalLog
import ShoalLoop
import ShoalPostgres
import ShoalStore
import ShoalRuntime
import ShoalRuntimeLua
import ShoalLua
import ShoalAuth
import ShoalCluster
import ShoalMembership
import ShoalRouting
import Synchronization

/// One Shoal node built from a config value: database, request workers, API and the loop that serves it.
///
/// Several nodes can live in one process (tests do this): nothing here is global. `start()` returns once
/// the node answers on its port; `stop()` drains in-flight requests for up to `shutdown_grace_sec`.
package final class Node: Sendable {
    package struct Options: Sendable {
        /// Install SIGINT/SIGTERM handlers that stop the node (the CLI does; tests don't).
        package var handleSignals = false
        /// How often revocations recorded by other nodes are pulled from the database.
        package var revocationPollMilliseconds: UInt64 = 500
        /// How often a clustered node logs its gossip metrics (0: never).
        package var clusterMetricsMilliseconds: UInt64 = 10_000
        package init() {}
    }

    package let config: NodeConfig
    private let options: Options
    private let logger: Logger
    private let runtime = Mutex<Runtime?>(nil)
    private let stopped = DispatchSemaphore(value: 0)

    /// What exists while the node runs.
    private struct Runtime: @unchecked Sendable {
        var loop: Loop
        var port: Int
        var workers: WorkerPool<RequestWorker>
        var embedded: EmbeddedPostgres?
        var server: LoopBound<HTTPServer>
        var cluster: LoopBound<ClusterParts>?
    }

    /// What the loop thread hands back once it listens.
    private struct Serving: @unchecked Sendable {
        var loop: Loop
        var port: Int
        var server: LoopBound<HTTPServer>
        var cluster: LoopBound<ClusterParts>?
    }

    /// A clustered node's gossip and links, on its loop.
    final class ClusterParts {
        let gossip: GossipShell
        let router: ClusterRouter

        init(gossip: GossipShell, router: ClusterRouter) {
            self.gossip = gossip
            self.router = router
        }

        /// Leaves the cluster: announced to the others unless `announce` is false (a crash drill).
        func leave(announce: Bool) {
            if announce { gossip.leave() }
        }

        func close() {
            gossip.close()
            router.links.close()
        }
    }

    package init(config: NodeConfig, logger: Logger, options: Options = Options()) {
        self.config = config
        self.logger = logger
        self.options = options
    }

    /// This node's view of the cluster (empty when `cluster.key` is not set), updated as gossip changes it.
    private let clusterView = ClusterView()

    /// Every member this node knows, itself included, with its status.
    package var clusterMembers: [Member] { clusterView.members }

    /// The UDP port gossip listens on, which is also the TCP port of node-to-node links (useful with
    /// `cluster.gossip_port` 0); 0 without a cluster.
    package var gossipPort: Int { clusterView.port }

    /// The other nodes this node has an up link with, sorted.
    package var linkedPeers: [String] { clusterView.linked }

    /// The port the node listens on (useful with `socket.port` 0).
    package var port: Int { runtime.withLock { $0?.port ?? 0 } }

    /// Prepares the database and starts serving; throws `NodeError` when the node cannot start.
    package func start() throws {
        // A peer that vanishes mid-write must cost one connection, not the process: writes to a closed
        // socket then fail with EPIPE instead of raising SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        var embeddedServer: EmbeddedPostgres?
        let conninfo: String
        if let address = config.database.addresses.first {
            conninfo = try PostgresAddress.conninfo(from: address)
            try Node.requireMigrated(conninfo: conninfo, address: address)
        } else {
            let directory = config.dataDir + "/postgres"
            let server = EmbeddedPostgres(directory: directory, log: { [logger] line in logger.info(line) })
            conninfo = try server.start()
            embeddedServer = server
            logger.info("embedded postgres started", [("directory", server.directory)])
        }
        let revocations = RevocationCache()
        do {
            if embeddedServer != nil { try Node.migrate(conninfo: conninfo, logger: logger) }
            try Node.loadRevocations(into: revocations, conninfo: conninfo)
        } catch {
            embeddedServer?.stop()
            throw error
        }
        let lua: LuaRuntime?
        do {
            lua = try Node.loadRuntime(config: config, conninfo: conninfo, revocations: revocations, logger: logger)
        } catch {
            embeddedServer?.stop()
            throw error
        }
        let delivery = LiveNotificationDelivery()
        let streams = HubStreams()
        let api = API(
            config: config, revocations: revocations, registry: lua?.registry ?? RuntimeRegistry(), logger: logger,
            notificationDelivery: delivery)
        let workerLogger = logger
        let lifetime = UInt64(config.database.connMaxLifetimeMs)
        let sessionConfig = config.session
        let workers = WorkerPool<RequestWorker>(
            name: "shoal-worker", threads: Node.workerCount(config), queueLimit: config.runtime.workerQueueSize
        ) { _ in
            let worker = RequestWorker(conninfo: conninfo, maxLifetimeMilliseconds: lifetime, logger: workerLogger)
            if let lua {
                let services = ServerRuntimeServices(
                    sessions: SessionIssuer(config: sessionConfig), revocations: revocations, notificationDelivery: delivery,
                    streams: streams, database: { [unowned worker] in try worker.database() })
                do {
                    worker.runtime = try lua.makeInstance(services: services)
                } catch {
                    workerLogger.error("worker could not load the runtime modules", [("error", "\(error)")])
                }
            }
            return worker
        }

        let ready = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<Serving, any Error>?>(nil)
        let options = self.options
        let config = self.config
        let logger = self.logger
        let stopped = self.stopped
        spawnThread { [self] in
            let loop: Loop
            let server: HTTPServer
            let port: Int
            do {
                loop = try Loop()
                server = HTTPServer(api: api, loop: loop, workers: workers, config: config, logger: logger)
                port = try server.start(host: config.socket.address.isEmpty ? "0.0.0.0" : config.socket.address,
                                        port: config.socket.port)
            } catch {
                outcome.withLock { $0 = .failure(NodeError("cannot listen on \(config.socket.address):\(config.socket.port): \(error)")) }
                ready.signal()
                return
            }
            let bound = LoopBound(server, loop: loop)
            if let hub = server.realtime {
                delivery.attach(LoopBound(hub, loop: loop))
                streams.attach(LoopBound(hub, loop: loop))
            }
            let poller = RevocationPoller(
                loop: loop, workers: workers, cache: revocations, intervalMilliseconds: options.revocationPollMilliseconds)
            poller.start()
            var cluster: ClusterParts?
            if !config.cluster.key.isEmpty, let hub = server.realtime {
                do {
                    let parts = try Node.startCluster(config: config, loop: loop, logger: logger, view: clusterView, hub: hub)
                    parts.gossip.reportMetrics(everyMilliseconds: options.clusterMetricsMilliseconds)
                    let router = LoopBound(parts.router, loop: loop)
                    revocations.onRecord { changes in
                        router.loop.execute { router.value.publish(.sessionsRevoked(changes.map(RealtimeHub.revocation))) }
                    }
                    cluster = parts
                } catch {
                    outcome.withLock { $0 = .failure(NodeError("cannot start cluster gossip on port \(config.cluster.gossipPort): \(error)")) }
                    server.closeAll()
                    loop.stop()
                    loop.run()
                    ready.signal()
                    return
                }
            }
            var signals: [SignalWatcher] = []
            if options.handleSignals {
                for signal in [SIGINT, SIGTERM] {
                    if let watcher = try? SignalWatcher(loop: loop, signal: signal, { [self] in
                        logger.info("signal received, shutting down", [("signal", String(signal))])
                        self.beginStop()
                    }) {
                        signals.append(watcher)
                    }
                }
            }
            outcome.withLock {
                $0 = .success(Serving(loop: loop, port: port, server: bound, cluster: cluster.map { LoopBound($0, loop: loop) }))
            }
            ready.signal()
            loop.run()
            withExtendedLifetime((server, poller, signals)) {}
            stopped.signal()
        }
        ready.wait()
        switch outcome.withLock({ $0 })! {
        case .failure(let error):
            workers.shutdown()
            embeddedServer?.stop()
            throw error
        case .success(let serving):
            let state = Runtime(
                loop: serving.loop, port: serving.port, workers: workers, embedded: embeddedServer, server: serving.server,
                cluster: serving.cluster)
            runtime.withLock { $0 = state }
            logger.info("node started", [("port", String(state.port)), ("workers", String(Node.workerCount(config)))])
        }
    }

    /// Blocks until the node has stopped (after `stop()` or a signal).
    package func waitUntilStopped() {
        stopped.wait()
        stopped.signal()
    }

    /// Graceful stop: stop accepting, let in-flight requests finish within the grace period, then close.
    package func stop() {
        beginStop()
        waitUntilStopped()
    }

    /// Stops at once without telling the cluster, which then finds this node dead as after a crash
    /// (fault drills and tests): links and sockets close, gossip goes silent.
    package func stopWithoutLeaving() {
        guard let state = runtime.withLock({ $0 }) else { return }
        state.loop.execute {
            state.cluster?.value.close()
        }
        beginStop(graceMilliseconds: 0, announceLeave: false)
        waitUntilStopped()
    }

    private func beginStop(
        graceMilliseconds: UInt64? = nil, announceLeave: Bool = true
    ) {
        guard let state = runtime.withLock({ $0 }) else { return }
        let graceMilliseconds = graceMilliseconds ?? UInt64(max(0, config.shutdownGraceSec)) * 1000
        let logger = self.logger
        state.loop.execute {
            let server = state.server.value
            guard !server.isDraining else { return }
            server.beginDrain()
            state.cluster?.value.leave(announce: announceLeave)
            let deadline = state.loop.now + graceMilliseconds
            let timer = Timer(loop: state.loop)
            let finish: () -> Void = {
                state.cluster?.value.close()
                server.closeAll()
                timer.close()
                // Workers first: their answers would be posted to a loop that no longer runs.
                state.workers.shutdown()
                state.embedded?.stop()
                logger.info("node stopped")
                state.loop.stop()
            }
            timer.start(afterMilliseconds: 20, repeatMilliseconds: 20) {
                if server.openConnectionCount == 0 || state.loop.now >= deadline { finish() }
            }
        }
    }

    /// Each request worker owns one connection, so `database.max_open_conns` also caps the workers.
    static func workerCount(_ config: NodeConfig) -> Int {
        min(config.requestWorkerCount, config.databaseConnectionCount)
    }

    /// Loads the Lua modules of `runtime.path`, if any: nil when there are none. A module that fails to
    /// compile or run stops the node with its file, line and message.
    package static func loadRuntime(
        config: NodeConfig, conninfo: String?, revocations: RevocationCache, logger: Logger
    ) throws -> LuaRuntime? {
        let modules: [LuaModuleSource]
        do {
            modules = try LuaModuleSource.scan(root: config.runtimePath)
        } catch {
            throw NodeError("\(error)")
        }
        guard !modules.isEmpty else { return nil }
        var boot: PGConnection?
        defer { boot?.close() }
        let services = ServerRuntimeServices(
            sessions: SessionIssuer(config: config.session), revocations: revocations,
            database: {
                if let boot { return boot }
                guard let conninfo else {
                    throw APIError(.unavailable, "no database during a check; pass --database.address to use one")
                }
                let connection = try PGConnection(conninfo: conninfo)
                boot = connection
                return connection
            })
        let settings = LuaRuntimeSettings(
            node: config.name, env: config.runtime.env,
            limits: LuaLimits(
                instructionLimit: config.runtime.luaInstructionLimit, memoryLimitBytes: config.runtime.luaMemoryLimitBytes,
                callTimeoutMilliseconds: config.runtime.luaCallTimeoutMs),
            includeStacktrace: config.runtime.luaApiStacktrace)
        do {
            let runtime = try LuaRuntime(modules: modules, settings: settings, bootServices: services, logger: logger)
            logger.info("lua modules loaded", [("modules", String(modules.count)), ("path", config.runtimePath)])
            return runtime
        } catch {
            throw NodeError("\(error)")
        }
    }

    /// Starts the cluster parts when a cluster is configured (`cluster.key` set): gossip on UDP
    /// `cluster.gossip_port` and node-to-node links on TCP at the same port number, both on
    /// `socket.address` (all interfaces when empty, advertised as 127.0.0.1); then joins `cluster.join`.
    static func startCluster(config: NodeConfig, loop: Loop, logger: Logger, view: ClusterView, hub: RealtimeHub) throws
        -> ClusterParts
    {
        var settings = MembershipSettings()
        settings.protocolPeriod = Milliseconds(config.cluster.probeIntervalMs)
        settings.probeTimeout = Milliseconds(config.cluster.probeTimeoutMs)
        settings.suspicionMultiplier = config.cluster.suspicionMult
        let host = config.socket.address
        let bindHost = host.isEmpty ? "0.0.0.0" : host
        // With port 0 the UDP port is picked first; its number may be taken for TCP, so a few tries.
        var attempt = 0
        let (shell, links): (GossipShell, PeerLinks)
        while true {
            attempt += 1
            let gossip = try GossipShell(
                loop: loop, name: config.name, bindHost: bindHost, advertiseHost: host.isEmpty ? "127.0.0.1" : host,
                port: config.cluster.gossipPort, key: config.cluster.key, settings: settings, logger: logger)
            do {
                let peerLinks = try PeerLinks(
                    loop: loop, name: config.name, key: config.cluster.key, bindHost: bindHost, port: gossip.port, logger: logger)
                (shell, links) = (gossip, peerLinks)
                break
            } catch {
                gossip.close()
                if config.cluster.gossipPort != 0 || attempt >= 5 { throw error }
            }
        }
        let router = ClusterRouter(links: links, hub: hub, logger: logger)
        hub.outbox = router
        view.port = shell.port
        router.onLinksChanged = { view.linked = $0 }
        shell.metricFields = { [unowned router] in router.metricFields }
        let seeds = config.cluster.join.compactMap(ClusterConfig.seed).map { NodeAddress(host: $0.host, port: $0.port) }
        shell.onMembersChanged = { [unowned shell, unowned router] in
            view.members = shell.members
            router.membersChanged(shell.members)
        }
        shell.start(seeds: seeds)
        view.members = shell.members
        router.membersChanged(shell.members)
        return ClusterParts(gossip: shell, router: router)
    }

    // MARK: Database preparation

    /// Refuses an external database that lacks migrations, naming the command that fixes it.
    static func requireMigrated(conninfo: String, address: String) throws {
        let connection: PGConnection
        do {
            connection = try PGConnection(conninfo: conninfo)
        } catch {
            throw NodeError("cannot connect to database \(address): \(error)")
        }
        defer { connection.close() }
        let status = try Migrator(connection: connection).status()
        guard status.isCurrent else {
            let pending = status.pending.map(\.description).joined(separator: ", ")
            throw NodeError(
                "database is not migrated (pending: \(pending)); run: shoal migrate up --database.address \(address)")
        }
    }

    static func migrate(conninfo: String, logger: Logger) throws {
        let connection = try PGConnection(conninfo: conninfo)
        defer { connection.close() }
        for name in try Migrator(connection: connection).up() {
            logger.info("migration applied", [("migration", name.description)])
        }
    }

    static func loadRevocations(into cache: RevocationCache, conninfo: String) throws {
        let connection = try PGConnection(conninfo: conninfo)
        defer { connection.close() }
        let snapshot = try SessionStore(connection: connection).snapshot(now: API.unixTime())
        cache.apply(snapshot.changes)
        cache.advance(cursorMicroseconds: snapshot.cursor)
    }
}

/// Starts a detached thread running `body`.
func spawnThread(_ body: @escaping @Sendable () -> Void) {
    final class Box: @unchecked Sendable {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    let box = Unmanaged.passRetained(Box(body)).toOpaque()
    var thread = pthread_t()
    let result = pthread_create(&thread, nil, { raw in
        let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
        box.body()
        return nil
    }, box)
    precondition(result == 0, "pthread_create failed: \(result)")
    pthread_detach(thread)
}
