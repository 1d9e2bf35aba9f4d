/// The filters of a group listing (`GET /v2/group`, `nk.groups_list`); nil means no filter.
///
/// `name` may contain `%` wildcards and matches case-insensitively; Nakama refuses to combine it
/// with the other filters.
package struct GroupListFilter: Sendable, Equatable {
    package var name: String?
    package var langTag: String?
    /// Groups with at most this many members.
    package var maxMembers: Int?
    package var open: Bool?

    package init(name: String? = nil, langTag: String? = nil, maxMembers: Int? = nil, open: Bool? = nil) {
        self.name = name
        self.langTag = langTag
        self.maxMembers = maxMembers
        self.open = open
    }
}
