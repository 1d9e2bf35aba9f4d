/// The `database` section: which PostgreSQL servers to use and how many connections to hold.
///
/// An empty `addresses` means the node runs its own embedded PostgreSQL (see
/// `NodeConfig.embeddedPostgresDir`). Addresses may carry passwords and MUST only be logged through
/// `ConfigLoader.describe`, which masks them.
package struct DatabaseConfig: Sendable, Equatable {
    /// `database.address`: libpq URLs or `user:password@host:port/db` forms, first one primary.
    package var addresses: [String] = []
    /// 0 means one connection per request worker.
    package var maxOpenConns: Int = 0
    package var connMaxLifetimeMs: Int = 3_600_000

    package init() {}
}
