import Foundation
import LifelineDomain
import LifelineServices
import LifelineTestSupport
import Testing

/// Reading an object needs overlap; changing it needs containment (ARCHITECTURE, behaviour rules).
/// Every writing operation of openapi.yaml states its rule in `x-write-rule`; this suite holds a
/// scenario per operation in which an actor who may READ the object tries to CHANGE it outside the
/// rule and is refused, changing nothing. A new writing operation without a scenario fails
/// `everyWritingOperationStatesARuleThatATestHolds`.
@Suite struct WriteRuleTests {
    /// The operations of openapi.yaml that write (post, put, patch, delete) and their `x-write-rule`.
    static func specRules() throws -> [String: String] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("openapi.yaml"), encoding: .utf8)
        var rules: [String: String] = [:]
        var method = ""
        var operation = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("    "), !line.hasPrefix("     "), trimmed.hasSuffix(":") {
                method = String(trimmed.dropLast())
            } else if trimmed.hasPrefix("operationId: ") {
                operation = String(trimmed.dropFirst("operationId: ".count))
                if ["post", "put", "patch", "delete"].contains(method) { rules[operation] = "" }
            } else if trimmed.hasPrefix("x-write-rule: "), rules[operation] != nil {
                rules[operation] = String(trimmed.dropFirst("x-write-rule: ".count)).trimmingCharacters(
                    in: CharacterSet(charactersIn: "'\""))
            }
        }
        return rules
    }

    /// Operation → the scenario below that holds its rule.
    static let scenarios: [String: String] = [
        "createToken": "tokensAreIssuedToTheirOwnUserOnly",
        "createUser": "referenceDataIsChangedOnlyInsideTheScope",
        "updateJurisdiction": "referenceDataIsChangedOnlyInsideTheScope",
        "putTownship": "townshipsAreRegisteredUnderACountyInsideTheScope",
        "setRawMaterial": "rawMaterialsAreRecordedInsideTheScope",
        "addRawMaterialSupplier": "rawMaterialsAreRecordedInsideTheScope",
        "createUnit": "referenceDataIsChangedOnlyInsideTheScope",
        "updateUnit": "referenceDataIsChangedOnlyInsideTheScope",
        "createItem": "referenceDataIsChangedOnlyInsideTheScope",
        "updateItem": "referenceDataIsChangedOnlyInsideTheScope",
        "reviseCatalogue": "referenceDataIsChangedOnlyInsideTheScope",
        "setItemPrice": "referenceDataIsChangedOnlyInsideTheScope",
        "createDepot": "referenceDataIsChangedOnlyInsideTheScope",
        "updateDepot": "referenceDataIsChangedOnlyInsideTheScope",
        "changeLotStatus": "stockMovesOnlyInDepotsTheActorReaches",
        "receiveStock": "stockMovesOnlyInDepotsTheActorReaches",
        "issueStock": "stockMovesOnlyInDepotsTheActorReaches",
        "transferStock": "stockMovesOnlyInDepotsTheActorReaches",
        "adjustStock": "stockMovesOnlyInDepotsTheActorReaches",
        "writeOffStock": "stockMovesOnlyInDepotsTheActorReaches",
        "returnStock": "stockMovesOnlyInDepotsTheActorReaches",
        "decideWriteOff": "writeOffsAreDecidedByASecondPersonOverTheDepot",
        "declareIncident": "whoMayDeclareRaiseLowerAndEndAnIncident",
        "changeIncident": "whoMayDeclareRaiseLowerAndEndAnIncident",
        "createRequest": "requestsAreMovedByTheirPartiesOnly",
        "actOnRequest": "requestsAreMovedByTheirPartiesOnly",
        "approveRequest": "requestsAreMovedByTheirPartiesOnly",
        "planAllocation": "requestsAreMovedByTheirPartiesOnly",
        "approveAllocationPlan": "requestsAreMovedByTheirPartiesOnly",
        "trackOrder": "ordersAreMovedByTheirPartiesOnly",
        "signOrder": "ordersAreMovedByTheirPartiesOnly",
        "recoverOrder": "ordersAreMovedByTheirPartiesOnly",
        "createReservePlan": "reservePlansAreWrittenInsideTheScopeAndApprovedAbove",
        "setReserveNorm": "reservePlansAreWrittenInsideTheScopeAndApprovedAbove",
        "removeReserveNorm": "reservePlansAreWrittenInsideTheScopeAndApprovedAbove",
        "actOnReservePlan": "reservePlansAreWrittenInsideTheScopeAndApprovedAbove",
        "refreshAlerts": "alertsAreAcknowledgedInsideTheScopeByThoseWhoAct",
        "acknowledgeAlert": "alertsAreAcknowledgedInsideTheScopeByThoseWhoAct",
        "startStocktake": "stocktakesAreCountedByTheDepotAndApprovedByASecondPerson",
        "recordStocktakeCounts": "stocktakesAreCountedByTheDepotAndApprovedByASecondPerson",
        "recordStocktakeTags": "stocktakesAreCountedByTheDepotAndApprovedByASecondPerson",
        "actOnStocktake": "stocktakesAreCountedByTheDepotAndApprovedByASecondPerson",
        "offerExchange": "exchangesAreWrittenByEachSideForItsOwnLots",
        "answerExchange": "exchangesAreWrittenByEachSideForItsOwnLots",
        "actOnExchange": "exchangesAreWrittenByEachSideForItsOwnLots",
        "createAgreement": "agreementsAndSubsidiesAreWrittenInsideTheScope",
        "revokeAgreement": "agreementsAndSubsidiesAreWrittenInsideTheScope",
        "createSubsidyPeriod": "agreementsAndSubsidiesAreWrittenInsideTheScope",
        "closeSubsidyPeriod": "agreementsAndSubsidiesAreWrittenInsideTheScope",
        "ingestTemperatures": "oversightIsWrittenWhereTheActorReaches",
        "decideExcursion": "oversightIsWrittenWhereTheActorReaches",
        "compileWeeklyReports": "oversightIsWrittenWhereTheActorReaches",
        "confirmWeeklyReport": "oversightIsWrittenWhereTheActorReaches",
        "planInspection": "oversightIsWrittenWhereTheActorReaches",
        "completeInspection": "oversightIsWrittenWhereTheActorReaches",
        "setReserveParameters": "rotationAndParametersAreWrittenInsideTheScope",
        "setPurchaseQuota": "rotationAndParametersAreWrittenInsideTheScope",
        "proposeRotation": "rotationAndParametersAreWrittenInsideTheScope",
        "actOnRotationPlan": "rotationAndParametersAreWrittenInsideTheScope",
        "decidePlanProposal": "rotationAndParametersAreWrittenInsideTheScope",
        "defineKit": "kitsAreDefinedByCatalogueEditorsAndMadeWhereTheActorReaches",
        "assembleKits": "kitsAreDefinedByCatalogueEditorsAndMadeWhereTheActorReaches",
        "disassembleKits": "kitsAreDefinedByCatalogueEditorsAndMadeWhereTheActorReaches",
        "importMassTestingStandard": "aMassTestingStandardIsImportedByOneOfficerAndApprovedByAnother",
        "approveMassTestingStandard": "aMassTestingStandardIsImportedByOneOfficerAndApprovedByAnother",
        "saveDistributionPoint": "distributionPointsAreRegisteredInsideTheCounty",
        "createMassTestingRequests": "aPlansRequestsAreDraftedForOnesOwnUnitOrInsideTheScope",
        "definePlanBKits": "planBKitsAreDefinedByCatalogueEditors",
        "saveVehicle": "vehiclesAndRoutesAreRegisteredInsideTheCounty",
        "saveTransportRoute": "vehiclesAndRoutesAreRegisteredInsideTheCounty",
    ]

    @Test func everyWritingOperationStatesARuleThatATestHolds() throws {
        let rules = try Self.specRules()
        #expect(rules.count >= 27)
        for (operation, rule) in rules.sorted(by: { $0.key < $1.key }) {
            #expect(!rule.isEmpty, "\(operation) has no x-write-rule in openapi.yaml")
            #expect(
                Self.scenarios[operation] != nil, "\(operation) (\(rule)) has no write-rule scenario in WriteRuleTests")
        }
        #expect(Set(Self.scenarios.keys) == Set(rules.keys), "scenarios for operations the spec no longer has")
    }

    /// Expects `body` to be refused with 403 (`auth.out_of_scope`, `auth.forbidden` or a dispatch-authority code).
    static func refused(_ what: String, _ body: () async throws -> Void) async {
        do {
            try await body()
            Issue.record("\(what) was allowed")
        } catch let error as LifelineError {
            #expect(
                [
                    .outOfScope, .forbidden, .countyDispatchFrozen, .approvalTierRequired, .selfApproval,
                    .writeOffSamePerson, .planSelfApproval, .planNeedsLevelAbove, .stocktakeSamePerson,
                ].contains(error.code),
                "\(what): \(error.code)")
        } catch {
            Issue.record("\(what): \(error)")
        }
    }

    // MARK: - Incidents: declare, raise, lower and end, at every level and for every area

    @Test(arguments: TestDatabase.allCases)
    func whoMayDeclareRaiseLowerAndEndAnIncident(_ engine: TestDatabase) async throws {
        try await withApp(engine) { _, services in
            let w = try await World.build(services)
            // Actors from the county up; areas from the county up. Changing needs every area inside the scope.
            let actors: [(String, Actor)] = [
                ("county 520102", w.officerA), ("other county 520103", w.officerB), ("city 5201", w.cityOfficer),
                ("nation", .system),
            ]
            let areas: [(String, [String])] = [
                ("county", ["520102"]), ("city", ["5201"]), ("two counties", ["520102", "520103"]),
            ]
            var n = 0
            for level in ["I", "II", "III", "IV"] {
                for (areaName, codes) in areas {
                    let paths = codes.map { JurisdictionCode(rawValue: $0)!.path }
                    for (actorName, actor) in actors {
                        n += 1
                        let mayChange = paths.allSatisfy(actor.scope.contains)
                        #expect(AccessPolicy.mayChange(areas: paths, by: actor) == mayChange)
                        let input = IncidentInput(title: "演练 \(n)", level: level, jurisdictions: codes)
                        let declared = try? await services.dispatch.declareIncident(input, key: "d-\(n)", by: actor)
                        #expect(
                            (declared != nil) == mayChange,
                            "\(actorName) declares a level \(level) event over the \(areaName)")
                        // The event as the nation declared it: who may read it, who may change it.
                        let event = try await services.dispatch.declareIncident(input, key: "n-\(n)", by: .system)
                        let reads = (try? await services.dispatch.incident(event.id, for: actor)) != nil
                        #expect(
                            reads == AccessPolicy.mayRead(areas: paths, by: actor),
                            "\(actorName) reads the \(areaName) event")
                        let other = level == "I" ? "II" : "I"
                        let raiseOrLower = try? await services.dispatch.changeIncident(
                            event.id, IncidentChangeInput(level: other), key: "c-\(n)", by: actor)
                        #expect(
                            (raiseOrLower != nil) == mayChange,
                            "\(actorName) moves a level \(level) \(areaName) event to \(other)")
                        let end = try? await services.dispatch.changeIncident(
                            event.id, IncidentChangeInput(note: "解除"), key: "e-\(n)", by: actor)
                        #expect((end != nil) == mayChange, "\(actorName) ends a level \(level) \(areaName) event")
                        let after = try await services.dispatch.incident(event.id, for: .system)
                        #expect(
                            after.timeline.count == (mayChange ? 3 : 1),
                            "a refused change leaves the timeline as it was")
                    }
                }
            }
        }
    }

    // MARK: - Reference data

    @Test(arguments: TestDatabase.allCases)
    func referenceDataIsChangedOnlyInsideTheScope(_ engine: TestDatabase) async throws {
        try await withApp(engine) { _, services in
            let w = try await World.build(services)
            let a = w.officerA
            // updateJurisdiction: the county officer reads the city, but may not set its population.
            _ = try await services.reference.jurisdiction("5201", for: a)
            await Self.refused("a county officer sets the city's population") {
                _ = try await services.reference.setPopulation("5201", to: 1, by: a)
            }
            // createUnit / updateUnit: not in another county, not moved out of the scope.
            await Self.refused("a unit created in another county") {
                _ = try await services.reference.createUnit(
                    UnitProfile(kind: .supplyOffice, name: "x", jurisdiction: JurisdictionCode(rawValue: "520103")!),
                    by: a)
            }
            _ = try await services.reference.unit(w.hospital, for: a)
            let moved = UnitProfile(
                kind: .medicalInstitution, name: "南明区人民医院", jurisdiction: JurisdictionCode(rawValue: "520103")!,
                hospitalGrade: .grade2A, beds: 500)
            await Self.refused("a unit moved out of the scope") {
                _ = try await services.reference.updateUnit(w.hospital, moved, by: a)
            }
            // createDepot / updateDepot: likewise.
            var depot = try await services.reference.depot(w.nanming, for: a).profile
            depot.code = "NEW-1"
            depot.jurisdiction = JurisdictionCode(rawValue: "520103")!
            let elsewhere = depot
            await Self.refused("a depot created in another county") {
                _ = try await services.reference.createDepot(elsewhere, by: a)
            }
            var nanming = try await services.reference.depot(w.nanming, for: a).profile
            nanming.jurisdiction = JurisdictionCode(rawValue: "520103")!
            let movedDepot = nanming
            await Self.refused("a depot moved out of the scope") {
                _ = try await services.reference.updateDepot(w.nanming, movedDepot, by: a)
            }
            // createItem / updateItem / reviseCatalogue: one catalogue serves every county below a province.
            let city = w.cityOfficer
            let mask = try await services.reference.item(w.mask, for: city).definition
            var copy = mask
            copy.code = "PPE-9999"
            let newItem = copy
            await Self.refused("a city officer adds to the catalogue") {
                _ = try await services.reference.createItem(newItem, by: city)
            }
            await Self.refused("a city officer edits an item") {
                _ = try await services.reference.updateItem(w.mask, mask, by: city)
            }
            await Self.refused("a city officer revises the catalogue") {
                _ = try await services.reference.reviseCatalogue(
                    CatalogueRevision(title: "x", itemCodes: [mask.code]), by: city)
            }
            // setItemPrice: market prices are a province matter; the city reads them but sets none.
            _ = try await services.reference.prices(w.mask, page: PageRequest(), for: city)
            await Self.refused("a city officer sets a market price") {
                _ = try await services.reference.setPrice(
                    w.mask, PriceInput(effectiveFrom: "2026-11-24", priceFen: 1), key: "p", by: city)
            }
            #expect(try await services.reference.prices(w.mask, page: PageRequest(), for: .system).total == 0)
            // createUser: an administrator of a county grants nothing above it.
            let countyAdmin = try await services.access.createUser(
                NewUser(
                    username: "admin.county", displayName: "x", password: World.password, role: .administrator,
                    jurisdiction: "520102"), by: .system)
            let admin = try #require(try await services.access.actor(userID: countyAdmin.id))
            await Self.refused("a county administrator creates a city officer") {
                _ = try await services.access.createUser(
                    NewUser(
                        username: "officer.x", displayName: "x", password: World.password, role: .supplyOfficer,
                        jurisdiction: "5201"), by: admin)
            }
            #expect(try await services.reference.unit(w.hospital, for: .system).jurisdictionCode == "520102")
            #expect(
                try await services.reference.depot(w.nanming, for: .system).profile.jurisdiction.rawValue == "520102")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func tokensAreIssuedToTheirOwnUserOnly(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            let wrong = try await send(
                app, .POST, "/api/v1/auth/tokens", json: #"{"username":"officer.a","password":"not the password"}"#)
            #expect(wrong.status == .unauthorized)
            let right = try await send(
                app, .POST, "/api/v1/auth/tokens", json: #"{"username":"officer.a","password":"\#(World.password)"}"#)
            let token = try #require(right.json["token"] as? String)
            let me = try await send(app, .GET, "/api/v1/me", token: token)
            #expect(me.json["username"] as? String == "officer.a", "the token acts as its own user, no one else")
            #expect(w.officerA.username == "officer.a")
        }
    }

    // MARK: - Stock

    @Test(arguments: TestDatabase.allCases)
    func stockMovesOnlyInDepotsTheActorReaches(_ engine: TestDatabase) async throws {
        try await withApp(engine) { _, services in
            let w = try await World.build(services)
            let b = w.officerB
            let op = w.operatorActor
            await Self.refused("another county holds a lot") {
                _ = try await services.stock.changeStatus(
                    LotStatusInput(lotId: w.lot, status: .held, reason: "x"), by: b)
            }
            await Self.refused("an enterprise holds a lot of a depot it does not run") {
                _ = try await services.stock.changeStatus(
                    LotStatusInput(lotId: w.lot, status: .held, reason: "x"), by: op)
            }
            await Self.refused("another county receives") {
                _ = try await services.stock.receive(
                    ReceiptInput(
                        depotId: w.nanming, itemId: w.mask, quantity: 1, batchNo: "Z", manufacturer: "M",
                        expiryDate: "2029-01-01"), key: "r", by: b)
            }
            await Self.refused("another county issues") {
                _ = try await services.stock.issue(IssueInput(lotId: w.lot, quantity: 1), key: "i", by: b)
            }
            await Self.refused("another county adjusts") {
                _ = try await services.stock.adjust(
                    LotQuantityInput(lotId: w.lot, quantity: -1, reason: "x"), key: "a", by: b)
            }
            await Self.refused("another county writes off") {
                _ = try await services.stock.requestWriteOff(
                    WriteOffInput(lotId: w.lot, quantity: 1, reason: "x"), key: "w", by: b)
            }
            await Self.refused("another county takes a return") {
                _ = try await services.stock.returnStock(LotQuantityInput(lotId: w.lot, quantity: 1), key: "t", by: b)
            }
            // Transfers need both depots: out of its own depot into another county's is refused too.
            await Self.refused("a transfer into a depot outside the scope") {
                _ = try await services.stock.transfer(
                    TransferInput(fromDepotId: w.yunyan, toDepotId: w.nanming, itemId: w.mask, quantity: 1), key: "x",
                    by: b)
            }
            #expect(try await services.stock.lot(w.lot, for: .system).onHand == 100)
            #expect(try await services.stock.lot(w.yunyanLot, for: .system).onHand == 50)
            #expect(try await services.stock.lot(w.lot, for: .system).status == .available)
        }
    }

    /// decideWriteOff: reading a write-off needs reach; deciding it needs an officer whose scope
    /// contains the depot, who is not the requester (R4.3).
    @Test(arguments: TestDatabase.allCases)
    func writeOffsAreDecidedByASecondPersonOverTheDepot(_ engine: TestDatabase) async throws {
        try await withApp(engine) { _, services in
            let w = try await World.build(services)
            let lot = try await services.stock.receive(
                ReceiptInput(
                    depotId: w.enterpriseDepot, itemId: w.mask, quantity: 10, batchNo: "E-WR", manufacturer: "M",
                    expiryDate: "2027-01-01"),
                key: "e", by: .system
            ).movements[0].lotId
            let byOperator = try await services.stock.requestWriteOff(
                WriteOffInput(lotId: lot, quantity: 4, reason: "破损"), key: "o", by: w.operatorActor)
            let byOfficer = try await services.stock.requestWriteOff(
                WriteOffInput(lotId: w.lot, quantity: 4, reason: "破损"), key: "a", by: w.officerA)
            // The enterprise reads its own request but does not decide it.
            _ = try await services.stock.writeOff(byOperator.id, for: w.operatorActor)
            await Self.refused("the operator approves its own write-off") {
                _ = try await services.stock.decideWriteOff(
                    byOperator.id, WriteOffDecisionInput(approve: true), key: "d-o", by: w.operatorActor)
            }
            // The county officer reads and may decide the operator's, but not the one it asked for itself.
            _ = try await services.stock.writeOff(byOfficer.id, for: w.officerA)
            await Self.refused("an officer approves the write-off it requested") {
                _ = try await services.stock.decideWriteOff(
                    byOfficer.id, WriteOffDecisionInput(approve: true), key: "d-a", by: w.officerA)
            }
            // Another county's officer may not; an auditor, who reads everything in scope, may not either.
            await Self.refused("another county approves") {
                _ = try await services.stock.decideWriteOff(
                    byOperator.id, WriteOffDecisionInput(approve: true), key: "d-b", by: w.officerB)
            }
            _ = try await services.stock.writeOff(byOperator.id, for: w.auditor)
            await Self.refused("an auditor approves") {
                _ = try await services.stock.decideWriteOff(
                    byOperator.id, WriteOffDecisionInput(approve: true), key: "d-x", by: w.auditor)
            }
            #expect(try await services.stock.lot(lot, for: .system).onHand == 10)
            #expect(try await services.stock.lot(w.lot, for: .system).onHand == 100)
            #expect(
                try await services.stock.writeOffs(WriteOffFilter(status: .pending), page: PageRequest(), for: .system)
                    .total == 2)
            _ = try await services.stock.decideWriteOff(
                byOperator.id, WriteOffDecisionInput(approve: true), key: "d-ok", by: w.officerA)
            #expect(try await services.stock.lot(lot, for: .system).onHand == 6)
            #expect(try await services.operations.verify().isClean)
        }
    }

    // MARK: - Requests and orders

    @Test(arguments: TestDatabase.allCases)
    func requestsAreMovedByTheirPartiesOnly(_ engine: TestDatabase) async throws {
        try await withApp(engine) { _, services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            // createRequest: for one's own unit, or a unit in the scope.
            await Self.refused("another county requests for the hospital") {
                _ = try await services.dispatch.createRequest(
                    RequestInput(
                        unitId: w.hospital, priority: .high, neededBy: testNow.addingTimeInterval(3600),
                        deliveryPlace: "x",
                        lines: [RequestLineInput(itemId: w.mask, quantity: 1)]), key: "c", by: w.officerB)
            }
            let draft = try await l.draft(services, quantity: 10, key: "d")
            // actOnRequest — submit: the requester's side only.
            await Self.refused("another county submits the hospital's request") {
                _ = try await services.dispatch.changeRequest(draft.id, .submit, key: "s-b", by: w.officerB)
            }
            let submitted = try await services.dispatch.changeRequest(draft.id, .submit, key: "s", by: l.requester)
            // At level I over the city the county's right is frozen: the county officer reads the
            // request but may neither approve nor reject it; the city may.
            _ = try await services.dispatch.declareIncident(
                IncidentInput(title: "Ⅰ级", level: "I", jurisdictions: ["5201"]), key: "i", by: w.cityOfficer)
            _ = try await services.dispatch.request(submitted.id, for: w.officerA)
            await Self.refused("a frozen county rejects") {
                _ = try await services.dispatch.rejectRequest(submitted.id, note: "x", key: "r-a", by: w.officerA)
            }
            await Self.refused("a frozen county approves") {
                _ = try await services.dispatch.approveRequest(
                    submitted.id,
                    ApprovalInput(lines: [ApprovalLineInput(itemId: w.mask, depotId: w.nanming, quantity: 10)]),
                    key: "a-a", by: w.officerA)
            }
            await Self.refused("a frozen county approves a plan") {
                _ = try await services.allocation.approveAllocationPlan(
                    AllocationPlanInput(requestIds: [submitted.id]), key: "p-a", for: w.officerA)
            }
            // planAllocation stores nothing, whoever asks.
            _ = try? await services.allocation.allocationPlan(
                AllocationPlanInput(requestIds: [submitted.id]), for: w.officerA)
            #expect(try await services.dispatch.request(submitted.id, for: .system).orders.isEmpty)
            // paperwork: the approving office's. The city approves execute-first; the county may not close its
            // paperwork.
            let approved = try await services.dispatch.approveRequest(
                submitted.id,
                ApprovalInput(
                    lines: [ApprovalLineInput(itemId: w.mask, depotId: w.nanming, quantity: 10)], executeFirst: true),
                key: "a-city", by: w.cityOfficer)
            #expect(approved.executeFirst)
            await Self.refused("the county closes the city's paperwork") {
                _ = try await services.dispatch.completePaperwork(approved.id, key: "pw-a", by: w.officerA)
            }
            _ = try await services.dispatch.completePaperwork(approved.id, key: "pw-city", by: w.cityOfficer)
            #expect(try await services.dispatch.request(submitted.id, for: .system).status == .approved)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func ordersAreMovedByTheirPartiesOnly(_ engine: TestDatabase) async throws {
        try await withApp(engine) { _, services in
            let l = try await DispatchLoop.make(services)
            let w = l.world
            // Yunyan's masks to the Nanming hospital, approved by the city.
            let box = try #require(
                try await services.reference.items(ItemFilter(), page: PageRequest(per: 500), for: .system).items
                    .first { $0.definition.code == "SMP-0004" })
            _ = try await services.stock.receive(
                ReceiptInput(
                    depotId: w.yunyan, itemId: box.id, quantity: 10, batchNo: "BOX", manufacturer: "M",
                    productionDate: "2026-01-01"), key: "box", by: .system)
            var request = try await services.dispatch.createRequest(
                RequestInput(
                    unitId: w.hospital, priority: .high, neededBy: testNow.addingTimeInterval(3600),
                    deliveryPlace: "采样点",
                    lines: [RequestLineInput(itemId: box.id, quantity: 4, post: .sampleTransport)]), key: "r",
                by: l.requester)
            request = try await services.dispatch.changeRequest(request.id, .submit, key: "s", by: l.requester)
            request = try await services.dispatch.approveRequest(
                request.id, ApprovalInput(lines: [ApprovalLineInput(itemId: box.id, depotId: w.yunyan, quantity: 4)]),
                key: "a", by: w.cityOfficer)
            let order = try #require(request.orders.first)
            // The receiver's county reads the order, but the depot's steps are not its to take.
            _ = try await services.dispatch.order(order.id, for: w.officerA)
            await Self.refused("the receiver's county acknowledges for the depot") {
                _ = try await services.dispatch.track(
                    order.id, TrackingInput(action: .acknowledge), key: "t-a", by: w.officerA)
            }
            // The depot's county may not cancel what the city approved.
            await Self.refused("the depot's county cancels the city's order") {
                _ = try await services.dispatch.track(
                    order.id, TrackingInput(action: .cancel), key: "c-b", by: w.officerB)
            }
            for action in [DispatchOrderAction.acknowledge, .pick, .load, .depart, .arrive] {
                _ = try await services.dispatch.track(
                    order.id, TrackingInput(action: action), key: action.rawValue, by: w.officerB)
            }
            // The depot's county reads the order but does not sign for the receiver.
            let line = try #require(try await services.dispatch.order(order.id, for: w.officerB).lines.first)
            await Self.refused("the depot's county signs for the hospital") {
                _ = try await services.dispatch.sign(
                    order.id, SignInput(lines: [SignLineInput(lineId: line.id, accepted: 4)]), key: "g-b",
                    by: w.officerB)
            }
            _ = try await services.dispatch.sign(
                order.id, SignInput(lines: [SignLineInput(lineId: line.id, accepted: 4)]), key: "g", by: l.requester)
            // The boxes return to Yunyan's depot: the receiver's county may not put them back there.
            await Self.refused("the receiver's county recovers into another county's depot") {
                _ = try await services.dispatch.recover(
                    order.id, [RecoveryInput(lineId: line.id, quantity: 2, disinfected: true, grid: "G", round: 1)],
                    key: "rc-a", by: w.officerA)
            }
            let back = try await services.dispatch.recover(
                order.id, [RecoveryInput(lineId: line.id, quantity: 2, disinfected: true, grid: "G", round: 1)],
                key: "rc-b", by: w.officerB)
            #expect(back.lines.first?.recovered == 2)
            #expect(try await services.operations.verify().isClean)
        }
    }

    // MARK: - Reserve plans: drafted inside the scope, approved by the level above, never by the author

    @Test(arguments: TestDatabase.allCases)
    func reservePlansAreWrittenInsideTheScopeAndApprovedAbove(_ engine: TestDatabase) async throws {
        try await withApp(engine) { _, services in
            let w = try await World.build(services)
            let reserves = services.reserves
            let norm = NormFormula.peakDay(peakDailyUse: 2, days: 30)
            // Drafting: inside the scope only, never a unit-bound role or a reader.
            for (name, actor) in [("other county", w.officerB), ("auditor", w.auditor), ("operator", w.operatorActor)] {
                await Self.refused("\(name) drafts 520102's plan") {
                    _ = try await reserves.createPlan(
                        NewReservePlan(jurisdictionCode: "520102", reserveClass: .routine, title: "x"), by: actor)
                }
            }
            let plan = try await reserves.createPlan(
                NewReservePlan(jurisdictionCode: "520102", reserveClass: .routine, title: "南明区"), by: w.officerA)
            // Norms: the county and the levels above it; not the neighbour, a reader or an operator.
            for (name, actor) in [("other county", w.officerB), ("auditor", w.auditor), ("operator", w.operatorActor)] {
                await Self.refused("\(name) sets a norm") {
                    _ = try await reserves.setNorm(plan.id, itemID: w.mask, formula: norm, note: nil, by: actor)
                }
                await Self.refused("\(name) submits") { _ = try await reserves.submit(plan.id, by: actor) }
            }
            _ = try await reserves.setNorm(plan.id, itemID: w.vaccine, formula: norm, note: nil, by: w.cityOfficer)
            _ = try await reserves.removeNorm(plan.id, itemID: w.vaccine, by: w.officerA)
            _ = try await reserves.setNorm(plan.id, itemID: w.mask, formula: norm, note: nil, by: w.officerA)
            await Self.refused("other county removes a norm") {
                _ = try await reserves.removeNorm(plan.id, itemID: w.mask, by: w.officerB)
            }
            _ = try await reserves.submit(plan.id, by: w.officerA)
            // Approval: a scope strictly above the plan, never its own level, the neighbour or the author.
            for (name, actor) in [
                ("its own county", w.officerA), ("other county", w.officerB), ("auditor", w.auditor),
                ("operator", w.operatorActor),
            ] {
                await Self.refused("\(name) approves") { _ = try await reserves.approve(plan.id, note: nil, by: actor) }
                await Self.refused("\(name) rejects") { _ = try await reserves.reject(plan.id, note: "n", by: actor) }
            }
            #expect(try await reserves.approve(plan.id, note: nil, by: w.cityOfficer).status == .approved)
            await Self.refused("other county revises") { _ = try await reserves.revise(plan.id, by: w.officerB) }
            // The author never approves, even from above.
            let cityPlan = try await reserves.createPlan(
                NewReservePlan(jurisdictionCode: "520103", reserveClass: .emergency, title: "云岩区"), by: w.cityOfficer)
            _ = try await reserves.setNorm(cityPlan.id, itemID: w.mask, formula: norm, note: nil, by: w.cityOfficer)
            _ = try await reserves.submit(cityPlan.id, by: w.cityOfficer)
            await Self.refused("the author approves") {
                _ = try await reserves.approve(cityPlan.id, note: nil, by: w.cityOfficer)
            }
            #expect(try await reserves.approve(cityPlan.id, note: nil, by: .system).status == .approved)
        }
    }

    // MARK: - Alerts: refreshed by officers, acknowledged inside the scope, never by an auditor

    @Test(arguments: TestDatabase.allCases)
    func alertsAreAcknowledgedInsideTheScopeByThoseWhoAct(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            _ = try await services.stock.receive(
                ReceiptInput(
                    depotId: w.nanming, itemId: w.mask, quantity: 5, batchNo: "NEAR", manufacturer: "M",
                    productionDate: "2024-01-01", expiryDate: "2026-12-31"), key: "near", by: .system)
            // Refreshing: officers and administrators; not an auditor or an operator.
            for name in ["auditor", "operator"] {
                let refused = try await send(app, .POST, "/api/v1/alerts/refresh", token: w.token(name))
                #expect(refused.status == .forbidden, "\(name): \(refused.text)")
            }
            let refreshed = try await send(app, .POST, "/api/v1/alerts/refresh", token: w.token("officer.b"))
            #expect(refreshed.json["raised"] as? Int == 1, "\(refreshed.text)")
            let alert = try #require(
                try await services.alerts.alerts(AlertFilter(), page: PageRequest(), for: w.officerA).items.first)
            for (name, actor) in [("other county", w.officerB), ("auditor", w.auditor), ("operator", w.operatorActor)] {
                await Self.refused("\(name) acknowledges") {
                    _ = try await services.alerts.acknowledge(alert.id, comment: "x", by: actor)
                }
            }
            let done = try await send(
                app, .POST, "/api/v1/alerts/\(alert.id.uuidString)/acknowledgement", token: w.token("officer.city"),
                json: #"{"comment":"已通知南明区轮换"}"#)
            #expect(done.json["status"] as? String == "acknowledged", "\(done.text)")
        }
    }

    // MARK: - Stocktakes: counted by those who move the depot's stock, approved by another person

    @Test(arguments: TestDatabase.allCases)
    func stocktakesAreCountedByTheDepotAndApprovedByASecondPerson(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            let stock = services.stock
            for (name, actor) in [("other county", w.officerB), ("auditor", w.auditor), ("operator", w.operatorActor)] {
                await Self.refused("\(name) starts nanming's count") {
                    _ = try await stock.startStocktake(depotID: w.nanming, limitFen: 0, by: actor)
                }
            }
            let take = try await stock.startStocktake(depotID: w.nanming, limitFen: 0, by: w.officerA)
            for (name, actor) in [("other county", w.officerB), ("auditor", w.auditor), ("operator", w.operatorActor)] {
                await Self.refused("\(name) counts") {
                    _ = try await stock.recordCounts(take.id, [StocktakeCount(lotId: w.lot, counted: 1)], by: actor)
                }
                await Self.refused("\(name) counts by tag") {
                    _ = try await stock.recordTags(take.id, [(epc: "E2801160", lotId: w.lot)], by: actor)
                }
                await Self.refused("\(name) submits") {
                    _ = try await stock.actOnStocktake(take.id, .submit, note: nil, by: actor)
                }
            }
            // RFID through the API: three distinct tags (one read twice) are three units.
            let tags = try await send(
                app, .PUT, "/api/v1/stocktakes/\(take.id.uuidString)/tags", token: w.token("officer.a"),
                json: #"""
                    {"tags":[{"epc":"E28011600001","lotId":"\#(w.lot.uuidString)"},\#
                    {"epc":"E28011600002","lotId":"\#(w.lot.uuidString)"},\#
                    {"epc":"e28011600002","lotId":"\#(w.lot.uuidString)"},\#
                    {"epc":"E28011600003","lotId":"\#(w.lot.uuidString)"}]}
                    """#)
            #expect(tags.status == .ok, "\(tags.text)")
            #expect(((tags.json["lines"] as? [[String: Any]])?.first?["counted"] as? Int) == 3)
            let foreign = try await send(
                app, .PUT, "/api/v1/stocktakes/\(take.id.uuidString)/counts", token: w.token("officer.a"),
                json: #"{"counts":[{"lotId":"\#(w.yunyanLot.uuidString)","counted":1}]}"#)
            #expect(foreign.status == .conflict || foreign.status == .badRequest, "\(foreign.text)")
            #expect(foreign.json["field"] as? String == "counts[0].lotId")
            _ = try await stock.recordCounts(
                take.id, [StocktakeCount(lotId: w.lot, counted: 99, reason: "少 1 只")], by: w.officerA)
            _ = try await stock.actOnStocktake(take.id, .submit, note: nil, by: w.officerA)
            for (name, actor) in [
                ("the submitter", w.officerA), ("other county", w.officerB), ("auditor", w.auditor),
                ("operator", w.operatorActor),
            ] {
                await Self.refused("\(name) approves") {
                    _ = try await stock.actOnStocktake(take.id, .approve, note: nil, by: actor)
                }
            }
            let approved = try await send(
                app, .POST, "/api/v1/stocktakes/\(take.id.uuidString)/actions", token: w.token("officer.city"),
                json: #"{"action":"approve","note":"核实"}"#)
            #expect(approved.json["status"] as? String == "completed", "\(approved.text)")
            #expect(try await stock.lot(w.lot, for: .system).onHand == 99)
        }
    }

    // MARK: - Exchanges: each side writes for its own lots; two people approve

    @Test(arguments: TestDatabase.allCases)
    func exchangesAreWrittenByEachSideForItsOwnLots(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            let stock = services.stock
            let offer = ExchangeOffer(
                jurisdictionCode: "520102", counterpartCode: "520103", receivingDepotId: w.nanming,
                lines: [ExchangeLineInput(lotId: w.lot, quantity: 10)])
            for (name, actor) in [("other county", w.officerB), ("auditor", w.auditor), ("operator", w.operatorActor)] {
                await Self.refused("\(name) offers nanming's lots") {
                    _ = try await stock.offerExchange(offer, by: actor)
                }
            }
            // Offering another county's lot is refused, naming the line.
            do {
                _ = try await stock.offerExchange(
                    ExchangeOffer(
                        jurisdictionCode: "520102", counterpartCode: "520103", receivingDepotId: w.nanming,
                        lines: [ExchangeLineInput(lotId: w.yunyanLot, quantity: 1)]), by: w.officerA)
                Issue.record("another county's lot was offered")
            } catch let error as LifelineError {
                #expect(error.field == "lines[0].lotId")
            }
            let offered = try await stock.offerExchange(offer, by: w.officerA)
            let answer = ExchangeAnswer(
                receivingDepotId: w.yunyan, lines: [ExchangeLineInput(lotId: w.yunyanLot, quantity: 10)])
            for (name, actor) in [
                ("the offering county", w.officerA), ("auditor", w.auditor), ("operator", w.operatorActor),
            ] {
                await Self.refused("\(name) answers") {
                    _ = try await stock.answerExchange(offered.id, answer, by: actor)
                }
            }
            let answered = try await send(
                app, .PUT, "/api/v1/exchanges/\(offered.id.uuidString)/answer", token: w.token("officer.b"),
                json: #"""
                    {"receivingDepotId":"\#(w.yunyan.uuidString)",\#
                    "lines":[{"lotId":"\#(w.yunyanLot.uuidString)","quantity":10}]}
                    """#)
            #expect(answered.json["status"] as? String == "matched", "\(answered.text)")
            for (name, actor) in [("auditor", w.auditor), ("operator", w.operatorActor)] {
                await Self.refused("\(name) approves") {
                    _ = try await stock.actOnExchange(offered.id, .approve, note: nil, by: actor)
                }
            }
            // The city acts for both sides, but one person approves once.
            _ = try await stock.actOnExchange(offered.id, .approve, note: nil, by: w.cityOfficer)
            await #expect(throws: LifelineError.self) {
                try await stock.actOnExchange(offered.id, .approve, note: nil, by: w.cityOfficer)
            }
            let done = try await send(
                app, .POST, "/api/v1/exchanges/\(offered.id.uuidString)/actions", token: w.token("officer.b"),
                json: #"{"action":"approve"}"#)
            #expect(done.json["status"] as? String == "executed", "\(done.text)")
        }
    }

    // MARK: - Townships: under a county inside the scope

    @Test(arguments: TestDatabase.allCases)
    func townshipsAreRegisteredUnderACountyInsideTheScope(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            let body = #"{"name":"中华南路街道","longitude":106.71,"latitude":26.57,"population":52000}"#
            let neighbour = try await send(
                app, .PUT, "/api/v1/jurisdictions/520102001", token: w.token("officer.b"), json: body)
            #expect(neighbour.status == .forbidden, "\(neighbour.text)")
            let created = try await send(
                app, .PUT, "/api/v1/jurisdictions/520102001", token: w.token("officer.a"), json: body)
            #expect(created.status == .ok, "\(created.text)")
            #expect(created.json["level"] as? String == "township")
            #expect(created.json["path"] as? String == "CN/52/5201/520102/520102001")
            // Not a township code, a county that does not exist, half a location: named, nothing stored.
            for (code, field) in [("5201020", "code"), ("520199001", "code")] {
                let refused = try await send(
                    app, .PUT, "/api/v1/jurisdictions/\(code)", token: w.token("officer.city"), json: body)
                #expect(refused.json["field"] as? String == field, "\(code): \(refused.text)")
            }
            let half = try await send(
                app, .PUT, "/api/v1/jurisdictions/520102002", token: w.token("officer.a"),
                json: #"{"name":"x","longitude":106.7}"#)
            #expect(half.status == .badRequest && half.json["field"] as? String == "latitude", "\(half.text)")
            let children = try await services.reference.jurisdictions(
                JurisdictionFilter(parent: "520102"), page: PageRequest(), for: w.officerA)
            #expect(children.items.map(\.code) == ["520102001"])
            // CSV: all or nothing, once by content.
            let csv = "code,name,longitude,latitude,population\n520102003,花果园街道,106.68,26.56,80000\n520102004,油榨街道,,,\n"
            let report = try await services.operations.importCSV(.townships, text: csv, by: w.officerA)
            #expect(report.created == 2)
            #expect(try await services.operations.importCSV(.townships, text: csv, by: w.officerA).unchanged == 2)
            do {
                _ = try await services.operations.importCSV(.townships, text: csv, by: w.officerB)
                Issue.record("the neighbour imported townships of 520102")
            } catch let error as LifelineError {
                #expect(error.code == .importFailed && error.message(.en).contains("outside"), "\(error.message(.en))")
            }
        }
    }

    // MARK: - Raw materials: recorded by officers inside their scope

    @Test(arguments: TestDatabase.allCases)
    func rawMaterialsAreRecordedInsideTheScope(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            let body = #"{"jurisdictionCode":"5201","stock":120,"monthlyUse":60}"#
            for name in ["officer.a", "auditor", "operator"] {
                let refused = try await send(
                    app, .PUT, "/api/v1/raw-materials/melt_blown", token: w.token(name), json: body)
                #expect(refused.status == .forbidden, "\(name): \(refused.text)")
            }
            let set = try await send(
                app, .PUT, "/api/v1/raw-materials/melt_blown", token: w.token("officer.city"), json: body)
            #expect(set.json["proposedPurchase"] as? Int == 60, "\(set.text)")
            let supplier = #"{"material":"melt_blown","name":"贵州某无纺布厂","agreedPriceFen":2000000}"#
            for name in ["auditor", "operator"] {
                let refused = try await send(
                    app, .POST, "/api/v1/raw-material-suppliers", token: w.token(name), json: supplier)
                #expect(refused.status == .forbidden, "\(name): \(refused.text)")
            }
            let added = try await send(
                app, .POST, "/api/v1/raw-material-suppliers", token: w.token("officer.city"), json: supplier)
            #expect(added.status == .created, "\(added.text)")
            #expect(added.json["path"] as? String == "CN/52/5201")
        }
    }

    // MARK: - Agreements and subsidies: inside the scope

    @Test(arguments: TestDatabase.allCases)
    func agreementsAndSubsidiesAreWrittenInsideTheScope(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            let mask = try await services.reference.item(w.mask, for: .system).definition.code
            let body = """
                {"kind":"storage","jurisdictionCode":"520102","enterpriseId":"\(w.enterprise.uuidString)",\
                "startDay":"2026-01-01","endDay":"2027-12-31","lines":[{"itemCode":"\(mask)","quantity":40}]}
                """
            for name in ["officer.b", "auditor", "operator"] {
                let refused = try await send(app, .POST, "/api/v1/agreements", token: w.token(name), json: body)
                #expect(refused.status == .forbidden, "\(name): \(refused.text)")
            }
            let signed = try await send(app, .POST, "/api/v1/agreements", token: w.token("officer.a"), json: body)
            #expect(signed.status == .created, "\(signed.text)")
            let id = try #require(signed.json["id"] as? String)
            let reason = #"{"reason":"企业退出"}"#
            for name in ["officer.b", "auditor", "operator"] {
                let refused = try await send(
                    app, .POST, "/api/v1/agreements/\(id)/revoke", token: w.token(name), json: reason)
                #expect(refused.status == .forbidden, "\(name): \(refused.text)")
            }
            let revoked = try await send(
                app, .POST, "/api/v1/agreements/\(id)/revoke", token: w.token("officer.city"), json: reason)
            #expect(revoked.json["status"] as? String == "revoked", "\(revoked.text)")
            let period = #"{"jurisdictionCode":"520102","startDay":"2025-01-01","endDay":"2025-03-31"}"#
            for name in ["officer.b", "auditor", "operator"] {
                let refused = try await send(app, .POST, "/api/v1/subsidy-periods", token: w.token(name), json: period)
                #expect(refused.status == .forbidden, "\(name): \(refused.text)")
            }
            let opened = try await send(
                app, .POST, "/api/v1/subsidy-periods", token: w.token("officer.a"), json: period)
            #expect(opened.status == .created, "\(opened.text)")
            let periodID = try #require(opened.json["id"] as? String)
            for name in ["officer.b", "auditor", "operator"] {
                let refused = try await send(
                    app, .POST, "/api/v1/subsidy-periods/\(periodID)/close", token: w.token(name))
                #expect(refused.status == .forbidden || refused.status == .notFound, "\(name): \(refused.text)")
            }
            let closed = try await send(
                app, .POST, "/api/v1/subsidy-periods/\(periodID)/close", token: w.token("officer.a"))
            #expect((closed.json["period"] as? [String: Any])?["status"] as? String == "closed", "\(closed.text)")
        }
    }

    // MARK: - Oversight: where the actor reaches

    @Test(arguments: TestDatabase.allCases)
    func oversightIsWrittenWhereTheActorReaches(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            // Cold chain: the county's depot, by its county's officer only.
            let batch = """
                {"depotId":"\(w.nanming.uuidString)","zone":"ambient",\
                "readings":[{"at":"2026-11-20T08:00:00Z","tenths":350}]}
                """
            for name in ["officer.b", "auditor", "operator"] {
                let refused = try await send(
                    app, .POST, "/api/v1/temperature-readings", token: w.token(name), json: batch)
                #expect(refused.status == .forbidden, "\(name): \(refused.text)")
            }
            let ingested = try await send(
                app, .POST, "/api/v1/temperature-readings", token: w.token("officer.a"), json: batch)
            let excursion = try #require(ingested.json["excursion"] as? [String: Any], "\(ingested.text)")
            #expect((excursion["heldLotIds"] as? [String])?.contains(w.lot.uuidString) == true)
            let excursionID = try #require(excursion["id"] as? String)
            let decision = #"{"action":"release","note":"探头故障，复核温度正常"}"#
            for name in ["officer.b", "auditor", "operator"] {
                let refused = try await send(
                    app, .POST, "/api/v1/excursions/\(excursionID)/decision", token: w.token(name), json: decision)
                #expect(refused.status == .forbidden, "\(name): \(refused.text)")
            }
            let released = try await send(
                app, .POST, "/api/v1/excursions/\(excursionID)/decision", token: w.token("officer.a"), json: decision)
            #expect(released.json["status"] as? String == "released", "\(released.text)")
            // Weekly reports: compiled by officers; confirmed by the enterprise or an officer over it.
            let mask = try await services.reference.item(w.mask, for: .system).definition.code
            _ = try await services.reserves.createAgreement(
                NewAgreement(
                    kind: .storage, jurisdictionCode: "520102", enterpriseId: w.enterprise, startDay: "2026-01-01",
                    endDay: "2027-12-31", lines: [NewAgreementLine(itemCode: mask, quantity: 40)]), by: w.officerA)
            for name in ["auditor", "operator"] {
                let refused = try await send(app, .POST, "/api/v1/weekly-reports", token: w.token(name), json: "{}")
                #expect(refused.status == .forbidden, "\(name): \(refused.text)")
            }
            let compiled = try await send(app, .POST, "/api/v1/weekly-reports", token: w.token("officer.a"), json: "{}")
            #expect(compiled.json["compiled"] as? Int == 1, "\(compiled.text)")
            let report = try #require(
                try await services.reserves.weeklyReports(week: nil, page: PageRequest(), for: w.officerA).items.first)
            for name in ["officer.b", "auditor"] {
                let refused = try await send(
                    app, .POST, "/api/v1/weekly-reports/\(report.id.uuidString)/confirm", token: w.token(name))
                #expect(refused.status == .forbidden, "\(name): \(refused.text)")
            }
            let confirmed = try await send(
                app, .POST, "/api/v1/weekly-reports/\(report.id.uuidString)/confirm", token: w.token("operator"))
            #expect(confirmed.json["status"] as? String == "confirmed", "\(confirmed.text)")
            // Inspections: planned and completed inside the scope, by officers or inspectors.
            let plan = """
                {"jurisdictionCode":"520102","enterpriseId":"\(w.enterprise.uuidString)","title":"季度抽检",\
                "plannedDay":"2026-12-01"}
                """
            for name in ["officer.b", "auditor", "operator"] {
                let refused = try await send(app, .POST, "/api/v1/inspections", token: w.token(name), json: plan)
                #expect(refused.status == .forbidden, "\(name): \(refused.text)")
            }
            let planned = try await send(app, .POST, "/api/v1/inspections", token: w.token("officer.city"), json: plan)
            let inspectionID = try #require(planned.json["id"] as? String, "\(planned.text)")
            let outcome = #"{"result":"fail","finding":"revocation","notes":"温控记录缺失"}"#
            for name in ["officer.b", "auditor", "operator"] {
                let refused = try await send(
                    app, .POST, "/api/v1/inspections/\(inspectionID)/complete", token: w.token(name), json: outcome)
                #expect(refused.status == .forbidden, "\(name): \(refused.text)")
            }
            let done = try await send(
                app, .POST, "/api/v1/inspections/\(inspectionID)/complete", token: w.token("officer.a"), json: outcome)
            #expect(done.json["status"] as? String == "completed", "\(done.text)")
            let agreements = try await services.reserves.agreements(
                AgreementFilter(), page: PageRequest(), for: w.officerA)
            #expect(agreements.items.allSatisfy { $0.status == .revoked })
        }
    }

    // MARK: - Rotation and office parameters: inside the scope

    @Test(arguments: TestDatabase.allCases)
    func rotationAndParametersAreWrittenInsideTheScope(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            let parameters = """
                {"reserve":{"maskDailyUsePerPerson":0.2,"maskDays":15,"suitDailyUsePerBed":1.6,"suitDays":30,\
                "level2BedsPerThousand":4.2,"peakDays":30,"consumptionMonths":36,"alertPercent":75,\
                "tierSplit":{"nation":15,"province":30,"city":25,"county":30}},\
                "rotation":{"first":200,"second":100,"last":30}}
                """
            for name in ["officer.b", "auditor", "operator"] {
                let refused = try await send(
                    app, .PUT, "/api/v1/reserve-parameters/520102", token: w.token(name), json: parameters)
                #expect(refused.status == .forbidden, "\(name): \(refused.text)")
            }
            let stored = try await send(
                app, .PUT, "/api/v1/reserve-parameters/520102", token: w.token("officer.a"), json: parameters)
            #expect(stored.json["source"] as? String == "520102", "\(stored.text)")
            let mask = try await services.reference.item(w.mask, for: .system).definition.code
            let year = services.reserves.today.components.year
            let quota = """
                {"unitId":"\(w.hospital.uuidString)","itemCode":"\(mask)","year":\(year),"quota":50}
                """
            for name in ["officer.b", "auditor", "operator"] {
                let refused = try await send(app, .PUT, "/api/v1/purchase-quotas", token: w.token(name), json: quota)
                #expect(refused.status == .forbidden, "\(name): \(refused.text)")
            }
            let set = try await send(app, .PUT, "/api/v1/purchase-quotas", token: w.token("officer.a"), json: quota)
            #expect(set.json["remaining"] as? Int == 50, "\(set.text)")
            let plan = #"{"jurisdictionCode":"520102","allowSale":false}"#
            for name in ["officer.b", "auditor", "operator"] {
                let refused = try await send(app, .POST, "/api/v1/rotation-plans", token: w.token(name), json: plan)
                #expect(refused.status == .forbidden, "\(name): \(refused.text)")
            }
            let proposed = try await send(app, .POST, "/api/v1/rotation-plans", token: w.token("officer.a"), json: plan)
            let id = try #require(proposed.json["id"] as? String, "\(proposed.text)")
            for name in ["officer.b", "auditor", "operator"] {
                let refused = try await send(
                    app, .POST, "/api/v1/rotation-plans/\(id)/actions", token: w.token(name),
                    json: #"{"action":"execute"}"#)
                #expect(refused.status == .forbidden || refused.status == .notFound, "\(name): \(refused.text)")
            }
            let executed = try await send(
                app, .POST, "/api/v1/rotation-plans/\(id)/actions", token: w.token("officer.city"),
                json: #"{"action":"execute"}"#)
            #expect(executed.json["status"] as? String == "executed", "\(executed.text)")
            // A proposal to revise the county's approved plan: decided inside its scope only.
            let routine = try await services.reserves.createPlan(
                NewReservePlan(jurisdictionCode: "520102", reserveClass: .routine, title: "常规"), by: w.officerA)
            _ = try await services.reserves.setNorm(
                routine.id, itemID: w.mask, formula: .peakDay(peakDailyUse: 10, days: 30), note: nil, by: w.officerA)
            _ = try await services.reserves.submit(routine.id, by: w.officerA)
            _ = try await services.reserves.approve(routine.id, note: nil, by: w.cityOfficer)
            _ = try await services.reference.reviseCatalogue(
                CatalogueRevision(title: "新版目录", itemCodes: [mask]), by: .system)
            try await services.reserves.proposePlanChanges()
            let proposal = try #require(
                try await services.reserves.planProposals(status: .open, page: PageRequest(), for: w.officerA).items
                    .first)
            for name in ["officer.b", "auditor", "operator"] {
                let refused = try await send(
                    app, .POST, "/api/v1/plan-proposals/\(proposal.id.uuidString)/decision", token: w.token(name),
                    json: #"{"accept":true}"#)
                #expect(refused.status == .forbidden, "\(name): \(refused.text)")
            }
            let accepted = try await send(
                app, .POST, "/api/v1/plan-proposals/\(proposal.id.uuidString)/decision", token: w.token("officer.a"),
                json: #"{"accept":true}"#)
            #expect(accepted.json["status"] as? String == "accepted", "\(accepted.text)")
        }
    }

    // MARK: - Kits: defined by catalogue editors, made where the actor reaches

    @Test(arguments: TestDatabase.allCases)
    func kitsAreDefinedByCatalogueEditorsAndMadeWhereTheActorReaches(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            let mask = try await services.reference.item(w.mask, for: .system).definition.code
            _ = try await services.reference.createItem(
                ItemDefinition(
                    code: "KIT-9", nameZh: "口罩包", nameEn: "Mask kit", reserveClass: .emergency, category: .kits,
                    unitZh: "包", unitEn: "kit", shelfLifeDays: 0, storage: .ambient, reusable: false,
                    unitPriceFen: 100, volumeCm3: 100), by: .system)
            let body = """
                {"code":"MK","nameZh":"口罩包","nameEn":"Mask kit","level":"other","kitItemCode":"KIT-9",\
                "components":[{"itemCode":"\(mask)","quantity":5}]}
                """
            for name in ["auditor", "operator"] {
                let refused = try await send(app, .POST, "/api/v1/kits", token: w.token(name), json: body)
                #expect(refused.status == .forbidden, "\(name): \(refused.text)")
            }
            let defined = try await send(app, .POST, "/api/v1/kits", token: w.token("officer.a"), json: body)
            #expect(defined.status == .created, "\(defined.text)")
            let assemble = #"{"definitionCode":"MK","depotId":"\#(w.nanming.uuidString)","kits":4}"#
            for name in ["officer.b", "auditor", "operator"] {
                let refused = try await send(
                    app, .POST, "/api/v1/kits/assemblies", token: w.token(name), json: assemble)
                #expect(refused.status == .forbidden, "\(name): \(refused.text)")
            }
            let made = try await send(
                app, .POST, "/api/v1/kits/assemblies", token: w.token("officer.a"), json: assemble)
            let lot = try #require(made.json["kitLotId"] as? String, "\(made.text)")
            let apart = #"{"kitLotId":"\#(lot)","kits":1}"#
            for name in ["officer.b", "auditor", "operator"] {
                let refused = try await send(
                    app, .POST, "/api/v1/kits/disassemblies", token: w.token(name), json: apart)
                #expect(refused.status == .forbidden, "\(name): \(refused.text)")
            }
            let undone = try await send(
                app, .POST, "/api/v1/kits/disassemblies", token: w.token("officer.city"), json: apart)
            #expect(undone.status == .created, "\(undone.text)")
        }
    }

    // MARK: - The mass-testing standard: imported by one officer, approved by another

    @Test(arguments: TestDatabase.allCases)
    func aMassTestingStandardIsImportedByOneOfficerAndApprovedByAnother(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            var standard = MassTestingStandard.seed001
            standard.version = "WR-1"
            let data = try JSONEncoder().encode(["csv": standard.csv()])
            let body = String(decoding: data, as: UTF8.self)
            for name in ["auditor", "operator"] {
                let refused = try await send(
                    app, .POST, "/api/v1/mass-testing/standards", token: w.token(name), json: body)
                #expect(refused.status == .forbidden, "\(name): \(refused.text)")
            }
            let draft = try await send(
                app, .POST, "/api/v1/mass-testing/standards", token: w.token("officer.a"), json: body)
            let id = try #require(draft.json["id"] as? String, "\(draft.text)")
            for name in ["officer.a", "auditor", "operator"] {
                let refused = try await send(
                    app, .POST, "/api/v1/mass-testing/standards/\(id)/approval", token: w.token(name))
                #expect(refused.status == .forbidden, "\(name): \(refused.text)")
            }
            let approved = try await send(
                app, .POST, "/api/v1/mass-testing/standards/\(id)/approval", token: w.token("officer.b"))
            #expect(approved.json["status"] as? String == "approved", "\(approved.text)")
        }
    }

    // MARK: - Distribution points: inside the county's scope

    @Test(arguments: TestDatabase.allCases)
    func distributionPointsAreRegisteredInsideTheCounty(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            let body = """
                {"code":"DP-W","name":"网点","countyCode":"520102","longitude":106.72,"latitude":26.58,\
                "servedPoints":12,"prePackedPoints":5}
                """
            for name in ["officer.b", "auditor", "operator"] {
                let refused = try await send(app, .PUT, "/api/v1/distribution-points", token: w.token(name), json: body)
                #expect(refused.status == .forbidden, "\(name): \(refused.text)")
            }
            let saved = try await send(
                app, .PUT, "/api/v1/distribution-points", token: w.token("officer.a"), json: body)
            #expect(saved.json["complies"] as? Bool == true, "\(saved.text)")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func aPlansRequestsAreDraftedForOnesOwnUnitOrInsideTheScope(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            let body = """
                {"plan":{"areas":[{"code":"G1","name":"网格一","points":2,"tables":4}],\
                "staffPerPointPerShift":8,"rounds":2},"unitId":"\(w.hospital)","deliveryPlace":"采样点",\
                "longitude":106.72,"latitude":26.56,"site":{"area":"key","density":"dense","kind":"ordinary"}}
                """
            for name in ["officer.b", "auditor", "operator"] {
                let refused = try await send(
                    app, .POST, "/api/v1/mass-testing/requests", token: w.token(name), json: body,
                    headers: ["Idempotency-Key": "mt-\(name)"])
                #expect(refused.status == .forbidden, "\(name): \(refused.text)")
            }
            #expect(try await services.dispatch.requests(RequestFilter(), page: PageRequest(), for: .system).total == 0)
            let created = try await send(
                app, .POST, "/api/v1/mass-testing/requests", token: w.token("officer.a"), json: body,
                headers: ["Idempotency-Key": "mt-a"])
            #expect(created.status == .created, "\(created.text)")
            let requests = created.json["requests"] as? [[String: Any]] ?? []
            #expect(requests.count == 2)
            #expect(Set(requests.compactMap { $0["round"] as? Int }) == [1, 2])
            #expect(requests.allSatisfy { $0["grid"] as? String == "G1" })
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func planBKitsAreDefinedByCatalogueEditors(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            for code in ["KIT-PB1", "KIT-PB2"] {
                _ = try await services.reference.createItem(
                    ItemDefinition(
                        code: code, nameZh: "方案B包", nameEn: "Plan B kit", reserveClass: .emergency, category: .kits,
                        unitZh: "包", unitEn: "kit", shelfLifeDays: 0, storage: .ambient, reusable: false,
                        unitPriceFen: 0, volumeCm3: 20_000), by: .system)
            }
            let body = #"{"staffPerPointPerShift":11.4,"baseKitItemCode":"KIT-PB1","incrementKitItemCode":"KIT-PB2"}"#
            for name in ["auditor", "operator"] {
                let refused = try await send(app, .POST, "/api/v1/kits/plan-b", token: w.token(name), json: body)
                #expect(refused.status == .forbidden, "\(name): \(refused.text)")
            }
            let preview = try await send(app, .GET, "/api/v1/kits/plan-b?staffPerPoint=11.4", token: w.token("auditor"))
            let base = preview.json["base"] as? [[String: Any]] ?? []
            #expect(!base.isEmpty, "\(preview.text)")
            let defined = try await send(app, .POST, "/api/v1/kits/plan-b", token: w.token("officer.a"), json: body)
            #expect(defined.status == .created, "\(defined.text)")
            let kits = (try? JSONSerialization.jsonObject(with: Data(defined.text.utf8))) as? [[String: Any]] ?? []
            #expect(kits.compactMap { $0["code"] as? String } == ["PLANB-BASE", "PLANB-INC"])
        }
    }

    // MARK: - Transport register: inside the county's scope

    @Test(arguments: TestDatabase.allCases)
    func vehiclesAndRoutesAreRegisteredInsideTheCounty(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app, services in
            let w = try await World.build(services)
            let point = try await services.dispatch.saveDistributionPoint(
                DistributionPointInput(
                    code: "DP-T", name: "网点", countyCode: "520102", longitude: 106.72, latitude: 26.58,
                    servedPoints: 12, prePackedPoints: 5), by: w.officerA)
            let vehicle = """
                {"plate":"贵A·T0001","countyCode":"520102","payloadKg":1500,"volumeM3":8.5,"coldChain":true,\
                "driver":"王师傅","phone":"139 0851 1001"}
                """
            let route = """
                {"depotId":"\(w.nanming.uuidString)","distributionPointId":"\(point.id.uuidString)","minutes":30}
                """
            // The auditor and officer.b read what is in their scope but may not write 520102's; the
            // operator is unit-bound.
            for name in ["officer.b", "auditor", "operator"] {
                for (uri, body) in [("/api/v1/transport/vehicles", vehicle), ("/api/v1/transport/routes", route)] {
                    let refused = try await send(app, .PUT, uri, token: w.token(name), json: body)
                    #expect(refused.status == .forbidden, "\(name) \(uri): \(refused.text)")
                }
            }
            #expect(try await services.dispatch.vehicles(for: w.cityOfficer).isEmpty, "nothing stored")
            let saved = try await send(
                app, .PUT, "/api/v1/transport/vehicles", token: w.token("officer.a"), json: vehicle)
            #expect(
                saved.json["plate"] as? String == "贵A·T0001" && saved.json["volumeM3"] as? Double == 8.5,
                "\(saved.text)")
            // officer.b cannot take the plate over into their own county.
            let takeover = try await send(
                app, .PUT, "/api/v1/transport/vehicles", token: w.token("officer.b"),
                json: vehicle.replacingOccurrences(of: "520102", with: "520103"))
            #expect(takeover.status == .forbidden, "\(takeover.text)")
            let routed = try await send(app, .PUT, "/api/v1/transport/routes", token: w.token("officer.a"), json: route)
            #expect(routed.json["legTooLong"] as? Bool == false, "\(routed.text)")
        }
    }
}
