import ShoalAPI
import ShoalCore
import ShoalJSON
import ShoalPostgres
import ShoalProtocol
import ShoalTestSupport
import Testing

/// A signed-in user for storage tests.
struct StorageUser {
    let token: String
    let id: String

    init(_ client: HTTPTestClient) throws {
        token = try client.token(forNewDevice: uniqueID())
        id = try #require(try claims(of: token)["uid"]?.stringValue)
    }
}

extension HTTPTestClient {
    func write(_ user: StorageUser, _ objects: [JSON]) throws -> Response {
        try request("PUT", "/v2/storage", headers: bearer(user.token), json: ["objects": .array(objects)])
    }

    func read(_ user: StorageUser, _ ids: [JSON]) throws -> [JSON] {
        let response = try request("POST", "/v2/storage", headers: bearer(user.token), json: ["object_ids": .array(ids)])
        #expect(response.status == 200, "\(response)")
        return response.json?["objects"]?.arrayValue ?? []
    }
}

private func object(_ collection: String, _ key: String, _ value: String = #"{"n": 1}"#, version: String? = nil,
                    read: Int? = nil, write: Int? = nil) -> JSON {
    var out: JSONObject = ["collection": .string(collection), "key": .string(key), "value": .string(value)]
    if let version { out["version"] = .string(version) }
    if let read { out["permission_read"] = .int(Int64(read)) }
    if let write { out["permission_write"] = .int(Int64(write)) }
    return .object(out)
}

private func id(_ collection: String, _ key: String, _ user: String? = nil, version: String? = nil) -> JSON {
    var out: JSONObject = ["collection": .string(collection), "key": .string(key)]
    if let user { out["user_id"] = .string(user) }
    if let version { out["version"] = .string(version) }
    return .object(out)
}

