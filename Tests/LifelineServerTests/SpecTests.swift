import Foundation
import LifelineDomain
import LifelineServices
import Testing

@testable import LifelineServer

/// The API's enums (generated from openapi.yaml) spell exactly Lifeline's own.
@Suite struct SpecTests {
    func same<A: CaseIterable & RawRepresentable, B: CaseIterable & RawRepresentable>(_: A.Type, _: B.Type) -> Bool
    where A.RawValue == String, B.RawValue == String {
        Set(A.allCases.map(\.rawValue)) == Set(B.allCases.map(\.rawValue))
    }

    @Test func generatedEnumsMatchTheDomain() {
        #expect(same(Components.Schemas.Role.self, Role.self))
        #expect(same(Components.Schemas.UnitKind.self, UnitKind.self))
        #expect(same(Components.Schemas.HospitalGrade.self, HospitalGrade.self))
        #expect(same(Components.Schemas.ReserveClass.self, ReserveClass.self))
        #expect(same(Components.Schemas.ItemCategory.self, ItemCategory.self))
        #expect(same(Components.Schemas.StorageCondition.self, StorageCondition.self))
        #expect(same(Components.Schemas.DepotOperatorKind.self, DepotOperatorKind.self))
        #expect(same(Components.Schemas.LotStatus.self, LotStatus.self))
        #expect(same(Components.Schemas.ExpiryBand.self, ExpiryBand.self))
        #expect(same(Components.Schemas.MovementKind.self, MovementKind.self))
        #expect(same(Components.Schemas.AcceptanceInspection.self, AcceptanceInspection.self))
        #expect(same(Components.Schemas.JurisdictionLevel.self, JurisdictionLevel.self))
        #expect(same(Components.Schemas.WriteOffStatus.self, WriteOffStatus.self))
    }

    @Test func everyErrorCodeMapsToAClientOrServerStatus() {
        for code in ErrorCode.allCases {
            let status = Problem.status(for: code).code
            // Only our own faults are 5xx: a bug, or stored data the code cannot read.
            let ours: Set<ErrorCode> = [.internalError, .unknownStoredValue]
            #expect(ours.contains(code) ? status == 500 : (400..<500).contains(status), "\(code)")
        }
    }

    /// A label defined twice would stop the process at its first page (a dictionary of unique keys).
    @Test func everyConsoleLabelIsDefinedOnceInBothLanguages() {
        let keys = ConsoleText.entries.map(\.0)
        #expect(
            Set(keys).count == keys.count,
            "duplicates: \(Dictionary(grouping: keys, by: { $0 }).filter { $1.count > 1 }.keys.sorted())")
        #expect(ConsoleText.entries.allSatisfy { !$0.1.isEmpty && !$0.2.isEmpty })
    }
}

/// The files of `lifeline allocate` are read outside the engine (which does no I/O).
@Suite struct AllocationFilesTests {
    @Test func anUnreadableProblemFileIsAnIOError() {
        do {
            _ = try AllocationFiles.readProblem(path: "/nonexistent/problem.json")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .io)
        }
    }
}

/// The API's dates are written by hand (ContractDates.format) for speed; they must read exactly as
/// ISO8601DateFormatter writes them, for any instant.
struct ContractDatesTests {
    @Test func datesAreWrittenAsISO8601DateFormatterWritesThem() throws {
        let reference = ISO8601DateFormatter()
        var generator = SystemRandomNumberGenerator()
        // Foundation's calendar is Julian before 1582; RFC 3339 is proleptic Gregorian, so compare from 1583.
        var instants: [Double] = [
            0, -1, 86_399.999, 86_400, 951_782_400, 1_795_485_600.5, -12_212_553_600, 253_402_300_799,
        ]
        for _ in 0..<2000 {
            instants.append(Double(Int64.random(in: -12_212_553_600...253_402_300_799, using: &generator)) + 0.25)
        }
        for seconds in instants {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(ContractDates.format(date) == reference.string(from: date), "\(seconds)")
            #expect(
                ContractDates.parse(ContractDates.format(date)).map { $0.timeIntervalSince1970 }
                    == seconds.rounded(.down))
        }
    }
}
