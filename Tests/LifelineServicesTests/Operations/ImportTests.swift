import Foundation
import LifelineDomain
import LifelineServices
import LifelineStore
import LifelineTestSupport
import Testing

/// CSV imports are one transaction and idempotent by content; exports cannot smuggle formulas (ADR 0020).
@Suite struct ImportTests {
    static let header =
        "depot_code,item_code,batch_no,manufacturer,production_date,expiry_date,quantity,unit_cost_fen,inspection"
    static let rows = [
        "T-520102,PPE-0001,ATOM-1,稳健医疗,2026-01-01,2029-01-01,300,200,passed",
        "T-520102,PPE-0001,ATOM-2,振德医疗,2026-02-01,2029-02-01,40,,pending",
        "T-520103,PPE-0001,ATOM-3,稳健医疗,2026-03-01,2029-03-01,25,,passed",
        "T-520103,PPE-0001,ATOM-4,稳健医疗,2026-04-01,2029-04-01,60,150,",
    ]

    static func file(_ rows: [String]) -> String { "\u{FEFF}" + ([header] + rows).joined(separator: "\r\n") + "\r\n" }

    /// What an import may have changed: lots, movements, audit entries.
    struct Counts: Equatable {
        var lots: Int
        var movements: Int
        var audit: Int

        init(_ services: Services) async throws {
            lots = try await services.stock.lots(LotFilter(), page: PageRequest(per: 1), for: .system).total
            movements = try await services.stock.movements(MovementFilter(), page: PageRequest(per: 1), for: .system)
                .total
            audit = try await services.access.auditEntries(
                entity: nil, entityID: nil, page: PageRequest(per: 1), for: .system
            ).total
        }
    }

    static func onHand(_ batch: String, _ services: Services) async throws -> Int? {
        try await services.stock.lots(LotFilter(), page: PageRequest(per: 100), for: .system).items.first {
            $0.batchNo == batch
        }?.onHand
    }

    @Test(arguments: TestDatabase.allCases)
    func aLateFailureLeavesNothingAndTheCorrectedFileImportsOnce(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            _ = try await World.build(services)
            let before = try await Counts(services)
            var broken = Self.rows
            broken[2] = "T-520103,PPE-0001,ATOM-3,稳健医疗,2026-03-01,2025-03-01,25,,passed"  // expires before it was made
            let error = await #expect(throws: LifelineError.self) {
                try await services.operations.importCSV(.stock, text: Self.file(broken), by: .system)
            }
            #expect(error?.code == .importFailed)
            #expect(error?.field == "expiry_date")
            #expect(error?.message(.en).hasPrefix("Import failed at row 4: expiry_date is invalid") == true)
            #expect(error?.message(.zh).hasPrefix("导入失败，第 4 行：有效期至（expiry_date）") == true)
            #expect(try await Counts(services) == before, "rows 2 and 3 were received and rolled back with row 4")

            let corrected = try await services.operations.importCSV(.stock, text: Self.file(Self.rows), by: .system)
            #expect(corrected == ImportReport(created: 4, updated: 0, unchanged: 0, encoding: .utf8))
            let after = try await Counts(services)
            #expect(after.lots == before.lots + 4)
            #expect(after.movements == before.movements + 4)
            #expect(after.audit == before.audit + 5, "four receipts and the import's summary")
            let summary = try await services.access.auditEntries(
                entity: "import", entityID: nil, page: PageRequest(), for: .system
            ).items
            #expect(summary.map(\.action) == ["import.stock"])
            #expect(summary.first?.after?.contains("\"created\":4") == true)
            #expect(try await Self.onHand("ATOM-3", services) == 25)

