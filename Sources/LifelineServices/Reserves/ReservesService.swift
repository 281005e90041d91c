import FluentKit
import FluentSQL
import Foundation
import LifelineDomain
import LifelineStore
import SQLKit

/// Reserves in peacetime (R3): plans and their norms, and how stock covers them. Every rule is
/// decided in LifelineDomain (``NormFormula``, ``ReservePlanAuthority``, ``ReserveCoverage``); these
/// use cases load, check, store and audit.
public struct ReservesService: Capability {
    public let context: ServiceContext

    public init(context: ServiceContext) { self.context = context }
}

/// What a new plan says.
public struct NewReservePlan: Codable, Sendable {
    public var jurisdictionCode: String
    public var reserveClass: ReserveClass
    public var title: String
    /// Coverage below this percentage of a norm raises an alert (default 80, R3.4).
    public var alertPercent: Int?

    public init(jurisdictionCode: String, reserveClass: ReserveClass, title: String, alertPercent: Int? = nil) {
        self.jurisdictionCode = jurisdictionCode
        self.reserveClass = reserveClass
        self.title = title
        self.alertPercent = alertPercent
    }
}

/// Which plans to list.
public struct ReservePlanFilter: Sendable {
    public var status: ReservePlanStatus?
    public var reserveClass: ReserveClass?
    public var jurisdictionCode: String?

    public init(status: ReservePlanStatus? = nil, reserveClass: ReserveClass? = nil, jurisdictionCode: String? = nil) {
        self.status = status
        self.reserveClass = reserveClass
        self.jurisdictionCode = jurisdictionCode
    }
}

extension Capability {
    public var reserves: ReservesService { ReservesService(context: context) }
}
