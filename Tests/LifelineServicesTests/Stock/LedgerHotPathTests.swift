import FluentKit
import Foundation
import LifelineDomain
import LifelineServices
import LifelineTestSupport
import SQLKit
import Testing

@testable import LifelineStore

/// The ledger's hot-path statements (ADR 0018): on PostgreSQL they travel as named prepared
/// statements and must answer exactly as the SQLKit spelling SQLite runs.
@Suite struct LedgerHotPathTests {
    @Test(arguments: TestDatabase.allCases)
    func lotNumberAndGuardedPostAnswerAlikeOnBothEnginesAndArePreparedOnPostgres(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let day = try #require(Day(iso: "2026-11-24"))
            let lot = try #require(try await LedgerSQL.lot(w.lot, on: services.database))
            let prepared: [String] = try await services.store.write { tx in
                #expect((try await PostgresHotPath.connection(of: tx) != nil) == (engine == .postgres))
                let (numbered, number) = try #require(
                    try await LedgerSQL.lotAndNextNumber(w.lot, .issue, day: day, on: tx))
                #expect(numbered == lot, "the prepared row decodes to the same lot as the SQLKit one")
                #expect(number.description == "CK-520102-20261124-0001")
                let take = MovementDraft(
                    kind: .issue, lot: lot, effect: MovementKind.issue.effect(quantity: 7),
                    documentNo: number.description, reason: nil, actor: .system, at: testNow)
                let posted = try #require(try await LedgerSQL.post(take, issuableOn: day, at: testNow, on: tx))
                #expect(posted.balance == Balance(onHand: 93, reserved: 0, held: 0))
                let tooMuch = MovementDraft(
                    kind: .issue, lot: lot, effect: MovementKind.issue.effect(quantity: 94),
                    documentNo: number.description, reason: "超量", actor: .system, at: testNow)
                #expect(
                    try await LedgerSQL.post(tooMuch, issuableOn: day, at: testNow, on: tx) == nil,
                    "the guard refuses, nothing posted")
                let afterExpiry = try #require(Day(iso: "2027-07-01"))
                #expect(
                    try await LedgerSQL.post(take, issuableOn: afterExpiry, at: testNow, on: tx) == nil,
                    "an expired lot is never issued")
                #expect(
                    try await LedgerSQL.post(take, issuableOn: nil, at: testNow, on: tx) != nil,
                    "without a day only the balance guard applies")
                guard engine == .postgres else { return [] }
                return try await tx.sql().raw("SELECT name FROM pg_prepared_statements").all().map {
                    try $0.decode(column: "name", as: String.self)
                }
            }
            if engine == .postgres {
                #expect(prepared.contains { $0.hasSuffix("LotAndNumberStatement") }, "\(prepared)")
                #expect(prepared.contains { $0.hasSuffix("PostMovementStatement") }, "\(prepared)")
            }
            // Outside a caller's transaction the update and its movement row still go together.
            let outside = MovementDraft(
                kind: .issue, lot: lot, effect: MovementKind.issue.effect(quantity: 1),
                documentNo: "CK-520102-20261124-0002", reason: nil, actor: .system, at: testNow)
            #expect(
                try await LedgerSQL.post(outside, issuableOn: day, at: testNow, on: services.database)?.balance.onHand
                    == 85)
            #expect(try await services.stock.lot(w.lot, for: w.officerA).onHand == 85)
            #expect(try await services.operations.verify().balanceDifferences.isEmpty)
        }
    }
}
