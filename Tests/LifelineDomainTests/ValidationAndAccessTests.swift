import Foundation
import LifelineDomain
import Testing

@Suite struct ValidationAndAccessTests {
    @Test(arguments: [
        ("en-US,en;q=0.9", Language.en), ("zh-CN,zh;q=0.9,en;q=0.8", .zh), ("fr-FR", .zh), ("", .zh),
        ("zh;q=0.5, en;q=0.8", .en),
    ])
    func acceptLanguage(header: String, expected: Language) {
        #expect(Language(acceptLanguage: header) == expected)
    }

    @Test func errorsNameTheirFieldInBothLanguages() {
        let error = LifelineError(.quantityNotPositive, field: "lines[2].quantity")
        #expect(error.message(.en) == "lines[2].quantity must be a positive whole number")
        #expect(error.message(.zh) == "数量（lines[2].quantity） 必须是正整数")
        let missing = LifelineError.notFound(.depot, "abc")
        #expect(missing.message(.zh) == "未找到储备库：abc")
        #expect(missing.message(.en) == "depot not found: abc")
    }

    @Test func everyErrorCodeHasBothMessages() {
        for code in ErrorCode.allCases {
            #expect(code.message(.zh) != code.rawValue, "\(code) lacks Chinese")
            #expect(code.message(.en) != code.rawValue, "\(code) lacks English")
        }
    }

    @Test func hospitalsNeedGradeAndBeds() throws {
        let county = JurisdictionCode(rawValue: "520102")!
        var unit = UnitProfile(kind: .medicalInstitution, name: "  南明区人民医院 ", jurisdiction: county)
        #expect(throws: LifelineError.required("hospitalGrade")) { try unit.validated() }
        unit.hospitalGrade = .grade2A
        #expect(throws: LifelineError.required("beds")) { try unit.validated() }
        unit.beds = 400
        unit.vehicles = 3
        let valid = try unit.validated()
        #expect(valid.name == "南明区人民医院")
        #expect(valid.vehicles == nil, "fields that do not apply are dropped")
        let carrier = UnitProfile(kind: .carrier, name: "黔运物流", jurisdiction: county)
        #expect(throws: LifelineError.required("vehicles")) { try carrier.validated() }
        let enterprise = UnitProfile(kind: .storageEnterprise, name: "承储公司", jurisdiction: county)
        #expect(throws: LifelineError.required("qualification")) { try enterprise.validated() }
    }

    @Test func itemDefinitionsAreChecked() throws {
        let item = ItemDefinition(
            code: "PPE-0001", nameZh: "医用防护口罩", nameEn: "Medical protective mask",
            reserveClass: .routine, category: .masks, unitZh: "只", unitEn: "piece",
            shelfLifeDays: 1095, storage: .ambient, reusable: false, unitPriceFen: 250, volumeCm3: 40)
        #expect(try item.validated() == item)
        var bad = item
        bad.code = "PPE 0001"
        #expect(throws: LifelineError.self) { try bad.validated() }
        bad = item
        bad.volumeCm3 = 0
        #expect(throws: LifelineError(.outOfRange, field: "volumeCm3", ["min": "1", "max": "1000000000"])) {
            try bad.validated()
        }
        bad = item
        bad.substitutionGroup = "lowered-ppe-2"
        #expect(throws: LifelineError.required("substitutionRole")) { try bad.validated() }
        #expect(ItemCategory.routine.count == 12)
    }

    @Test func rolesAndScopes() throws {
        let guiyang = JurisdictionPath(rawValue: "CN/52/5201")!
        let nanming = JurisdictionPath(rawValue: "CN/52/5201/520102")!
        let yunyan = JurisdictionPath(rawValue: "CN/52/5201/520103")!
        let officer = Actor(userID: UUID(), username: "o", role: .supplyOfficer, scope: nanming)
        #expect(AccessPolicy.reaches(officer, path: nanming))
        #expect(!AccessPolicy.reaches(officer, path: yunyan))
        #expect(!AccessPolicy.reaches(officer, path: guiyang))
        #expect(throws: LifelineError.self) { try AccessPolicy.requireCatalogueEditor(officer) }
        let auditor = Actor(userID: UUID(), username: "a", role: .auditor, scope: guiyang)
        #expect(throws: LifelineError.self) { try AccessPolicy.require(.moveStock, auditor) }
        try AccessPolicy.require(.readAudit, auditor)
        let enterprise = UUID()
        let operatorActor = Actor(
            userID: UUID(), username: "s", role: .storageOperator, scope: nanming, unitID: enterprise)
        #expect(AccessPolicy.reaches(operatorActor, path: yunyan, operatorUnit: enterprise))
        #expect(!AccessPolicy.reaches(operatorActor, path: nanming, ownerUnit: UUID()))
        for role in Role.allCases {
            #expect(role.permits(.readReference), "\(role) must read reference data")
            #expect(role == .administrator || !role.permits(.manageUsers))
        }
    }
}

/// The query-side scope, derived once from the actor (issue #6, rule 1).
struct ScopeFilterTests {
    let city = JurisdictionPath(rawValue: "CN/52/5201")!
    let county = JurisdictionPath(rawValue: "CN/52/5201/520102")!
    let other = JurisdictionPath(rawValue: "CN/52/5203")!
    let unit = UUID()

    @Test func anOfficerSeesTheSubtreeAUnitBoundRoleItsUnitAndAnUnboundOneNothing() {
        let officer = Actor(userID: UUID(), username: "o", role: .supplyOfficer, scope: city)
        let operatorActor = Actor(userID: UUID(), username: "op", role: .storageOperator, scope: county, unitID: unit)
        let unbound = Actor(userID: UUID(), username: "u", role: .carrier, scope: county)
        #expect(ScopeFilter(officer) == .subtree(city))
        #expect(ScopeFilter(operatorActor) == .unit(unit))
        #expect(ScopeFilter(unbound) == .nothing)

        #expect(ScopeFilter(officer).admits(paths: [other, county], units: []))
        #expect(
            !ScopeFilter(officer).admits(paths: [other, nil], units: [unit]), "an officer is not reached through units")
        #expect(ScopeFilter(operatorActor).admits(paths: [], units: [nil, unit]))
        #expect(
            !ScopeFilter(operatorActor).admits(paths: [county], units: [UUID()]),
            "a unit-bound role is not reached through paths")
        #expect(!ScopeFilter(unbound).admits(paths: [county], units: [nil]))
        #expect(!ScopeFilter(officer).admits(storedPaths: ["not a path"], units: []))
        #expect(ScopeFilter(.system).admits(storedPaths: ["CN/52"], units: []))
    }
}
