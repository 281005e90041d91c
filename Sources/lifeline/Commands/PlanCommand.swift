import ArgumentParser
import Foundation
import LifelineDomain
import LifelineServices

/// `lifeline plan …`: planning that needs no database.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Plans that need no database.", subcommands: [MassTestingPlanCommand.self])
}

/// `lifeline plan mass-testing`: demand per item class and round for a mass-testing campaign (R7.4,
/// ADR 0038), with the city / districts split — from a standard CSV when given; else from the
/// approved standard in force of the database `DATABASE_URL` names, when there is one; else from
/// seed 001's built-in standard. It never creates a database.
struct MassTestingPlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mass-testing",
        abstract: "Demand per item and round for mass testing, and the city / districts split (seed 001).")

    @Option(help: "A built-in example instead of the figures below: guiyang.") var example: String?
    @Option(help: "Sampling points.") var points: Int?
    @Option(help: "Sampling tables (at least one per point).") var tables: Int?
    @Option(name: .customLong("staff-per-point"), help: "Staff per point per shift, e.g. 11.4.") var staffPerPoint:
        String?
    @Option(help: "Rounds (1–30).") var rounds: Int?
    @Option(help: "People tested per round (default: tables × shifts × 300).") var population: Int?
    @Option(help: "Shifts a day (default 1).") var shifts: Int = 1
    @Option(help: "A standard as CSV (lifeline's format) instead of seed 001's.") var standard: String?
    @Option(
        name: .customLong("split-over"),
        help: "Split the figures over the counties below this code by population (needs DATABASE_URL)."
    ) var splitOver: String?
    @Flag(help: "Print JSON: {\"lines\": [{\"itemCode\", \"round\", \"quantity\", \"city\", \"districts\"}, …], …}.")
    var json = false

    func run() async throws {
        do {
            var input = try self.input()
            if let code = splitOver {
                input = try await Self.split(input, over: code)
            }
            var standard = MassTestingStandard.seed001
            if let path = self.standard {
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw LifelineError(.fileUnreadable, field: "standard", ["path": path])
                }
                standard = try MassTestingStandard(csv: try CSVText.decode(data).text)
            } else if let stored = await Self.standardInForce() {
                standard = stored
            }
            let plan = try MassTestingPlanner.plan(input, standard: standard)
            print(json ? try Self.json(plan) : Self.table(plan, standard: standard))
        } catch {
            throw reportFailure(error)
        }
    }

    /// The approved standard of an existing database, if `DATABASE_URL` names one that opens.
    static func standardInForce() async -> MassTestingStandard? {
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else { return nil }
        if url.hasPrefix("sqlite") {
            let path = url.replacingOccurrences(of: "sqlite://", with: "").replacingOccurrences(of: "sqlite:", with: "")
            guard FileManager.default.fileExists(atPath: path) else { return nil }
        }
        do {
            return try await withServices(migrate: false) { try await $0.dispatch.standardInForce() }
        } catch {
            FileHandle.standardError.write(Data("(no database standard: \(error); seed 001's is used)\n".utf8))
            return nil
        }
    }

    /// The figures split over the jurisdictions below `code`, by the populations of the database
    /// `DATABASE_URL` names (the only place populations are kept).
    static func split(_ input: MassTestingInput, over code: String) async throws -> MassTestingInput {
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty,
            !url.hasPrefix("sqlite")
                || FileManager.default.fileExists(
                    atPath: url.replacingOccurrences(of: "sqlite://", with: "").replacingOccurrences(
                        of: "sqlite:", with: ""))
        else {
            throw LifelineError.invalid("split-over", "needs DATABASE_URL naming a database with populations")
        }
        return try await withServices(migrate: false) {
            try await $0.dispatch.splitMassTestingInput(input, over: code, for: .system)
        }
    }

    private func input() throws -> MassTestingInput {
        if let example {
            guard let input = MassTestingInput.examples[example] else {
                throw LifelineError.invalid("example", MassTestingInput.examples.keys.sorted().joined(separator: ", "))
            }
            return input
        }
        guard let points else { throw LifelineError.required("points") }
        guard let tables else { throw LifelineError.required("tables") }
        guard let rounds else { throw LifelineError.required("rounds") }
        guard let text = staffPerPoint else { throw LifelineError.required("staff-per-point") }
        guard let staff = Decimal(string: text), staff > 0 else {
            throw LifelineError.invalid("staff-per-point", "a number above 0, such as 11.4")
        }
        return MassTestingInput(
            points: points, tables: tables, staffPerPointPerShift: staff, rounds: rounds, populationTested: population,
            shifts: shifts)
    }

    /// The totals per item class and round (the CLI's contract), the posts and the first request.
    static func json(_ plan: MassTestingPlan) throws -> String {
        struct Line: Encodable {
            var itemCode: String
            var itemClass: String
            var round: Int
            var quantity: Int
            var city: Int
            var districts: Int
        }
        struct Area: Encodable {
            var code: String
            var name: String
            var points: Int
            var tables: Int
            var populationTested: Int
        }
        struct Output: Encodable {
            var standard: String
            var posts: MassTestingPosts
            var areas: [Area]
            var lines: [Line]
            var firstRequestRounds: Int
            var firstRequest: [MassTestingRequestLine]
        }
        let output = Output(
            standard: plan.standardVersion, posts: plan.posts,
            areas: plan.areas.map {
                Area(
                    code: $0.code, name: $0.name, points: $0.points, tables: $0.tables,
                    populationTested: $0.populationTested)
            },
            lines: plan.totals.map {
                Line(
                    itemCode: $0.itemCode, itemClass: $0.itemClass, round: $0.round, quantity: $0.quantity,
                    city: $0.city, districts: $0.districts)
            }, firstRequestRounds: plan.firstRequestRounds, firstRequest: plan.firstRequest)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(output), as: UTF8.self)
    }

    /// A table for people: one row per item class, a column per round, then the first request's split.
    static func table(_ plan: MassTestingPlan, standard: MassTestingStandard) -> String {
        let rounds = plan.rounds.map(\.number)
        let posts = plan.posts
        var out = """
            标准 standard \(plan.standardVersion) · 岗位 posts: 采样台 table \(posts.tableStaff), \
            样本 sample \(posts.sampleHandlers), 医废 waste \(posts.wasteHandlers), 一般 general \(posts.general), \
            外围 helpers \(posts.peripheralHelpers) = \(posts.total)

            """
        if plan.areas.count > 1 {
            for area in plan.areas {
                out += "\(area.code)\t\(area.name)\tpoints \(area.points)\ttables \(area.tables)\t"
                out += "tested \(area.populationTested)\n"
            }
            out += "\n"
        }
        let header = ["item", "name"] + rounds.map { "round \($0)" } + ["first request", "city", "districts"]
        out += header.joined(separator: "\t") + "\n"
        let first = Dictionary(plan.firstRequest.map { ($0.itemClass, $0) }, uniquingKeysWith: { a, _ in a })
        for entry in standard.entries {
            let perRound = rounds.map { String(plan.total(entry.itemClass, round: $0)?.quantity ?? 0) }
            let request = first[entry.itemClass]
            out +=
                ([entry.itemCode, entry.nameZh] + perRound + [
                    String(request?.quantity ?? 0), String(request?.city ?? 0), String(request?.districts ?? 0),
                ]).joined(separator: "\t") + "\n"
        }
        return out
    }
}
