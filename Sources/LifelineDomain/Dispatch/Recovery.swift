/// Recovery of reusable items (R4.6): a box, thermometer or tent returned from a grid after round r
/// is disinfected and re-entered, but is not sent back to the same grid in round r + 1 (the seeds'
/// guard against a grid reusing its own, possibly contaminated, kit before disinfection is proven).
public enum RecoveryRule {
    /// Whether a lot last returned from `returnedFromGrid` in `returnedInRound` may be issued to
    /// `toGrid` for `round`. Lots never returned (nil) may always go.
    ///
    ///     RecoveryRule.mayIssue(returnedFromGrid: "G1", returnedInRound: 1, toGrid: "G1", round: 2)  // false
    public static func mayIssue(returnedFromGrid: String?, returnedInRound: Int?, toGrid: String, round: Int) -> Bool {
        guard let grid = returnedFromGrid, let returnedRound = returnedInRound else { return true }
        return !(grid == toGrid && round == returnedRound + 1)
    }
}
