import Testing
import ShoalStorageRules

/// A deterministic generator so property runs are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

private let alice = "11111111-1111-1111-1111-111111111111"
private let bob = "22222222-2222-2222-2222-222222222222"
private let system = "00000000-0000-0000-0000-000000000000"

@Suite struct StorageRulesTests {
    @Test(arguments: [
        (0, alice, StorageCaller.user(alice), false), (1, alice, .user(alice), true), (2, alice, .user(alice), true),
        (0, alice, .user(bob), false), (1, alice, .user(bob), false), (2, alice, .user(bob), true),
        (1, system, .user(alice), false), (2, system, .user(alice), true), (0, system, .runtime, true),
        (0, alice, .runtime, true),
    ])
    func readPermission(permission: Int, owner: String, caller: StorageCaller, readable: Bool) {
        #expect(StorageRules.canRead(permissionRead: permission, owner: owner, caller: caller) == readable)
    }

    @Test func writeConditions() throws {
        let stored = StoredObjectState(version: "abc", permissionRead: 1, permissionWrite: 1)
        let locked = StoredObjectState(version: "abc", permissionRead: 1, permissionWrite: 0)
        let client = StorageCaller.user(alice)
        #expect(try StorageRules.write(existing: nil, requestedVersion: "", caller: client) == .insert)
        #expect(try StorageRules.write(existing: stored, requestedVersion: "", caller: client) == .update)
        #expect(throws: StorageRejection.permissionDenied) {
            try StorageRules.write(existing: locked, requestedVersion: "", caller: client)
        }
        #expect(try StorageRules.write(existing: locked, requestedVersion: "", caller: .runtime) == .update)
        #expect(try StorageRules.write(existing: nil, requestedVersion: "*", caller: client) == .insert)
        #expect(throws: StorageRejection.versionCheckFailed) {
            try StorageRules.write(existing: stored, requestedVersion: "*", caller: .runtime)
        }
        #expect(try StorageRules.write(existing: stored, requestedVersion: "abc", caller: client) == .update)
        #expect(throws: StorageRejection.versionCheckFailed) {
            try StorageRules.write(existing: stored, requestedVersion: "abd", caller: client)
        }
        #expect(throws: StorageRejection.versionCheckFailed) {
            try StorageRules.write(existing: nil, requestedVersion: "abc", caller: .runtime)
        }
        #expect(throws: StorageRejection.permissionDenied) {
            try StorageRules.write(existing: locked, requestedVersion: "abc", caller: client)
        }
    }

    @Test func deleteConditions() throws {
        let stored = StoredObjectState(version: "abc", permissionRead: 2, permissionWrite: 1)
        let locked = StoredObjectState(version: "abc", permissionRead: 2, permissionWrite: 0)
        let client = StorageCaller.user(alice)
        #expect(try StorageRules.delete(existing: stored, requestedVersion: "", caller: client) == .delete)
        #expect(try StorageRules.delete(existing: stored, requestedVersion: "abc", caller: client) == .delete)
        for (existing, version) in [(nil, ""), (stored, "zzz"), (locked, ""), (locked, "abc")] as [(StoredObjectState?, String)] {
            #expect(throws: StorageRejection.deleteRejected) {
                try StorageRules.delete(existing: existing, requestedVersion: version, caller: client)
            }
        }
        #expect(try StorageRules.delete(existing: nil, requestedVersion: "", caller: .runtime) == .skip)
        #expect(try StorageRules.delete(existing: locked, requestedVersion: "", caller: .runtime) == .delete)
        #expect(throws: StorageRejection.deleteRejected) {
            try StorageRules.delete(existing: nil, requestedVersion: "abc", caller: .runtime)
        }
    }

    @Test func validation() throws {
        let long = String(repeating: "é", count: 129)
        let max = String(repeating: "é", count: 128)
        try StorageRules.validateID(collection: max, key: "k")
        #expect(throws: StorageRejection.idFieldsMissing) { try StorageRules.validateID(collection: "", key: "k") }
        #expect(throws: StorageRejection.idFieldsMissing) { try StorageRules.validateID(collection: "c", key: "") }
        #expect(throws: StorageRejection.nameTooLong) { try StorageRules.validateID(collection: "c", key: long) }
        func write(_ collection: String = "c", _ key: String = "k", value: String = "{}", object: Bool = true,
                   read: Int = 1, write: Int = 1) throws(StorageRejection) {
            try StorageRules.validateWrite(
                collection: collection, key: key, value: value, valueIsObject: object, permissionRead: read,
                permissionWrite: write)
        }
        try write(read: 0, write: 0)
        try write(read: 2, write: 1)
        #expect(throws: StorageRejection.writeFieldsMissing) { try write(value: "") }
        #expect(throws: StorageRejection.writeFieldsMissing) { try write("") }
        #expect(throws: StorageRejection.nameTooLong) { try write(long) }
        #expect(throws: StorageRejection.invalidReadPermission) { try write(read: 3) }
        #expect(throws: StorageRejection.invalidReadPermission) { try write(read: -1) }
        #expect(throws: StorageRejection.invalidWritePermission) { try write(write: 2) }
        #expect(throws: StorageRejection.valueNotObject) { try write(value: "[1]", object: false) }
        #expect(StorageRejection.valueNotObject.message == "Value must be a JSON object.")
    }

    @Test func listLimits() throws {
        #expect(try StorageRules.listLimit(nil) == 1)
        #expect(try StorageRules.listLimit(1) == 1)
        #expect(try StorageRules.listLimit(100) == 100)
        for bad: Int64 in [0, -1, 101] {
            #expect(throws: StorageRejection.invalidLimit(maximum: 100)) { try StorageRules.listLimit(bad) }
        }
        #expect(StorageRejection.invalidLimit(maximum: 100).message == "Invalid limit - limit must be between 1 and 100.")
        #expect(try StorageRules.listLimit(10_000, maximum: StorageRules.maxRuntimeListLimit) == 10_000)
    }

    @Test func listScopes() {
        #expect(StorageRules.listScope(owner: nil, caller: .user(alice)) == StorageListScope(owner: nil, minimumRead: 2))
        #expect(StorageRules.listScope(owner: alice, caller: .user(alice)) == StorageListScope(owner: alice, minimumRead: 1))
        #expect(StorageRules.listScope(owner: bob, caller: .user(alice)) == StorageListScope(owner: bob, minimumRead: 2))
        #expect(StorageRules.listScope(owner: nil, caller: .runtime) == StorageListScope(owner: nil, minimumRead: 0))
        #expect(StorageRules.listScope(owner: bob, caller: .runtime) == StorageListScope(owner: bob, minimumRead: 0))
    }

    @Test func cursorsRejectGarbageAndOtherScopes() throws {
        let scope = StorageListScope(owner: alice, minimumRead: 1)
        #expect(try StorageListCursor.decode("", collection: "c", scope: scope) == nil)
        for garbage in ["x", "abc", "zz", "00", "deadbeef", "3a", String(repeating: "f", count: 40)] {
            #expect(throws: StorageRejection.invalidCursor) {
                try StorageListCursor.decode(garbage, collection: "c", scope: scope)
            }
        }
        let cursor = StorageListCursor(collection: "c", scope: scope, read: 1, key: "k", userID: alice)
        #expect(throws: StorageRejection.invalidCursor) {
            try StorageListCursor.decode(cursor.encoded, collection: "d", scope: scope)
        }
        #expect(throws: StorageRejection.invalidCursor) {
            try StorageListCursor.decode(cursor.encoded, collection: "c", scope: StorageListScope(owner: nil, minimumRead: 2))
        }
        #expect(throws: StorageRejection.invalidCursor) {
            try StorageListCursor.decode(cursor.encoded.uppercased(), collection: "c", scope: scope)
        }
    }
}

