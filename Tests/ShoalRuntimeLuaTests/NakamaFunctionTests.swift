import ShoalAuth
import ShoalJSON
import ShoalTestSupport
import Testing

/// Each `nk` function of the first runtime set, called from Lua through a real node and database.
@Suite struct NakamaFunctionTests {
    static let modules = [
        "functions.lua": """
            local nk = require("nakama")
            local M = {}

            function M.encoding()
              local decoded = nk.json_decode('{"b":[1,2.5,"x",true],"a":{"n":null}}')
              return {
                json = nk.json_encode({b = 2, a = {1, 2, 3}, c = {}}),
                decoded_b2 = decoded.b[2], decoded_b4 = decoded.b[4], decoded_n = decoded.a.n == nil,
                b64 = nk.base64_encode("hello?"), b64_back = nk.base64_decode("aGVsbG8/"),
                b64url = nk.base64url_encode("hello?", false), b16 = nk.base16_encode("hi"),
                b16_back = nk.base16_decode("6869"),
                uuid_len = #nk.uuid_v4(),
                uuid_round = nk.uuid_bytes_to_string(nk.uuid_string_to_bytes("6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b")),
              }
            end

            function M.crypto()
              local hash = nk.bcrypt_hash("secret-password")
              local key16 = "0123456789abcdef"
              local key32 = "0123456789abcdef0123456789abcdef"
              return {
                md5 = nk.md5_hash("abc"), sha256 = nk.sha256_hash("abc"),
                hmac = nk.base16_encode(nk.hmac_sha256_hash("Hi There", string.rep(string.char(11), 20))),
                bcrypt_ok = nk.bcrypt_compare(hash, "secret-password"),
                bcrypt_bad = nk.bcrypt_compare(hash, "wrong-password"),
                aes128 = nk.aes128_decrypt(nk.aes128_encrypt("attack at dawn", key16), key16),
                aes256 = nk.aes256_decrypt(nk.aes256_encrypt("attack", key32), key32),
                random_len = #nk.secure_random_bytes(24),
                jwt = nk.jwt_generate("HS256", "jwt-secret", {sub = "player", exp = 4102444800}),
              }
            end

            function M.time()
              return {
                now = nk.time(),
                fixed = nk.time({year = 2024, month = 5, day = 1, hour = 10, min = 0, sec = 0}),
                next = nk.cron_next("0 0 * * 1", 1714557600),
                prev = nk.cron_prev("0 0 * * 1", 1714557600),
              }
            end

            function M.cache()
              nk.localcache_put("k", {nested = {1, 2}})
              local got = nk.localcache_get("k")
              nk.localcache_delete("k")
              return {nested2 = got.nested[2], default = nk.localcache_get("k", "dflt")}
            end

            function M.sql()
              nk.sql_exec("CREATE TABLE IF NOT EXISTS lua_sql_test (id BIGINT PRIMARY KEY, name TEXT, ok BOOLEAN, score DOUBLE PRECISION, at TIMESTAMPTZ)")
              local inserted = nk.sql_exec("INSERT INTO lua_sql_test VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name",
                {7, "seven", true, 1.5, "2024-05-01T10:00:00Z"})
              local rows = nk.sql_query("SELECT id, name, ok, score, at FROM lua_sql_test WHERE id = $1", {7})
              return {inserted = inserted, row = rows[1], count = #rows}
            end

            function M.accounts()
              local device = "lua-device-" .. nk.uuid_v4()
              local user_id, username, created = nk.authenticate_device(device, nil, true)
              local again_id, _, created_again = nk.authenticate_device(device)
              local custom_id, _, custom_created = nk.authenticate_custom("lua-custom-" .. nk.uuid_v4(), "luacustom" .. nk.uuid_v4():sub(1, 8))
              local email_id = nk.authenticate_email("lua" .. nk.uuid_v4():sub(1, 8) .. "@example.com", "password123")
              nk.account_update_id(user_id, {level = 12}, nil, "Lua Display")
              local account = nk.account_get_id(user_id)
              local by_id = nk.users_get_id({user_id, custom_id})
              local by_name = nk.users_get_username({username})
              local token, exp = nk.authenticate_token_generate(user_id, username, 0, {role = "admin"})
              return {
                created = created, created_again = created_again, same = (again_id == user_id),
                custom_created = custom_created, email_ok = #email_id == 36,
                display = account.user.display_name, level = account.user.metadata.level,
                devices = #account.devices, by_id = #by_id, by_name = by_name[1].user_id == user_id,
                token = token, exp = exp, user_id = user_id,
                logged = nk.logger_info("hello from lua"),
              }
            end

            function M.errors()
              local ok1, e1 = pcall(nk.account_get_id, "not-a-uuid")
              local ok2, e2 = pcall(nk.json_decode, "{bad")
              local ok3, e3 = pcall(nk.authenticate_device, "short")
              local ok4, e4 = pcall(nk.cron_next, "bad cron", 0)
              return {ok1 = ok1, e1 = e1, ok2 = ok2, e2 = e2, ok3 = ok3, e3 = e3, ok4 = ok4, e4 = e4}
            end

            for name, fn in pairs(M) do
              nk.register_rpc(function(ctx, payload) return nk.json_encode(fn()) end, name)
            end
            """,
    ]
    static let shared: Result<TestNode, any Error> = Result { try node(modules) }

