import ArgumentParser
import Foundation
import LifelineDomain
import LifelineServices

/// `lifeline verify`: recompute every balance from the movements, check the audit chains and the
/// dispatch invariants (docs/operations.md says what to do with each finding).
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract:
            """
            Recompute balances from movements, check the audit chain and the dispatch invariants; exit 1 on any \
            finding.
            """
    )

    func run() async throws {
        let report = try await withServices(migrate: false) { try await $0.operations.verify() }
        print(
            "checked \(report.lots) lots, \(report.movements) movements, \(report.auditEntries) audit entries, "
                + "\(DispatchInvariant.allCases.count) dispatch invariants")
        for line in report.balanceDifferences.prefix(50) { print("BALANCE \(line)") }
        for line in report.auditBreaks.prefix(50) { print("AUDIT \(line)") }
        for line in report.writeOffFindings.prefix(50) { print("WRITE-OFF \(line)") }
        for line in report.reserveFindings.prefix(50) { print("RESERVES \(line)") }
        let byInvariant = Dictionary(grouping: report.dispatchFindings, by: \.invariant)
        for invariant in byInvariant.keys.sorted() {
            let findings = byInvariant[invariant] ?? []
            let more = report.truncatedInvariants.contains(invariant) ? " (listing stopped there; more exist)" : ""
            print("DISPATCH \(invariant.rawValue): \(findings.count) finding(s)\(more)")
            for finding in findings { print("DISPATCH \(finding)") }
        }
        if report.isClean {
            print("OK 账实相符，审计链完整，调度数据一致 balances match, audit chain intact, dispatch invariants hold")
        } else {
            let broken = byInvariant.keys.sorted().map { "\($0.rawValue) \(byInvariant[$0]?.count ?? 0)" }.joined(
                separator: ", ")
            print(
                """
                FAILED: \(report.balanceDifferences.count) balance differences, \(report.auditBreaks.count) audit \
                breaks, 
                """
                    + "\(report.dispatchFindings.count) dispatch findings\(broken.isEmpty ? "" : " (\(broken))"), "
                    + "\(report.writeOffFindings.count) write-off findings, "
                    + "\(report.reserveFindings.count) reserve findings")
            throw ExitCode(1)
        }
    }
}
