/// The outcome of one statement, fully copied out of libpq so no `PGresult` memory escapes the wrapper.
///
/// `rows` and `columns` are empty for statements that return no tuples. `affectedRows` is libpq's
/// `PQcmdTuples` (rows inserted, updated, deleted, selected…), 0 when the command reports none.
package struct PGResult: Sendable {
    package var rows: [PGRow]
    package var columns: [String]
    package var affectedRows: Int
    let columnIndex: PGColumns

    init(rows: [PGRow], columns: PGColumns, affectedRows: Int) {
        self.rows = rows
        self.columns = columns.names
        self.affectedRows = affectedRows
        self.columnIndex = columns
    }

    /// The index of the column named `name` (the first one, if repeated), or nil.
    package func column(_ name: String) -> Int? {
        columnIndex.index[name]
    }
}
