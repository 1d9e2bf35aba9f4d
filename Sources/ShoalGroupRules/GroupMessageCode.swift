/// The system message codes written into a group's channel when membership changes (protocol §4.3).
package enum GroupMessageCode: Int, Sendable, CaseIterable {
    case join = 3
    case add = 4
    case leave = 5
    case kick = 6
    case promote = 7
    case ban = 8
    case demote = 9
}
