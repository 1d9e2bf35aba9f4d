extension Migrations {
    /// Groups and memberships (protocol §8). `group_edge` holds two rows per relation, group → user and
    /// user → group, with Nakama's states 0–4; `edge_count` counts states 0–2 and never exceeds `max_count`.
    static let groups = Migration(version: 4, name: "groups", sql: """
        CREATE TABLE IF NOT EXISTS groups (
            id           UUID         NOT NULL CONSTRAINT groups_id_key UNIQUE,
            creator_id   UUID         NOT NULL,
            name         VARCHAR(255) NOT NULL CONSTRAINT groups_name_key UNIQUE,
            description  VARCHAR(255),
            avatar_url   VARCHAR(512),
            lang_tag     VARCHAR(18)  NOT NULL DEFAULT 'en',
            metadata     JSONB        NOT NULL DEFAULT '{}',
            state        SMALLINT     NOT NULL DEFAULT 0 CHECK (state >= 0),
            edge_count   INT          NOT NULL DEFAULT 0 CHECK (edge_count >= 0),
            max_count    INT          NOT NULL DEFAULT 100 CHECK (max_count >= 1),
            create_time  TIMESTAMPTZ  NOT NULL DEFAULT now(),
            update_time  TIMESTAMPTZ  NOT NULL DEFAULT now(),
            disable_time TIMESTAMPTZ  NOT NULL DEFAULT '1970-01-01 00:00:00 UTC',
            CONSTRAINT groups_edge_count_max CHECK (edge_count <= max_count),
            PRIMARY KEY (disable_time, lang_tag, edge_count, id)
        );
        CREATE INDEX IF NOT EXISTS groups_lower_name_idx ON groups (lower(name) text_pattern_ops);
        CREATE TABLE IF NOT EXISTS group_edge (
            source_id      UUID        NOT NULL,
            position       BIGINT      NOT NULL,
            update_time    TIMESTAMPTZ NOT NULL DEFAULT now(),
            destination_id UUID        NOT NULL,
            state          SMALLINT    NOT NULL DEFAULT 0 CHECK (state >= 0 AND state <= 4),
            PRIMARY KEY (source_id, state, position),
            UNIQUE (source_id, destination_id)
        );
        CREATE INDEX IF NOT EXISTS group_edge_destination_id_idx ON group_edge (destination_id);
        """)
}
