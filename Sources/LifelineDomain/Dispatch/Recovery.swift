/// Recovery of reusable items (R4.6): a box, thermometer or tent returned from a grid after round r
/// is disinfected and re-entered, but is not sent back to the same grid in round r + 1.
public enum RecoveryRule {
    public static func mayIssue(returnedFromGrid: String?, returnedInRound: Int?, toGrid: String, round: Int) -> Bool {
        guard let grid = returnedFromGrid, let returnedRound = returnedInRound else { return true }
        return !(grid == toGrid && round == returnedRound + 1)
    }
}