    func call(_ id: String) throws -> JSON { try Self.shared.get().client().rpcJSON(id) }

    @Test func encodingFunctions() throws {
        let result = try call("encoding")
        #expect(result["json"] == .string(#"{"a":[1,2,3],"b":2,"c":{}}"#))
        #expect(result["decoded_b2"] == .double(2.5))
        #expect(result["decoded_b4"] == .bool(true))
        #expect(result["decoded_n"] == .bool(true))
        #expect(result["b64"] == .string("aGVsbG8/"))
        #expect(result["b64_back"] == .string("hello?"))
        #expect(result["b64url"] == .string("aGVsbG8_"))
        #expect(result["b16"] == .string("6869"))
        #expect(result["b16_back"] == .string("hi"))
        #expect(result["uuid_len"] == .int(36))
        #expect(result["uuid_round"] == .string("6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b"))
    }

    @Test func cryptoFunctions() throws {
        let result = try call("crypto")
        #expect(result["md5"] == .string("900150983cd24fb0d6963f7d28e17f72"))
        #expect(result["sha256"] == .string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
        #expect(result["hmac"] == .string("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"))
        #expect(result["bcrypt_ok"] == .bool(true))
        #expect(result["bcrypt_bad"] == .bool(false))
        // Nakama pads plaintext with spaces to a multiple of 4 and keeps the padding on decrypt.
        #expect(result["aes128"] == .string("attack at dawn  "))
        #expect(result["aes256"] == .string("attack  "))
        #expect(result["random_len"] == .int(24))
        let jwt = try #require(result["jwt"]?.stringValue)
        let claims = try TokenSigner(key: "jwt-secret").verifyClaims(jwt, now: 1_800_000_000)
        #expect(claims["sub"] == .string("player"))
    }

    @Test func timeFunctions() throws {
        let result = try call("time")
        #expect((result["now"]?.intValue ?? 0) > 1_700_000_000_000)
        #expect(result["fixed"] == .int(1_714_557_600_000))
        // 2024-05-01 is a Wednesday: the next Monday midnight is 2024-05-06, the previous 2024-04-29.
        #expect(result["next"] == .int(1_714_953_600))
        #expect(result["prev"] == .int(1_714_348_800))
    }

    @Test func localCache() throws {
        let result = try call("cache")
        #expect(result["nested2"] == .int(2))
        #expect(result["default"] == .string("dflt"))
    }

    @Test func sqlFunctions() throws {
        let result = try call("sql")
        #expect(result["inserted"] == .int(1))
        #expect(result["count"] == .int(1))
        let row = try #require(result["row"])
        #expect(row["id"] == .int(7))
        #expect(row["name"] == .string("seven"))
        #expect(row["ok"] == .bool(true))
        #expect(row["score"] == .double(1.5))
        #expect(row["at"] == .int(1_714_557_600))
    }

    @Test func accountFunctions() throws {
        let result = try call("accounts")
        #expect(result["created"] == .bool(true))
        #expect(result["created_again"] == .bool(false))
        #expect(result["same"] == .bool(true))
        #expect(result["custom_created"] == .bool(true))
        #expect(result["email_ok"] == .bool(true))
        #expect(result["display"] == .string("Lua Display"))
        #expect(result["level"] == .int(12))
        #expect(result["devices"] == .int(1))
        #expect(result["by_id"] == .int(2))
        #expect(result["by_name"] == .bool(true))
        #expect(result["logged"] == .string("hello from lua"))
        // The generated token is a real session for that user.
        let token = try #require(result["token"]?.stringValue)
        let client = try Self.shared.get().client()
        let account = try client.request("GET", "/v2/account", headers: bearer(token))
        #expect(account.status == 200)
        #expect(account.json?["user"]?["id"] == result["user_id"])
    }

    @Test func functionErrorsAreCatchable() throws {
        let result = try call("errors")
        for index in 1...4 {
            #expect(result["ok\(index)"] == .bool(false))
            #expect(result["e\(index)"]?.stringValue?.isEmpty == false)
        }
        #expect(result["e1"]?.stringValue?.contains("invalid user id") == true)
        #expect(result["e2"]?.stringValue?.contains("not a valid JSON string") == true)
    }
}
