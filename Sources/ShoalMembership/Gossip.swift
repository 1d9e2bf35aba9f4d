/// One piggybacked claim about a member, kept apart from `Member` because Lifeguard counts suspicions
/// by who raised them.
///
/// `reporter` is the name of the node that made the claim; for `alive` claims it is the member itself.
package struct Gossip: Hashable, Sendable {
    package var member: Member
    package var reporter: String

    package init(member: Member, reporter: String) {
        self.member = member
        self.reporter = reporter
    }
}
