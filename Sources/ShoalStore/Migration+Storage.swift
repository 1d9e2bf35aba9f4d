extension Migration {
    /// Nakama's `storage` table (protocol.md §8): one row per (collection, key, owner), the value as JSONB,
    /// its MD5 version and permissions; indexes serve listing by (read, key, user_id) across owners and per owner.
    static let storage = Migration(version: 2, name: "storage", sql: """
        CREATE TABLE IF NOT EXISTS storage (
            collection  VARCHAR(128) NOT NULL,
            key         VARCHAR(128) NOT NULL,
            user_id     UUID         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            value       JSONB        NOT NULL DEFAULT '{}',
            version     VARCHAR(32)  NOT NULL,
            read        SMALLINT     NOT NULL DEFAULT 1 CHECK (read >= 0 AND read <= 2),
            write       SMALLINT     NOT NULL DEFAULT 1 CHECK (write >= 0 AND write <= 1),
            create_time TIMESTAMPTZ  NOT NULL DEFAULT now(),
            update_time TIMESTAMPTZ  NOT NULL DEFAULT now(),
            PRIMARY KEY (collection, key, user_id)
        );
        CREATE INDEX IF NOT EXISTS storage_collection_read_key_user_id_idx ON storage (collection, read, key, user_id);
        CREATE INDEX IF NOT EXISTS storage_collection_user_id_read_key_idx ON storage (collection, user_id, read, key);
        CREATE INDEX IF NOT EXISTS storage_user_id_idx ON storage (user_id);
        """)
}
