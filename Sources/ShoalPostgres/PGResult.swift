/// The outcome of one statement, fully copied out of libpq so no `PGresult` memory escapes the wrapper.
///
/// `rows` and `columns` are empty for statements that return no tuples. `affectedRows` is libpq's
/// `PQcmdTuples` (rows inserted, updated, deleted, selected…), 0 when the command reports none.
package struct PGResult: Sendable {
    package var rows: [PGRow]
    package var columns: [String]
    /// Each column's PostgreSQL type OID (`PQftype`), e.g. 20 int8, 16 bool, 1184 timestamptz.
    package var columnTypes: [UInt32]
    package var affectedRows: Int
    let columnIndex: PGColumns

    init(rows: [PGRow], columns: PGColumns, affectedRows: Int) {
        self.rows = rows
        self.columns = columns.names
        self.columnTypes = columns.types
        self.affectedRows = affectedRows
        self.columnIndex = columns
    }

    /// The index of the column named `name` (the first one, if repeated), or nil.
    package func column(_ name: String) -> Int? {
        columnIndex.index[name]
    }
}
