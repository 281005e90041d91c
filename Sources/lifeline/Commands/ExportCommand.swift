import ArgumentParser
import Foundation
import LifelineDomain
import LifelineServices

/// `lifeline export KIND [FILE]`: CSV with a BOM, to a file or standard output.
struct ExportCommand: AsyncParsableCommand {
    /// What can be exported.
    static let kinds = [
        "items", "depots", "stock", "population", "prices", "townships", "plans", "norms", "coverage", "alerts",
        "response-report", "subsidies", "weekly-report", "mass-testing-standard",
    ]

    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract:
            """
            Export items, depots, stock, population, market prices, reserve plans, norms, coverage or alerts as \
            CSV, an emergency event's response report, a subsidy period's statements (default the last closed \
            period) or the weekly report (default last Thursday's, compiled first).
            """)

    @Argument(help: ArgumentHelp(Self.kinds.joined(separator: " | ")))
    var kind: String
    @Argument(help: "Output file; standard output if omitted.") var file: String?
    @Option(help: "For response-report: the event's number (SJ-…); default the most recent event.") var incident:
        String?
    @Option(help: "For subsidies: the period's id; default the last closed period.") var period: String?
    @Option(help: "For weekly-report: any day of the week wanted (YYYY-MM-DD); default last Thursday.") var week:
        String?

    func run() async throws {
        do {
            let text: String
            if kind == "response-report" {
                text = try await withServices(migrate: false) { services in
                    let number: String
                    if let incident {
                        number = incident
                    } else {
                        guard
                            let latest = try await services.dispatch.incidents(
                                activeOnly: false, page: PageRequest(per: 1), for: .system
                            ).items.first
                        else {
                            throw LifelineError.notFound(.incident, "—")
                        }
                        number = latest.number
                    }
                    return try await services.dispatch.responseReport(number: number, for: .system).csv
                }
            } else if kind == "alerts" {
                text = try await withServices(migrate: false) { services in
                    try await services.alerts.refresh()
                    return try await services.alerts.export(by: .system)
                }
            } else if kind == "subsidies" {
                let id = try period.map { text throws(LifelineError) -> UUID in
                    guard let id = UUID(uuidString: text) else { throw LifelineError.invalid("period", "a period id") }
                    return id
                }
                text = try await withServices(migrate: false) { try await $0.reserves.subsidiesCSV(id, for: .system) }
            } else if kind == "mass-testing-standard" {
                text = try await withServices(migrate: false) { try await $0.dispatch.standardInForce().csv() }
            } else if kind == "weekly-report" {
                let day = try week.map { text throws(LifelineError) -> Day in
                    guard let day = Day(iso: text) else { throw LifelineError(.invalidDate, field: "week") }
                    return day
                }
                text = try await withServices(migrate: false) {
                    try await $0.reserves.weeklyReportCSV(week: day, by: .system)
                }
            } else if let reserves = ReserveExport(rawValue: kind) {
                text = try await withServices(migrate: false) { try await $0.reserves.export(reserves, by: .system) }
            } else {
                guard let csvKind = CSVKind(rawValue: kind) else {
                    throw LifelineError.invalid("kind", Self.kinds.joined(separator: ", "))
                }
                text = try await withServices(migrate: false) { try await $0.operations.export(csvKind, by: .system) }
            }
            if let file {
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
                } catch {
                    // Foundation's error prose names NSCocoaErrorDomain; say what went wrong in our words.
                    throw LifelineError(.fileUnwritable, field: "file", ["path": file])
                }
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        } catch {
            throw reportFailure(error)
        }
    }
}
