import ShoalPostgres

/// Applies and reports the embedded migrations; one advisory lock makes concurrent nodes apply each step once.
package struct Migrator {
    package struct Status: Sendable, Equatable {
        package var applied: [Int]
        package var pending: [Migration.Name]
        package var isCurrent: Bool { pending.isEmpty }
    }

    private let connection: PGConnection
    private static let lockKey: Int64 = 0x5348_4F41_4C00  // "SHOAL"

    package init(connection: PGConnection) { self.connection = connection }

    package func status() throws -> Status {
        let applied = try appliedVersions()
        let pending = Migrations.all.filter { !applied.contains($0.version) }.map { Migration.Name($0) }
        return Status(applied: applied.sorted(), pending: pending)
    }

    /// Applies every pending migration; returns the ones it applied.
    @discardableResult
    package func up() throws -> [Migration.Name] {
        try connection.query("SELECT pg_advisory_lock($1)", [.int(Migrator.lockKey)])
        defer { _ = try? connection.query("SELECT pg_advisory_unlock($1)", [.int(Migrator.lockKey)]) }
        try connection.execute(script: """
            CREATE TABLE IF NOT EXISTS shoal_migration (
                version    INT         PRIMARY KEY,
                name       TEXT        NOT NULL,
                applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
            )
            """)
        let applied = try appliedVersions()
        var done: [Migration.Name] = []
        for migration in Migrations.all where !applied.contains(migration.version) {
            try connection.transaction { connection in
                try connection.execute(script: migration.sql)
                try connection.query(
                    "INSERT INTO shoal_migration (version, name) VALUES ($1, $2)",
                    [.int(Int64(migration.version)), .text(migration.name)])
            }
            done.append(Migration.Name(migration))
        }
        return done
    }

    private func appliedVersions() throws -> Set<Int> {
        let exists = try connection.query("SELECT to_regclass('shoal_migration') IS NOT NULL")
        guard exists.rows.first?.bool(0) == true else { return [] }
        let result = try connection.query("SELECT version FROM shoal_migration")
        return Set(result.rows.compactMap { $0.int(0).map(Int.init) })
    }
}

extension Migration {
    /// A migration's identity for reports: `0001_accounts_and_sessions`.
    package struct Name: Sendable, Equatable, CustomStringConvertible {
        package var version: Int
        package var name: String
        package init(_ migration: Migration) {
            version = migration.version
            name = migration.name
        }
        package var description: String {
            let digits = String(version)
            return String(repeating: "0", count: max(0, 4 - digits.count)) + digits + "_" + name
        }
    }
}
