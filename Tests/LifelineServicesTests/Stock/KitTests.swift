import Foundation
import LifelineDomain
import LifelineServices
import LifelineStore
import LifelineTestSupport
import Testing

/// Kits (R7.1): a versioned bill of materials; assembly takes components first-expiry-first-out and
/// makes a kit lot expiring with its earliest component; a short component refuses the whole
/// assembly, naming it, with nothing moved; disassembly gives components back to their lots; the
/// ledger adds up on both engines.
@Suite struct KitTests {
    @Test(arguments: TestDatabase.allCases)
    func kitsAreAssembledAndTakenApartWithTheirComponentsTraced(_ engine: TestDatabase) async throws {
        try await withServices(engine) { services in
            let w = try await World.build(services)
            let stock = services.stock
            func receive(_ code: String, _ quantity: Int, batch: String, expiry: String) async throws -> UUID {
                let item = try #require(
                    try await services.reference.items(ItemFilter(query: code), page: PageRequest(), for: .system)
                        .items.first { $0.definition.code == code })
                return try await stock.receive(
                    ReceiptInput(
                        depotId: w.nanming, itemId: item.id, quantity: quantity, batchNo: batch, manufacturer: "稳健医疗",
                        productionDate: "2025-01-01", expiryDate: expiry, unitCostFen: 100), key: batch, by: w.officerA
                ).movements[0].lotId
            }
            // Caps in two lots (the earlier one first), gowns, gloves; the kit itself is a catalogue item.
            let capsEarly = try await receive("PPE-0014", 6, batch: "CAP-A", expiry: "2027-03-31")
            let capsLate = try await receive("PPE-0014", 20, batch: "CAP-B", expiry: "2028-12-31")
            _ = try await receive("PPE-0007", 10, batch: "GOWN", expiry: "2029-01-31")
            _ = try await receive("PPE-0009", 40, batch: "GLOVE", expiry: "2028-06-30")
            _ = try await services.reference.createItem(
                ItemDefinition(
                    code: "KIT-0001", nameZh: "一级防护包", nameEn: "Level-1 kit", reserveClass: .emergency,
                    category: .kits, unitZh: "包", unitEn: "kit", spec: "帽+隔离衣+手套2副", shelfLifeDays: 0,
                    storage: .ambient, reusable: false, unitPriceFen: 1_000, volumeCm3: 3_000), by: .system)
            let bill = [
                KitComponent(itemCode: "PPE-0014", quantity: 1), KitComponent(itemCode: "PPE-0007", quantity: 1),
                KitComponent(itemCode: "PPE-0009", quantity: 2),
            ]
            let definition = try await stock.defineKit(
                NewKitDefinition(
                    code: "L1", nameZh: "一级防护包", nameEn: "Level-1 kit", level: .level1, kitItemCode: "KIT-0001",
                    components: bill), by: .system)
            #expect(definition.version == 1)
            #expect(
                try await stock.defineKit(
                    NewKitDefinition(
                        code: "L1", nameZh: "一级防护包", nameEn: "Level-1 kit", level: .level1,
                        kitItemCode: "KIT-0001", components: bill), by: .system
                ).version == 2)

            // 11 kits need 11 gowns: only 10 — refused naming the gowns, nothing moved.
            let movementsBefore = try await stock.movements(MovementFilter(), page: PageRequest(per: 1), for: .system)
                .total
            do {
                _ = try await stock.assembleKits(
                    KitWorkInput(definitionCode: "L1", depotId: w.nanming, kits: 11), by: w.officerA)
                Issue.record("11 kits were assembled from 10 gowns")
            } catch let error as LifelineError {
                #expect(error.code == .kitShortComponent)
                #expect(error.parameters["item"] == "PPE-0007")
                #expect(error.parameters["needed"] == "11" && error.parameters["available"] == "10")
                #expect(error.parameters["kits"] == "10")
            }
            #expect(
                try await stock.movements(MovementFilter(), page: PageRequest(per: 1), for: .system).total
                    == movementsBefore)

            // 10 kits: caps FEFO (6 from the early lot, 4 from the late one); the kit lot expires with
            // the earliest component (the early caps, 2027-03-31).
            let work = try await stock.assembleKits(
                KitWorkInput(definitionCode: "L1", depotId: w.nanming, kits: 10), by: w.officerA)
            #expect(work.kind == .assembly && work.definitionVersion == 2)
            #expect(work.kitExpiryDate == "2027-03-31")
            #expect(work.components.first { $0.lotId == capsEarly }?.quantity == 6)
            #expect(work.components.first { $0.lotId == capsLate }?.quantity == 4)
            #expect(try await stock.lot(work.kitLotId, for: .system).onHand == 10)
            #expect(try await stock.lot(capsEarly, for: .system).onHand == 0)
            #expect(try await services.operations.verify().isClean)

            // Taking 7 kits apart: 7 caps go back — never more to a lot than it gave.
            let apart = try await stock.disassembleKits(
                KitDisassemblyInput(kitLotId: work.kitLotId, kits: 7), by: w.officerA)
            #expect(apart.kind == .disassembly)
            #expect(
                apart.components.filter { $0.itemId == work.components[0].itemId }.map(\.quantity).reduce(0, +) == 7)
            #expect(try await stock.lot(work.kitLotId, for: .system).onHand == 3)
            #expect(
                try await stock.lot(capsEarly, for: .system).onHand + stock.lot(capsLate, for: .system).onHand == 23)
            await #expect(throws: LifelineError.self) {
                try await stock.disassembleKits(KitDisassemblyInput(kitLotId: work.kitLotId, kits: 4), by: w.officerA)
            }
            #expect(try await stock.kitWork(page: PageRequest(), for: w.officerA).total == 2)
            #expect(try await stock.kitWork(page: PageRequest(), for: w.officerB).total == 0)
            #expect(try await services.operations.verify().isClean)
        }
    }
}
