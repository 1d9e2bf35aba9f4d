/// An ordered list of header fields, shared by requests and responses, so handlers look fields up
/// without caring about case while the wire order and spelling are kept.
///
/// Fields keep their insertion order and original name case; lookups compare names ASCII
/// case-insensitively. Repeated names are kept as separate fields.
package struct HTTPHeaders: Sendable, Sequence, Equatable, ExpressibleByDictionaryLiteral {
    package typealias Element = (name: String, value: String)

    private var fields: [Element] = []

    package init() {}

    package init(dictionaryLiteral elements: (String, String)...) {
        fields.reserveCapacity(elements.count)
        for (name, value) in elements { fields.append((name, value)) }
    }

    /// The first value of `name`, or nil.
    package subscript(_ name: String) -> String? {
        for field in fields where ASCII.caseInsensitiveEquals(field.name, name) { return field.value }
        return nil
    }

    /// Every value of `name`, in order.
    package func values(_ name: String) -> [String] {
        fields.compactMap { ASCII.caseInsensitiveEquals($0.name, name) ? $0.value : nil }
    }

    package func contains(_ name: String) -> Bool { self[name] != nil }

    package mutating func add(_ name: String, _ value: String) {
        fields.append((name, value))
    }

    /// Removes every field named `name`.
    package mutating func remove(_ name: String) {
        fields.removeAll { ASCII.caseInsensitiveEquals($0.name, name) }
    }

    package var count: Int { fields.count }

    package func makeIterator() -> IndexingIterator<[Element]> { fields.makeIterator() }

    package static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }

    mutating func reserveCapacity(_ n: Int) { fields.reserveCapacity(n) }
}
