import ShoalCore
import ShoalJSON
import ShoalLua
import ShoalRuntime

extension NakamaLibrary {
    /// `stream_*` (runtime.md §2.12): module code places connected sessions on streams and sends to them.
    static func streams(_ instance: LuaRuntimeInstance) -> [String: LuaHostFunction] {
        let streams = instance.services.streams
        func stream(_ arguments: LuaArguments, _ index: Int, _ name: String) throws -> RuntimeStream {
            let table = try arguments.table(index)
            guard case .number(let mode) = table["mode"], mode == mode.rounded(), mode >= 0, mode <= 255 else {
                throw fail("bad argument #\(index) to '\(name)' (stream mode must be 0-255)")
            }
            return RuntimeStream(
                mode: Int(mode), subject: table["subject"].stringValue ?? "",
                subcontext: table["subcontext"].stringValue ?? "", label: table["label"].stringValue ?? "")
        }
        func userAndSession(_ arguments: LuaArguments, _ name: String) throws -> (UserID, String) {
            guard let user = UserID(try arguments.string(1)) else { throw fail("bad argument #1 to '\(name)' (invalid user id)") }
            let session = try arguments.string(2)
            guard UUIDValue(session) != nil else { throw fail("bad argument #2 to '\(name)' (invalid session id)") }
            return (user, session)
        }
        func targets(_ arguments: LuaArguments, _ index: Int) -> [String]? {
            guard case .table(let table) = arguments.value(index), !table.array.isEmpty else { return nil }
            return table.array.compactMap { $0.tableValue?["session_id"].stringValue }
        }
        func presenceValue(_ presence: StreamPresence) -> JSON {
            var object = JSONObject()
            object["user_id"] = .string(presence.userID)
            object["session_id"] = .string(presence.sessionID)
            object["node"] = .string(presence.node)
            object["username"] = .string(presence.username)
            object["hidden"] = .bool(presence.hidden)
            object["persistence"] = .bool(presence.persistence)
            if let status = presence.status { object["status"] = .string(status) }
            return .object(object)
        }
        func track(_ name: String, update: Bool) -> LuaHostFunction {
            { arguments in
                let (user, session) = try userAndSession(arguments, name)
                let target = try stream(arguments, 3, name)
                let hidden = try arguments.optionalBool(4) ?? false
                let persistence = try arguments.optionalBool(5) ?? true
                let status = try arguments.optionalString(6)
                do {
                    let isNew = update
                        ? try streams.update(target, user: user, session: session, hidden: hidden, persistence: persistence, status: status)
                        : try streams.join(target, user: user, session: session, hidden: hidden, persistence: persistence, status: status)
                    return [.bool(isNew)]
                } catch let error as RuntimeError {
                    throw fail("\(name): \(error.message)")
                }
            }
        }
        return [
            "stream_user_join": track("stream_user_join", update: false),
            "stream_user_update": track("stream_user_update", update: true),
            "stream_user_leave": { arguments in
                let (user, session) = try userAndSession(arguments, "stream_user_leave")
                do {
                    try streams.leave(try stream(arguments, 3, "stream_user_leave"), user: user, session: session)
                } catch let error as RuntimeError {
                    throw fail("stream_user_leave: \(error.message)")
                }
                return []
            },
            "stream_user_kick": { arguments in
                let presence = try arguments.table(1)
                guard let user = UserID(presence["user_id"].stringValue ?? ""), let session = presence["session_id"].stringValue
                else { throw fail("bad argument #1 to 'stream_user_kick' (expects a presence)") }
                do {
                    try streams.leave(try stream(arguments, 2, "stream_user_kick"), user: user, session: session)
                } catch let error as RuntimeError {
                    throw fail("stream_user_kick: \(error.message)")
                }
                return []
            },
            "stream_user_list": { arguments in
                let target = try stream(arguments, 1, "stream_user_list")
                let presences = streams.list(
                    target, includeHidden: try arguments.optionalBool(2) ?? true,
                    includeNotHidden: try arguments.optionalBool(3) ?? true)
                return [LuaJSON.luaValue(from: .array(presences.map(presenceValue)))]
            },
            "stream_user_get": { arguments in
                let (user, session) = try userAndSession(arguments, "stream_user_get")
                let found = streams.get(try stream(arguments, 3, "stream_user_get"), user: user, session: session)
                return [found.map { LuaJSON.luaValue(from: presenceValue($0)) } ?? .nil]
            },
            "stream_count": { arguments in
                [.number(Double(streams.count(try stream(arguments, 1, "stream_count"))))]
            },
            "stream_close": { arguments in
                streams.close(try stream(arguments, 1, "stream_close"))
                return []
            },
            "stream_send": { arguments in
                let target = try stream(arguments, 1, "stream_send")
                streams.send(target, data: try arguments.string(2), to: targets(arguments, 3), reliable: try arguments.optionalBool(4) ?? true)
                return []
            },
            "stream_send_raw": { arguments in
                let target = try stream(arguments, 1, "stream_send_raw")
                guard case .object(let envelope) = try LuaJSON.json(from: .table(try arguments.table(2))) else {
                    throw fail("bad argument #2 to 'stream_send_raw' (expects an envelope table)")
                }
                streams.sendRaw(target, envelope: .object(envelope), to: targets(arguments, 3))
                return []
            },
        ]
    }
}
