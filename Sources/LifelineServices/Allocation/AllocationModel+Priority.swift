import FluentKit
import Foundation
import LifelineDomain
import LifelineStore

/// Priority from the sites, not from the requester (R6.1, ADR 0039): each request line's class comes
/// from its site's attributes — its own, else its distribution point's — and its post, by
/// ``PriorityRule``; a request with no site attributes keeps the class its requester stated; an
/// officer's override (with a reason) wins for every line of the request and is shown in the
/// explanation.
extension AllocationModel {
    mutating func placeSites(
        _ placed: [(request: SupplyRequestRecord, point: GeoPoint)], overrides: [AllocationPriorityOverride],
        on db: any Database
    ) async throws {
        var overriding: [UUID: (RequestPriority, reason: String)] = [:]
        for (index, override) in overrides.enumerated() {
            guard placed.contains(where: { $0.request.id == override.requestId }) else {
                throw LifelineError.invalid("overrides[\(index)].requestId", "not a request of this plan")
            }
            let reason = try PriorityRule.validateOverride(reason: override.reason, field: "overrides[\(index)].reason")
            overriding[override.requestId] = (override.priority, reason)
        }
        let pointIDs = Set(placed.compactMap(\.request.distributionPointID))
        let points =
            pointIDs.isEmpty ? [] : try await DistributionPointRecord.query(on: db).filter(\.$id ~~ pointIDs).all()
        let pointsByID = points.byID
        let linesByRequest = Dictionary(grouping: lines, by: \.requestID)
        for (request, point) in placed {
            let id = try request.requireID()
            let site =
                try request.siteAttributes ?? request.distributionPointID.flatMap { pointsByID[$0] }?.siteAttributes
            let stated = try Stored.value(RequestPriority.self, request.priority, column: "supply_requests.priority")
            var siteOfClass: [RequestPriority: Int] = [:]
            for line in linesByRequest[id] ?? [] {
                let post = try Stored.value(WorkPost.self, line.post, column: "request_lines.post")
                let derivation = PriorityRule.derive(site: site, post: post, stated: stated, override: overriding[id])
                let s =
                    siteOfClass[derivation.priority]
                    ?? {
                        sites.append(
                            Site(request: request, point: point, priority: derivation.priority))
                        siteOfClass[derivation.priority] = sites.count - 1
                        return sites.count - 1
                    }()
                if let lineID = line.id {
                    lineSite[lineID] = s
                    lineDerivation[lineID] = derivation
                }
            }
        }
    }
}

/// An officer's class for every line of a request, over what the sites and posts give (R6.1).
public struct AllocationPriorityOverride: Codable, Sendable, Hashable {
    public var requestId: UUID
    public var priority: RequestPriority
    /// Why (required, at most 500 characters): shown in every line's explanation.
    public var reason: String

    public init(requestId: UUID, priority: RequestPriority, reason: String) {
        self.requestId = requestId
        self.priority = priority
        self.reason = reason
    }
}

extension SiteAttributes {
    /// The attributes stored in a row's three columns (`table.site_area` …), if all three are set.
    static func stored(area: String?, density: String?, kind: String?, table: String) throws -> SiteAttributes? {
        guard let area, let density, let kind else { return nil }
        return SiteAttributes(
            area: try Stored.value(SamplingAreaKind.self, area, column: "\(table).site_area"),
            density: try Stored.value(PopulationDensity.self, density, column: "\(table).site_density"),
            kind: try Stored.value(SiteKind.self, kind, column: "\(table).site_kind"))
    }
}

extension SupplyRequestRecord {
    /// The site attributes given on the request, if all three are.
    var siteAttributes: SiteAttributes? {
        get throws { try .stored(area: siteArea, density: siteDensity, kind: siteKind, table: Self.schema) }
    }
}

extension DistributionPointRecord {
    /// The site attributes registered for the point, if all three are.
    var siteAttributes: SiteAttributes? {
        get throws { try .stored(area: siteArea, density: siteDensity, kind: siteKind, table: Self.schema) }
    }
}
