import ShoalJSON
import ShoalLua
import ShoalRuntime

extension NakamaLibrary {
    /// `sql_exec` and `sql_query` on the worker's own connection (runtime.md §2.3).
    static func sql(_ instance: LuaRuntimeInstance) -> [String: LuaHostFunction] {
        func parameters(_ arguments: LuaArguments, _ name: String) throws -> [JSON] {
            guard case .table(let table) = arguments.value(2) else {
                if arguments.value(2) == .nil { return [] }
                throw fail("bad argument #2 to '\(name)' (expects an array of parameters)")
            }
            do {
                return try table.array.map { try LuaJSON.json(from: $0) }
            } catch {
                throw fail("bad argument #2 to '\(name)' (\(error))")
            }
        }
        return [
            "sql_exec": { arguments in
                let query = try arguments.string(1)
                do {
                    return [.number(Double(try instance.services.sqlExec(query, try parameters(arguments, "sql_exec"))))]
                } catch let error as RuntimeError {
                    throw fail("sql_exec error: \(error.message)")
                }
            },
            "sql_query": { arguments in
                let query = try arguments.string(1)
                do {
                    let rows = try instance.services.sqlQuery(query, try parameters(arguments, "sql_query"))
                    return [LuaJSON.luaValue(from: .array(rows.map { .object(JSONObject($0.map { ($0.column, $0.value) })) }))]
                } catch let error as RuntimeError {
                    throw fail("sql_query error: \(error.message)")
                }
            },
        ]
    }
}
