import Foundation
import LifelineDomain
import LifelineServices
import LifelineTestSupport
import Testing

/// CSV import and export: Excel-friendly, validated before anything is stored, safe to repeat.
@Suite struct TransferTests {
    @Test(arguments: TestDatabase.allCases)
    func stockImportsAreReceiptsAndRepeatingAFileReceivesNothingTwice(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let csv = """
                depot_code,item_code,batch_no,manufacturer,production_date,expiry_date,quantity,unit_cost_fen,inspection
                T-520102,PPE-0001,IMP-1,稳健医疗,2026-01-01,2029-01-01,300,200,passed
                T-520103,PPE-0001,"IMP,2",振德医疗,2026-02-01,2029-02-01,40,,pending
                """
            let report = try await services.operations.importCSV(.stock, text: "\u{FEFF}" + csv, by: .system)
            #expect(report.created == 2)
            let again = try await services.operations.importCSV(.stock, text: "\u{FEFF}" + csv, by: .system)
            #expect(again.created == 0)
            #expect(again.unchanged == 2)
            let lots = try await services.stock.lots(LotFilter(), page: PageRequest(per: 100), for: .system).items
            #expect(lots.first { $0.batchNo == "IMP-1" }?.onHand == 300)
            #expect(lots.first { $0.batchNo == "IMP,2" }?.status == .quarantined)
            let export = try await services.operations.export(.stock, by: w.officerA)
            #expect(export.hasPrefix("\u{FEFF}depot_code,item_code"))
            #expect(export.contains("T-520102,PPE-0001,IMP-1"))
            #expect(!export.contains("T-520103"), "exports respect scope")
            #expect(try await services.operations.verify().isClean)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aBadRowStopsTheImportBeforeAnythingIsStored(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            _ = try await World.build(services)
            let before = try await services.stock.movements(MovementFilter(), page: PageRequest(), for: .system).total
            let csv = """
                depot_code,item_code,batch_no,manufacturer,production_date,expiry_date,quantity,unit_cost_fen,inspection
                T-520102,PPE-0001,OK-1,M,2026-01-01,2029-01-01,10,,passed
                T-520102,NOPE-9,BAD-1,M,2026-01-01,2029-01-01,10,,passed
                """
            do {
                _ = try await services.operations.importCSV(.stock, text: csv, by: .system)
                Issue.record("a file with an unknown item was imported")
            } catch let error as LifelineError {
                #expect(error.code == .importFailed)
                #expect(error.message(.en).contains("row 3"))
                #expect(error.message(.en).contains("item_code"))
            }
            #expect(
                try await services.stock.movements(MovementFilter(), page: PageRequest(), for: .system).total == before)
        }
    }

    @Test func itemsDepotsAndPopulationRoundTrip() async throws {
        try await withServices(.sqlite) { services in
            _ = try await World.build(services)
            let items = try await services.operations.export(.items, by: .system)
            let unchanged = try await services.operations.importCSV(.items, text: items, by: .system)
            #expect(unchanged.created == 0 && unchanged.updated == 0 && unchanged.unchanged >= 60)
            let edited = items.replacingOccurrences(of: "PPE-0001,", with: "NEW-0001,")
            #expect(try await services.operations.importCSV(.items, text: edited, by: .system).created == 1)
            let depots = try await services.operations.export(.depots, by: .system)
            #expect(try await services.operations.importCSV(.depots, text: depots, by: .system).unchanged == 3)
            let population = "code,name,population\n520102,南明区,1060000\n520103,云岩区,\n"
            #expect(try await services.operations.importCSV(.population, text: population, by: .system).updated == 1)
            #expect(try await services.reference.jurisdiction("520102", for: .system).population == 1_060_000)
            await #expect(throws: LifelineError.self) {
                try await services.operations.importCSV(
                    .population, text: "code,population\n520102,lots\n", by: .system)
            }
            await #expect(throws: LifelineError.self) {
                try await services.operations.importCSV(.items, text: "code,name_zh\n\"unterminated\n", by: .system)
            }
        }
    }
}
