import Foundation
import LifelineDomain
@testable import LifelineServer
import Testing

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
            #expect(code == .internalError ? status == 500 : (400..<500).contains(status), "\(code)")
        }
    }
}
