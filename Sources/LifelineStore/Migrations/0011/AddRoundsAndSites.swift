import FluentKit
import FluentSQL
import Foundation
import SQLKit

/// Rounds, grids and sites (R4.6, R6.1): a request and its orders may name the sampling area (grid)
/// and the round they serve, and the site's attributes that rank it when stock is short; reusable
/// items recovered after a round are recorded per lot, grid and round so that the next round's
/// picking for the same grid can skip them. Every new column is optional: existing rows and
/// clients keep working. An order may also name a registered vehicle (the transport register).
struct AddRoundsAndSites: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // SQLite adds one column per ALTER TABLE.
        for (name, type) in [
            ("grid", DatabaseSchema.DataType.string), ("round", .int64), ("site_area", .string),
            ("site_density", .string), ("site_kind", .string), ("distribution_point_id", .uuid),
            ("skipped_lots", .string),
        ] {
            try await database.schema(SupplyRequestRecord.schema).field(.string(name), type).update()
        }
        for (name, type) in [("grid", DatabaseSchema.DataType.string), ("round", .int64), ("vehicle_id", .uuid)] {
            try await database.schema(DispatchOrderRecord.schema).field(.string(name), type).update()
        }
        for name in ["site_area", "site_density", "site_kind"] {
            try await database.schema(DistributionPointRecord.schema).field(.string(name), .string).update()
        }
        try await database.schema(LotRecoveryRecord.schema)
            .id()
            .field("lot_id", .uuid, .required)
            .field("order_id", .uuid, .required)
            .field("grid", .string, .required)
            .field("round", .int64, .required)
            .field("quantity", .int64, .required)
            .field("path", .string, .required)
            .field("actor_name", .string, .required)
            .field("at_ms", .int64, .required)
            .constraint(.sql(unsafeRaw: "CHECK (quantity > 0 AND round >= 1)"))
            .create()
        try await database.sql().create(index: "lot_recoveries_lot").on(LotRecoveryRecord.schema)
            .column("lot_id").run()
        try await backfillRecoveries(on: database)
    }

    /// Recoveries made before this table existed: one row per `return` movement under an order's
    /// number, its grid and round read back from the movement's reason ("disinfected; grid G; round
    /// N"), so that `lifeline verify` can hold every return to a recovery row.
    private func backfillRecoveries(on database: any Database) async throws {
        let rows = try await database.sql().raw(
            """
            SELECT m.id, m.lot_id, m.on_hand_delta, m.reason, m.path, m.actor_name, m.at_ms, d.id AS order_id \
            FROM stock_movements m JOIN dispatch_orders d ON d.number = m.document_no WHERE m.kind = 'return'
            """
        ).all()
        for row in rows {
            let reason = try row.decode(column: "reason", as: String?.self) ?? ""
            let parts = reason.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            let grid = parts.first { $0.hasPrefix("grid ") }.map { String($0.dropFirst(5)) } ?? "—"
            let round = parts.first { $0.hasPrefix("round ") }.flatMap { Int($0.dropFirst(6)) } ?? 1
            let record = LotRecoveryRecord()
            record.id = UUID()
            record.lotID = try row.decode(column: "lot_id", as: UUID.self)
            record.orderID = try row.decode(column: "order_id", as: UUID.self)
            record.grid = grid.isEmpty ? "—" : grid
            record.round = max(1, round)
            record.quantity = try row.decode(column: "on_hand_delta", as: Int.self)
            record.path = try row.decode(column: "path", as: String.self)
            record.actorName = try row.decode(column: "actor_name", as: String.self)
            record.atMs = try row.decode(column: "at_ms", as: Int.self)
            try await record.create(on: database)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(LotRecoveryRecord.schema).delete()
        for name in ["site_area", "site_density", "site_kind"] {
            try await database.schema(DistributionPointRecord.schema).deleteField(.string(name)).update()
        }
        for name in ["grid", "round", "vehicle_id"] {
            try await database.schema(DispatchOrderRecord.schema).deleteField(.string(name)).update()
        }
        for name in [
            "grid", "round", "site_area", "site_density", "site_kind", "distribution_point_id", "skipped_lots",
        ] {
            try await database.schema(SupplyRequestRecord.schema).deleteField(.string(name)).update()
        }
    }
}