            let again = try await services.operations.importCSV(.stock, text: Self.file(Self.rows), by: .system)
            #expect(again == ImportReport(created: 0, updated: 0, unchanged: 4, encoding: .utf8))
            #expect(try await Counts(services).movements == after.movements)
            #expect(try await Self.onHand("ATOM-1", services) == 300)
            #expect(try await services.operations.verify().isClean)
        }
    }

    /// The failures that the receipt use case raises, not the file reader: each rolls back rows already received.
    enum LateFailure: String, CaseIterable {
        case missingManufacturer, quantityTooLarge, batchTooLong, storageMismatch

        var row: String {
            switch self {
            case .missingManufacturer: "T-520103,PPE-0001,LATE-3,,2026-03-01,2029-03-01,25,,passed"
            case .quantityTooLarge: "T-520103,PPE-0001,LATE-3,M,2026-03-01,2029-03-01,1000000000001,,passed"
            case .batchTooLong:
                "T-520103,PPE-0001,\(String(repeating: "B", count: 61)),M,2026-03-01,2029-03-01,25,,passed"
            case .storageMismatch: "T-520103,BIO-0001,LATE-3,M,2026-03-01,2029-03-01,25,,passed"
            }
        }

        var column: String {
            switch self {
            case .missingManufacturer: "manufacturer"
            case .quantityTooLarge: "quantity"
            case .batchTooLong: "batch_no"
            case .storageMismatch: "depot_code"
            }
        }
    }

    @Test(arguments: TestDatabase.allCases, LateFailure.allCases)
    func everyLateFailureRollsBackTheRowsBeforeIt(_ engine: TestDatabase, _ failure: LateFailure) async throws {
        try await withServices(engine) { services in
            _ = try await World.build(services)
            let before = try await Counts(services)
            let rows = [Self.rows[0], Self.rows[1], failure.row, Self.rows[3]]
            let error = await #expect(throws: LifelineError.self) {
                try await services.operations.importCSV(.stock, text: Self.file(rows), by: .system)
            }
            #expect(error?.code == .importFailed)
            #expect(error?.field == failure.column)
            #expect(error?.message(.en).contains("row 4") == true)
            #expect(try await Counts(services) == before)
            #expect(try await services.operations.verify().isClean)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aFileRepeatingImportedRowsReceivesOnlyTheNewOnes(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            _ = try await World.build(services)
            #expect(
                try await services.operations.importCSV(
                    .stock, text: Self.file(Array(Self.rows.prefix(2))), by: .system
                ).created == 2)
            // The same two rows written differently (spaces, a leading zero, line ends), then two new ones.
            let repeated = [" T-520102 ,PPE-0001,ATOM-1,稳健医疗,2026-01-01,2029-01-01,0300,200,passed", Self.rows[1]]
            let report = try await services.operations.importCSV(
                .stock, text: ([Self.header] + repeated + Self.rows.suffix(2)).joined(separator: "\n"), by: .system)
            #expect(report.created == 2)
            #expect(report.unchanged == 2)
            #expect(try await Self.onHand("ATOM-1", services) == 300)
            #expect(try await Self.onHand("ATOM-2", services) == 40)
            #expect(try await Self.onHand("ATOM-4", services) == 60)
            #expect(try await services.operations.verify().isClean)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func identicalRowsInOneFileAreRefusedUnlessTheirReferencesDiffer(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            _ = try await World.build(services)
            let before = try await Counts(services)
            let twice = Self.file([Self.rows[0], Self.rows[2], Self.rows[0]])
            let error = await #expect(throws: LifelineError.self) {
                try await services.operations.importCSV(.stock, text: twice, by: .system)
            }
            #expect(
                error?.message(.en)
                    == """
                    Import failed at row 4: repeats row 2; a file may state each entry once — merge the two rows \
                    or delete one
                    """
            )
            #expect(try await Counts(services) == before)

            let referenced = [Self.header + ",reference", Self.rows[0] + ",SH-001", Self.rows[0] + ",SH-002"].joined(
                separator: "\n")
            #expect(try await services.operations.importCSV(.stock, text: referenced, by: .system).created == 2)
            #expect(
                try await Self.onHand("ATOM-1", services) == 600,
                "two deliveries of one batch, told apart by their delivery notes")
            #expect(try await services.operations.importCSV(.stock, text: referenced, by: .system).unchanged == 2)
            #expect(try await services.operations.verify().isClean)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func itemsDepotsAndPopulationAreAllOrNothingToo(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            _ = try await World.build(services)
            let before = try await Counts(services)
            let depots = """
                code,name,jurisdiction,operator_kind,operator_unit,owner_unit,longitude,latitude,address,area_m2,\
                volume_m3,zones,cold_chain_m3,is_forward
                NEW-1,新库一,520102,government,,,106.7,26.5,,100,500,ambient,0,0
                T-520102,改名的库,520102,government,,,106.7,26.5,,100,500,ambient,0,0
                NEW-2,新库二,529999,government,,,106.7,26.5,,100,500,ambient,0,0
                """
            let depotError = await #expect(throws: LifelineError.self) {
                try await services.operations.importCSV(.depots, text: depots, by: .system)
            }
            #expect(depotError?.field == "jurisdiction")
            #expect(depotError?.message(.en).contains("row 4") == true)
            let population = "code,population\n520102,1060000\n520103,900000\n999999,5\n"
            let populationError = await #expect(throws: LifelineError.self) {
                try await services.operations.importCSV(.population, text: population, by: .system)
            }
            #expect(populationError?.message(.en).contains("row 4") == true)
            #expect(try await services.reference.jurisdiction("520102", for: .system).population != 1_060_000)
            let items = try await services.operations.export(.items, by: .system).split(separator: "\r\n").map(
                String.init)
            let masks = try #require(items.first { $0.hasPrefix("PPE-0001,") })
            let renamed = masks.replacingOccurrences(of: "PPE-0001,", with: "NEW-0001,")
            let duplicate = [items[0], renamed, masks, renamed].joined(separator: "\n")
            let itemError = await #expect(throws: LifelineError.self) {
                try await services.operations.importCSV(.items, text: duplicate, by: .system)
            }
            #expect(itemError?.message(.en).contains("row 4: repeats row 2") == true)
            #expect(try await Counts(services) == before)
            #expect(
                try await services.reference.depots(DepotFilter(), page: PageRequest(), for: .system).items.contains {
                    $0.profile.code == "NEW-1"
                } == false)
            #expect(try await services.operations.verify().isClean)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aNationwidePopulationFileIsOneTransactionAndItsAuditChainStaysWhole(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let exported = try CSVTable(parsing: try await services.operations.export(.population, by: .system))
            let rows = exported.rows.enumerated().map { index, row in [row[0], row[1], row[2], String(1000 + index)] }
            #expect(rows.count > 3000, "more audit events than one INSERT carries")
            let report = try await services.operations.importCSV(
                .population, text: CSVTable(header: exported.header, rows: rows).encoded(), by: .system)
            #expect(report.updated == rows.count)
            #expect(
                try await services.reference.jurisdiction("520102", for: .system).population
                    == rows.firstIndex { $0[0] == "520102" }.map { 1000 + $0 })
            #expect(try await services.operations.verify().isClean)
        }
    }

    /// A stock file of thousands of rows appends its audit events in one call: more bound values than
    /// PostgreSQL takes in one statement (65 535; 13 per event), so they go in slices.
    @Test(arguments: TestDatabase.allCases)
    func sixThousandAuditEventsAppendInOneTransaction(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let events = (0..<6000).map {
                AuditEvent("test.bulk", by: .system, entity: .csvImport, id: String($0), path: .nation, after: $0)
            }
            try await services.store.write { tx in try await AuditTrail.append(events, at: testNow, on: tx) }
            #expect(
                try await services.access.auditEntries(
                    entity: "import", entityID: nil, page: PageRequest(per: 1), for: .system
                ).total == 6000)
            #expect(try await services.operations.verify().isClean)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aGBKFileFromExcelIsReadAndAnUnreadableOneIsRefused(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            _ = try await World.build(services)
            // 稳健医疗 as Excel on Chinese Windows saves it: python3 -c "print('稳健医疗'.encode('gbk'))".
            let gbk =
                Data("\(Self.header)\r\nT-520102,PPE-0001,GBK-1,".utf8)
                + Data([0xCE, 0xC8, 0xBD, 0xA1, 0xD2, 0xBD, 0xC1, 0xC6])
                + Data(",2026-01-01,2029-01-01,10,,passed\r\n".utf8)
            let report = try await services.operations.importCSV(.stock, data: gbk, by: .system)
            #expect(report == ImportReport(created: 1, updated: 0, unchanged: 0, encoding: .gb18030))
            let lot = try await services.stock.lots(LotFilter(), page: PageRequest(per: 100), for: .system).items.first
            { $0.batchNo == "GBK-1" }
            #expect(lot?.manufacturer == "稳健医疗")
            #expect(try await services.operations.importCSV(.stock, data: gbk, by: .system).unchanged == 1)

            let before = try await Counts(services)
            let latin1 =
                Data("\(Self.header)\nT-520102,PPE-0001,L-1,Caf".utf8) + Data([0xE9])
                + Data(",2026-01-01,2029-01-01,10,,passed\n".utf8)
            let error = await #expect(throws: LifelineError.self) {
                try await services.operations.importCSV(.stock, data: latin1, by: .system)
            }
            #expect(error?.code == .importEncoding)
            #expect(error?.field == "file")
            #expect(error?.message(.en).contains("CSV UTF-8 (Comma delimited)") == true)
            #expect(try await Counts(services) == before)
            #expect(try await services.operations.verify().isClean)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func exportedFormulasAreEscapedAndImportRestoresThem(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let evil = "=HYPERLINK(\"http://evil\",\"x\")"
            let written = "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\""
            var depot = try await services.reference.depot(w.nanming, for: .system).profile
            depot.name = evil
            _ = try await services.reference.updateDepot(w.nanming, depot, by: .system)
            var item = try await services.reference.item(w.mask, for: .system).definition
            item.nameZh = evil
            _ = try await services.reference.updateItem(w.mask, item, by: .system)

            let depots = try await services.operations.export(.depots, by: .system)
            let items = try await services.operations.export(.items, by: .system)
            #expect(depots.contains("T-520102,\(written),520102"))
            #expect(items.contains("PPE-0001,\(written),"))
            #expect(!depots.contains(",=HYPERLINK") && !items.contains(",=HYPERLINK"))
            #expect(depots.contains(",106.71,26.57,"), "numbers are not escaped")

            depot.name = "南明库"
            _ = try await services.reference.updateDepot(w.nanming, depot, by: .system)
            item.nameZh = "口罩"
            _ = try await services.reference.updateItem(w.mask, item, by: .system)
            #expect(try await services.operations.importCSV(.depots, text: depots, by: .system).updated == 1)
            #expect(try await services.operations.importCSV(.items, text: items, by: .system).updated == 1)
            #expect(try await services.reference.depot(w.nanming, for: .system).profile.name == evil)
            #expect(try await services.reference.item(w.mask, for: .system).definition.nameZh == evil)
            #expect(try await services.operations.importCSV(.depots, text: depots, by: .system).updated == 0)
            #expect(try await services.operations.verify().isClean)
        }
    }
}
