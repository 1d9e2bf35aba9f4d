/// One schema step shipped inside the binary; applied in `version` order, each in its own transaction.
package struct Migration: Sendable {
    package var version: Int
    package var name: String
    package var sql: String
}

/// Every migration Shoal knows, oldest first. Later features append; applied steps are never edited.
package enum Migrations {
    package static let all: [Migration] = [
        Migration(version: 1, name: "accounts_and_sessions", sql: """
            CREATE TABLE IF NOT EXISTS users (
                id            UUID         PRIMARY KEY,
                username      VARCHAR(128) NOT NULL CONSTRAINT users_username_key UNIQUE,
                display_name  VARCHAR(255),
                avatar_url    VARCHAR(512),
                lang_tag      VARCHAR(18)  NOT NULL DEFAULT 'en',
                location      VARCHAR(255),
                timezone      VARCHAR(255),
                metadata      JSONB        NOT NULL DEFAULT '{}',
                wallet        JSONB        NOT NULL DEFAULT '{}',
                email         VARCHAR(255) CONSTRAINT users_email_key UNIQUE,
                password      BYTEA        CHECK (length(password) < 32000),
                facebook_id   VARCHAR(128) CONSTRAINT users_facebook_id_key UNIQUE,
                google_id     VARCHAR(128) CONSTRAINT users_google_id_key UNIQUE,
                gamecenter_id VARCHAR(128) CONSTRAINT users_gamecenter_id_key UNIQUE,
                steam_id      VARCHAR(128) CONSTRAINT users_steam_id_key UNIQUE,
                custom_id     VARCHAR(128) CONSTRAINT users_custom_id_key UNIQUE,
                apple_id      VARCHAR(128) CONSTRAINT users_apple_id_key UNIQUE,
                facebook_instant_game_id VARCHAR(128) CONSTRAINT users_facebook_instant_game_id_key UNIQUE,
                edge_count    INT          NOT NULL DEFAULT 0 CHECK (edge_count >= 0),
                create_time   TIMESTAMPTZ  NOT NULL DEFAULT now(),
                update_time   TIMESTAMPTZ  NOT NULL DEFAULT now(),
                verify_time   TIMESTAMPTZ  NOT NULL DEFAULT '1970-01-01 00:00:00 UTC',
                disable_time  TIMESTAMPTZ  NOT NULL DEFAULT '1970-01-01 00:00:00 UTC'
            );
            INSERT INTO users (id, username) VALUES ('00000000-0000-0000-0000-000000000000', '')
                ON CONFLICT (id) DO NOTHING;
            CREATE TABLE IF NOT EXISTS user_device (
                id          VARCHAR(128) PRIMARY KEY,
                user_id     UUID         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                preferences JSONB        NOT NULL DEFAULT '{}',
                UNIQUE (user_id, id)
            );
            CREATE TABLE IF NOT EXISTS user_tombstone (
                user_id     UUID        PRIMARY KEY,
                create_time TIMESTAMPTZ NOT NULL DEFAULT now()
            );
            CREATE TABLE IF NOT EXISTS session_revocation (
                token_id    UUID        PRIMARY KEY,
                user_id     UUID        NOT NULL,
                expires_at  BIGINT      NOT NULL,
                create_time TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
            );
            CREATE INDEX IF NOT EXISTS session_revocation_create_time_idx ON session_revocation (create_time);
            CREATE TABLE IF NOT EXISTS session_user_floor (
                user_id     UUID        PRIMARY KEY,
                not_before  BIGINT      NOT NULL,
                update_time TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
            );
            CREATE INDEX IF NOT EXISTS session_user_floor_update_time_idx ON session_user_floor (update_time);
            """),
        .storage,
        Migration(version: 3, name: "friends_notifications_messages", sql: """
            CREATE TABLE IF NOT EXISTS user_edge (
                source_id      UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE
                               CHECK (source_id <> '00000000-0000-0000-0000-000000000000'),
                position       BIGINT      NOT NULL,
                update_time    TIMESTAMPTZ NOT NULL DEFAULT now(),
                destination_id UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE
                               CHECK (destination_id <> '00000000-0000-0000-0000-000000000000'),
                state          SMALLINT    NOT NULL DEFAULT 0,
                metadata       JSONB       NOT NULL DEFAULT '{}',
                PRIMARY KEY (source_id, state, position),
                UNIQUE (source_id, destination_id)
            );
            CREATE INDEX IF NOT EXISTS user_edge_destination_id_idx ON user_edge (destination_id);
            CREATE TABLE IF NOT EXISTS notification (
                id          UUID         NOT NULL CONSTRAINT notification_id_key UNIQUE,
                user_id     UUID         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                subject     VARCHAR(255) NOT NULL,
                content     JSONB        NOT NULL DEFAULT '{}',
                code        SMALLINT     NOT NULL,
                sender_id   UUID         NOT NULL,
                create_time TIMESTAMPTZ  NOT NULL DEFAULT now(),
                PRIMARY KEY (user_id, create_time, id)
            );
            CREATE TABLE IF NOT EXISTS message (
                id                UUID         NOT NULL UNIQUE,
                code              SMALLINT     NOT NULL DEFAULT 0,
                sender_id         UUID         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                username          VARCHAR(128) NOT NULL,
                stream_mode       SMALLINT     NOT NULL,
                stream_subject    UUID         NOT NULL,
                stream_descriptor UUID         NOT NULL,
                stream_label      VARCHAR(128) NOT NULL,
                content           JSONB        NOT NULL DEFAULT '{}',
                create_time       TIMESTAMPTZ  NOT NULL DEFAULT now(),
                update_time       TIMESTAMPTZ  NOT NULL DEFAULT now(),
                PRIMARY KEY (stream_mode, stream_subject, stream_descriptor, stream_label, create_time, id),
                UNIQUE (sender_id, id)
            );
            """),
        groups,
        Migration(version: 5, name: "wallet_ledger", sql: """
            CREATE TABLE IF NOT EXISTS wallet_ledger (
                id          UUID        NOT NULL CONSTRAINT wallet_ledger_id_key UNIQUE,
                user_id     UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                changeset   JSONB       NOT NULL,
                metadata    JSONB       NOT NULL DEFAULT '{}',
                create_time TIMESTAMPTZ NOT NULL DEFAULT now(),
                update_time TIMESTAMPTZ NOT NULL DEFAULT now(),
                PRIMARY KEY (user_id, create_time, id)
            );
            """),
    ]

    package static var latestVersion: Int { all.last?.version ?? 0 }
}
