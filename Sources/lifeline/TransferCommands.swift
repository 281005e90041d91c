import ArgumentParser
import Foundation
import LifelineDomain
import LifelineServices

extension CSVKind: ExpressibleByArgument {}

/// `lifeline import KIND FILE`: items, depots, stock, population or market prices from CSV — UTF-8 (BOM optional) or
/// GB18030/GBK as Excel on Chinese Windows saves it — in one transaction (ADR 0020).
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import items, depots, stock (as receipts), population or market prices from a CSV file.")

    @Argument(help: "items | depots | stock | population | prices") var kind: CSVKind
    @Argument(help: "The CSV file.") var file: String

    func run() async throws {
        do {
            // Read bytes, not text: Foundation's own decoding error would reach the user as
            // NSCocoaErrorDomain prose; CSVText.decode says which encoding and how to save UTF-8.
            guard let data = FileManager.default.contents(atPath: file) else {
                throw LifelineError(.fileUnreadable, field: "file", ["path": file])
            }
            let progress = Progress(label: "import \(kind.rawValue)")
            let report: ImportReport
            do {
                report = try await withServices { services in
                    try await services.operations.importCSV(kind, data: data, by: .system, progress: progress.callAsFunction)
                }
            } catch {
                progress.end()
                throw error
            }
            if report.encoding != .utf8 {
                FileHandle.standardError.write(Data("""
                    注意 note: 文件按 \(report.encoding.rawValue)（GBK，Excel 中文版保存的“CSV（逗号分隔）”）读取；另存为“CSV UTF-8（逗号分隔）”可免去猜测。 \
                    read as \(report.encoding.rawValue) (GBK, Excel's plain "CSV" on Chinese Windows); save as "CSV UTF-8 (Comma delimited)" to avoid the guess.

                    """.utf8))
            }
            print("imported \(kind.rawValue): \(report.created) created, \(report.updated) updated, \(report.unchanged) unchanged")
        } catch {
            throw reportFailure(error)
        }
    }
}

/// `lifeline export KIND [FILE]`: CSV with a BOM, to a file or standard output.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export items, depots, stock, population or market prices as CSV, or an emergency event's response report.")

    @Argument(help: "items | depots | stock | population | prices | response-report") var kind: String
    @Argument(help: "Output file; standard output if omitted.") var file: String?
    @Option(help: "For response-report: the event's number (SJ-…); default the most recent event.") var incident: String?

    func run() async throws {
        do {
            let text: String
            if kind == "response-report" {
                text = try await withServices(migrate: false) { services in
                    let number: String
                    if let incident {
                        number = incident
                    } else {
                        guard let latest = try await services.dispatch.incidents(activeOnly: false, page: PageRequest(per: 1), for: .system).items.first else {
                            throw LifelineError.notFound(.incident, "—")
                        }
                        number = latest.number
                    }
                    return try await services.dispatch.responseReport(number: number, for: .system).csv
                }
            } else {
                guard let csvKind = CSVKind(rawValue: kind) else {
                    throw LifelineError.invalid("kind", "items, depots, stock, population, prices or response-report")
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

/// `lifeline users add`: create an account from the command line (the first administrator).
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "users", abstract: "Manage accounts.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account; the password is read from standard input.")

        @Option var username: String
        @Option(help: "Shown in the console.") var name: String?
        @Option(help: "administrator, supply_officer, storage_operator, medical_requester, carrier, inspector, finance_officer, auditor")
        var role: String
        @Option(help: "Jurisdiction code (CN, 52, 5201, 520102) for jurisdiction-bound roles.") var jurisdiction: String?
        @Option(help: "Unit id for unit-bound roles.") var unit: String?

        func run() async throws {
            do {
                guard let role = Role(rawValue: role) else { throw LifelineError.invalid("role", role) }
                let password = readLine(strippingNewline: true) ?? ""
                let user = try await withServices { services in
                    try await services.access.createUser(
                        NewUser(username: username, displayName: name ?? username, password: password, role: role, jurisdiction: jurisdiction,
                                unitId: unit.flatMap(UUID.init(uuidString:))), by: .system)
                }
                print("created \(user.username) (\(user.role.rawValue), \(user.scope))")
            } catch {
                throw reportFailure(error)
            }
        }
    }
}