/// Properties over random stored states, versions and callers.
@Suite struct StorageRulesPropertyTests {
    static func randomState(_ rng: inout SplitMix64) -> StoredObjectState? {
        if Bool.random(using: &rng) { return nil }
        return StoredObjectState(
            version: ["v1", "v2", "v3"].randomElement(using: &rng)!, permissionRead: Int.random(in: 0...2, using: &rng),
            permissionWrite: Int.random(in: 0...1, using: &rng))
    }

    @Test func runtimeNeverMeetsPermissionDenialAndClientsNeverOverwriteLockedObjects() {
        var rng = SplitMix64(state: 7)
        for _ in 0..<5_000 {
            let existing = StorageRulesPropertyTests.randomState(&rng)
            let version = ["", "*", "v1", "v2"].randomElement(using: &rng)!
            let runtime = Result { () throws(StorageRejection) in
                try StorageRules.write(existing: existing, requestedVersion: version, caller: .runtime)
            }
            let client = Result { () throws(StorageRejection) in
                try StorageRules.write(existing: existing, requestedVersion: version, caller: .user(alice))
            }
            if case .failure(let rejection) = runtime { #expect(rejection == .versionCheckFailed) }
            // A client write succeeds exactly when the runtime's does and the object is not write-locked.
            let clientAllowed = (try? runtime.get()) != nil && (existing == nil || existing!.permissionWrite == 1)
            #expect(((try? client.get()) != nil) == clientAllowed)
            if let action = try? runtime.get() {
                #expect(action == (existing == nil ? .insert : .update))
            }
            // A versioned write only succeeds against that exact stored version.
            if version != "" && version != "*", (try? runtime.get()) != nil { #expect(existing?.version == version) }
        }
    }

    @Test func readVisibilityMatchesPermissionTable() {
        var rng = SplitMix64(state: 11)
        let users = [alice, bob, system]
        for _ in 0..<2_000 {
            let owner = users.randomElement(using: &rng)!
            let caller = users.randomElement(using: &rng)!
            let permission = Int.random(in: 0...2, using: &rng)
            let readable = StorageRules.canRead(permissionRead: permission, owner: owner, caller: .user(caller))
            #expect(readable == (permission == 2 || (permission == 1 && owner == caller)))
            // Whatever a list scope admits, a read of the same object admits too.
            let scope = StorageRules.listScope(owner: Bool.random(using: &rng) ? owner : nil, caller: .user(caller))
            if permission >= scope.minimumRead { #expect(readable) }
        }
    }

    @Test func cursorsRoundTripAnyText() throws {
        var rng = SplitMix64(state: 3)
        let alphabet = Array("ab:0\n\u{0}é🙂-+ 1")
        func text(_ max: Int) -> String {
            String((0..<Int.random(in: 0...max, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
        }
        for _ in 0..<1_000 {
            let owner: String? = Bool.random(using: &rng) ? text(40) : nil
            let scope = StorageListScope(owner: owner, minimumRead: Int.random(in: 0...2, using: &rng))
            let collection = text(20)
            let cursor = StorageListCursor(
                collection: collection, scope: scope, read: Int.random(in: 0...2, using: &rng), key: text(128),
                userID: text(36))
            let encoded = cursor.encoded
            #expect(!encoded.isEmpty)
            #expect(try StorageListCursor.decode(encoded, collection: collection, scope: scope) == cursor)
            // Truncating a cursor never yields a different valid cursor for the same scope.
            let cut = String(encoded.prefix(Int.random(in: 1..<encoded.count, using: &rng)))
            #expect((try? StorageListCursor.decode(cut, collection: collection, scope: scope)) == nil)
        }
    }
}