@Suite struct StorageTests {
    @Test func writeThenReadReturnsTheStoredTextAndItsMD5() throws {
        let client = try Shared.client()
        let user = try StorageUser(client)
        let collection = uniqueID("saves")
        let response = try client.write(user, [object(collection, "slot", #"{"bb":[true,null],"a":1}"#)])
        #expect(response.status == 200, "\(response)")
        let ack = try #require(response.json?["acks"]?[0])
        #expect(ack["collection"] == .string(collection))
        #expect(ack["key"] == "slot")
        #expect(ack["user_id"] == .string(user.id))
        #expect(ack["version"] == "f11905722ef95f1fde0cd5c228118169")
        #expect(ack["create_time"]?.stringValue?.hasSuffix("Z") == true)

        let objects = try client.read(user, [id(collection, "slot", user.id)])
        #expect(objects.count == 1)
        let stored = try #require(objects.first)
        #expect(stored["value"] == .string(#"{"a": 1, "bb": [true, null]}"#))
        #expect(stored["version"] == ack["version"])
        #expect(stored["permission_read"] == .int(1))
        #expect(stored["permission_write"] == .int(1))
        #expect(stored["user_id"] == .string(user.id))
        #expect(stored["update_time"] != nil)
    }

    @Test func acksFollowInputOrderAndVersionsFollowValues() throws {
        let client = try Shared.client()
        let user = try StorageUser(client)
        let collection = uniqueID("order")
        let response = try client.write(
            user, [object(collection, "z", #"{"v":1}"#), object(collection, "a", #"{"v":2}"#), object(collection, "m")])
        let acks = try #require(response.json?["acks"]?.arrayValue, "\(response)")
        #expect(acks.map { $0["key"]?.stringValue } == ["z", "a", "m"])
        let first = try #require(acks[0]["version"]?.stringValue)
        let updated = try client.write(user, [object(collection, "z", #"{"v":3}"#, version: first)])
        let second = try #require(updated.json?["acks"]?[0]?["version"]?.stringValue, "\(updated)")
        #expect(second != first)
        #expect(second.count == 32)
        // Writing the old value back gives back the old version.
        let back = try client.write(user, [object(collection, "z", #"{"v": 1}"#)])
        #expect(back.json?["acks"]?[0]?["version"] == .string(first))
    }

    @Test func invalidWritesAreRejected() throws {
        let client = try Shared.client()
        let user = try StorageUser(client)
        let long = String(repeating: "k", count: 129)
        let cases: [(JSON, String)] = [
            (object("", "k"), "Invalid collection, key, or value supplied. They must be set."),
            (object("c", ""), "Invalid collection, key, or value supplied. They must be set."),
            (object("c", "k", ""), "Invalid collection, key, or value supplied. They must be set."),
            (object("c", long), "Invalid collection or key value supplied. They must be at most 128 characters."),
            (object(long, "k"), "Invalid collection or key value supplied. They must be at most 128 characters."),
            (object("c", "k", "[1,2]"), "Value must be a JSON object."),
            (object("c", "k", "42"), "Value must be a JSON object."),
            (object("c", "k", "{nope"), "Value must be a JSON object."),
            (object("c", "k", read: 3), "Invalid read permission supplied. It must be either 0, 1 or 2."),
            (object("c", "k", read: -1), "Invalid read permission supplied. It must be either 0, 1 or 2."),
            (object("c", "k", write: 2), "Invalid write permission supplied. It must be either 0 or 1."),
        ]
        for (bad, message) in cases {
            expectError(try client.write(user, [object("c", "ok"), bad]), status: 400, code: 3, message: message)
        }
        #expect(try client.read(user, [id("c", "ok", user.id)]).isEmpty)
        expectError(
            try client.request("PUT", "/v2/storage", headers: bearer(user.token), json: ["objects": "x"]), status: 400,
            code: 3)
        let empty = try client.request("PUT", "/v2/storage", headers: bearer(user.token), json: [:])
        #expect(empty.status == 200)
        #expect(empty.json == .object(JSONObject()))
        expectError(try client.request("PUT", "/v2/storage", json: ["objects": []]), status: 401, code: 16)
    }

    @Test func readPermissionsDecideWhoSeesWhat() throws {
        let client = try Shared.client()
        let owner = try StorageUser(client)
        let other = try StorageUser(client)
        let collection = uniqueID("perm")
        let written = try client.write(
            owner,
            [object(collection, "none", read: 0), object(collection, "own", read: 1), object(collection, "all", read: 2)])
        #expect(written.status == 200, "\(written)")
        let ids = ["none", "own", "all", "missing"].map { id(collection, $0, owner.id) }
        let mine = try client.read(owner, ids).compactMap { $0["key"]?.stringValue }
        #expect(Set(mine) == ["own", "all"])
        let theirs = try client.read(other, ids).compactMap { $0["key"]?.stringValue }
        #expect(theirs == ["all"])
        #expect(try client.read(other, [id(collection, "all", owner.id), id(collection, "all", owner.id)]).count == 1)
        // Without user_id the id names a system-owned object.
        #expect(try client.read(owner, [id(collection, "all")]).isEmpty)
        let response = try client.request(
            "POST", "/v2/storage", headers: bearer(owner.token), json: ["object_ids": [id(collection, "all", "not-a-uuid")]])
        expectError(response, status: 400, code: 3, message: "Invalid user id - make sure user id is a valid UUID.")
        let missingKey = try client.request(
            "POST", "/v2/storage", headers: bearer(owner.token), json: ["object_ids": [id(collection, "")]])
        expectError(missingKey, status: 400, code: 3, message: "Invalid collection or key value supplied. They must be set.")
    }

    @Test func systemObjectsAreReadableByPermissionAndWritableOnlyByTheRuntime() throws {
        let node = try Shared.node.get()
        let client = node.client()
        let user = try StorageUser(client)
        let collection = uniqueID("system")
        let database = try PGConnection(conninfo: node.databaseURL)
        defer { database.close() }
        let service = StorageService(connection: database)
        _ = try service.write(
            [
                StorageWrite(collection: collection, key: "public", userID: .system, value: #"{"x":1}"#, permissionRead: 2, permissionWrite: 0),
                StorageWrite(collection: collection, key: "hidden", userID: .system, value: #"{"x":2}"#, permissionRead: 1, permissionWrite: 0),
            ], caller: .runtime)
        let objects = try client.read(user, [id(collection, "public"), id(collection, "hidden"), id(collection, "public", "")])
        #expect(objects.count == 1)
        #expect(objects.first?["user_id"] == .string(UserID.system.description))
        // A client write names the caller as owner, never the system user.
        let ack = try client.write(user, [object(collection, "public", #"{"mine":true}"#)])
        #expect(ack.json?["acks"]?[0]?["user_id"] == .string(user.id))
        #expect(try service.read([StorageObjectID(collection: collection, key: "public", userID: .system)], caller: .runtime)
            .first?.value == #"{"x": 1}"#)
    }

    @Test func versionConditionsAndWriteLocks() throws {
        let client = try Shared.client()
        let user = try StorageUser(client)
        let collection = uniqueID("versions")
        let created = try client.write(user, [object(collection, "k", version: "*")])
        let version = try #require(created.json?["acks"]?[0]?["version"]?.stringValue, "\(created)")
        let versionFailed = "Storage write rejected - version check failed."
        expectError(try client.write(user, [object(collection, "k", version: "*")]), status: 400, code: 3, message: versionFailed)
        expectError(
            try client.write(user, [object(collection, "k", version: "0123456789abcdef0123456789abcdef")]), status: 400,
            code: 3, message: versionFailed)
        expectError(
            try client.write(user, [object(collection, "absent", version: version)]), status: 400, code: 3,
            message: versionFailed)
        let locked = try client.write(user, [object(collection, "k", #"{"n":2}"#, version: version, write: 0)])
        #expect(locked.status == 200, "\(locked)")
        expectError(
            try client.write(user, [object(collection, "k", #"{"n":3}"#)]), status: 400, code: 3,
            message: "Storage write rejected - permission denied.")
        expectError(
            try client.request(
                "PUT", "/v2/storage/delete", headers: bearer(user.token), json: ["object_ids": [id(collection, "k")]]),
            status: 400, code: 3, message: "Storage delete rejected - not found, version check failed, or permission denied.")
        #expect(try client.read(user, [id(collection, "k", user.id)]).first?["value"] == .string(#"{"n": 2}"#))
    }

    @Test func aRejectedObjectFailsTheWholeBatch() throws {
        let client = try Shared.client()
        let user = try StorageUser(client)
        let collection = uniqueID("batch")
        #expect(try client.write(user, [object(collection, "existing", #"{"v":1}"#)]).status == 200)
        let batch = try client.write(
            user,
            [
                object(collection, "new", #"{"v":1}"#), object(collection, "existing", #"{"v":2}"#),
                object(collection, "existing", #"{"v":3}"#, version: "*"),
            ])
        expectError(batch, status: 400, code: 3, message: "Storage write rejected - version check failed.")
        let objects = try client.read(user, [id(collection, "new", user.id), id(collection, "existing", user.id)])
        #expect(objects.count == 1)
        #expect(objects.first?["value"] == .string(#"{"v": 1}"#))
    }

    @Test func deletesAreConditionalAndAtomic() throws {
        let client = try Shared.client()
        let user = try StorageUser(client)
        let collection = uniqueID("delete")
        let acks = try #require(
            try client.write(user, [object(collection, "a"), object(collection, "b")]).json?["acks"]?.arrayValue)
        let versionA = try #require(acks[0]["version"]?.stringValue)
        func delete(_ ids: [JSON]) throws -> HTTPTestClient.Response {
            try client.request("PUT", "/v2/storage/delete", headers: bearer(user.token), json: ["object_ids": .array(ids)])
        }
        let rejected = "Storage delete rejected - not found, version check failed, or permission denied."
        let wrong = id(collection, "a", version: "ffffffffffffffffffffffffffffffff")
        expectError(try delete([id(collection, "b"), wrong]), status: 400, code: 3, message: rejected)
        expectError(try delete([id(collection, "b"), id(collection, "missing")]), status: 400, code: 3, message: rejected)
        #expect(try client.read(user, [id(collection, "a", user.id), id(collection, "b", user.id)]).count == 2)
        let right = id(collection, "a", version: versionA)
        let deleted = try delete([right, id(collection, "b")])
        #expect(deleted.status == 200, "\(deleted)")
        #expect(deleted.json == .object(JSONObject()))
        #expect(try client.read(user, [id(collection, "a", user.id), id(collection, "b", user.id)]).isEmpty)
        // Another user's object of the same name is not reachable: deletes act on the caller's objects.
        let other = try StorageUser(client)
        #expect(try client.write(other, [object(collection, "a")]).status == 200)
        expectError(try delete([id(collection, "a", other.id)]), status: 400, code: 3, message: rejected)
        #expect(try client.read(other, [id(collection, "a", other.id)]).count == 1)
    }

    @Test func listingFollowsVisibilityAndPagesWithCursors() throws {
        let client = try Shared.client()
        let alice = try StorageUser(client)
        let bob = try StorageUser(client)
        let collection = uniqueID("list")
        for user in [alice, bob] {
            let response = try client.write(
                user,
                [
                    object(collection, "p1", read: 2), object(collection, "p2", read: 2), object(collection, "o", read: 1),
                    object(collection, "n", read: 0),
                ])
            #expect(response.status == 200, "\(response)")
        }
        func list(_ path: String, as user: StorageUser) throws -> (keys: [String], owners: [String], cursor: String?) {
            let response = try client.request("GET", path, headers: bearer(user.token))
            #expect(response.status == 200, "\(response)")
            let objects = response.json?["objects"]?.arrayValue ?? []
            return (
                objects.compactMap { $0["key"]?.stringValue }, objects.compactMap { $0["user_id"]?.stringValue },
                response.json?["cursor"]?.stringValue
            )
        }
        // Default limit is 1.
        let first = try list("/v2/storage/\(collection)", as: alice)
        #expect(first.keys.count == 1)
        #expect(first.cursor != nil)
        // Everyone's public objects, ordered by (read, key, user_id), page by page.
        var keys: [String] = []
        var cursor: String? = ""
        var pages = 0
        while let next = cursor {
            let page = try list("/v2/storage/\(collection)?limit=3&cursor=\(next)", as: alice)
            keys += page.keys
            cursor = page.cursor
            pages += 1
        }
        #expect(keys == ["p1", "p1", "p2", "p2"])
        #expect(pages == 2)
        let own = try list("/v2/storage/\(collection)?user_id=\(alice.id)&limit=100", as: alice)
        #expect(own.keys == ["o", "p1", "p2"])
        #expect(Set(own.owners) == [alice.id])
        #expect(own.cursor == nil)
        let other = try list("/v2/storage/\(collection)/\(bob.id)?limit=100", as: alice)
        #expect(other.keys == ["p1", "p2"])
        #expect(Set(other.owners) == [bob.id])
        #expect(try list("/v2/storage/\(uniqueID("empty"))?limit=10", as: alice).keys.isEmpty)

        let limited = try #require(first.cursor)
        for path in [
            "/v2/storage/\(collection)?limit=0", "/v2/storage/\(collection)?limit=101",
            "/v2/storage/\(collection)?limit=-1",
        ] {
            expectError(
                try client.request("GET", path, headers: bearer(alice.token)), status: 400, code: 3,
                message: "Invalid limit - limit must be between 1 and 100.")
        }
        for path in [
            "/v2/storage/\(collection)?cursor=garbage", "/v2/storage/\(collection)?cursor=00ff",
            "/v2/storage/other-\(collection)?cursor=\(limited)",
            "/v2/storage/\(collection)/\(bob.id)?cursor=\(limited)",
        ] {
            expectError(
                try client.request("GET", path, headers: bearer(alice.token)), status: 400, code: 3,
                message: "Malformed cursor was used.")
        }
        expectError(
            try client.request("GET", "/v2/storage/\(collection)?user_id=nope", headers: bearer(alice.token)),
            status: 400, code: 3, message: "Invalid user ID - make sure user ID is a valid UUID.")
        expectError(try client.request("GET", "/v2/storage/\(collection)"), status: 401, code: 16)
    }

    @Test func concurrentWritersOfOneVersionGetExactlyOneAck() async throws {
        let node = try Shared.node.get()
        let setup = node.client()
        let user = try StorageUser(setup)
        let collection = uniqueID("race")
        let created = try setup.write(user, [object(collection, "counter", #"{"n":0}"#)])
        let version = try #require(created.json?["acks"]?[0]?["version"]?.stringValue, "\(created)")
        let port = node.port
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    let client = HTTPTestClient(port: port)
                    let response = try client.write(
                        user, [object(collection, "counter", #"{"n":\#(writer + 1)}"#, version: version)])
                    if response.status != 200 {
                        expectError(response, status: 400, code: 3, message: "Storage write rejected - version check failed.")
                    }
                    return response.status
                }
            }
            var all: [Int] = []
            for try await status in group { all.append(status) }
            return all
        }
        #expect(statuses.filter { $0 == 200 }.count == 1)
        #expect(statuses.filter { $0 == 400 }.count == 7)
        let stored = try #require(try setup.read(user, [id(collection, "counter", user.id)]).first)
        #expect(stored["version"] != .string(version))
    }

    @Test func concurrentCreateOnlyWritersGetExactlyOneAck() async throws {
        let node = try Shared.node.get()
        let user = try StorageUser(node.client())
        let collection = uniqueID("create-race")
        let port = node.port
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    let client = HTTPTestClient(port: port)
                    return try client.write(user, [object(collection, "once", #"{"w":\#(writer)}"#, version: "*")]).status
                }
            }
            var all: [Int] = []
            for try await status in group { all.append(status) }
            return all
        }
        #expect(statuses.sorted() == [200] + Array(repeating: 400, count: 7))
    }
}
