import ArgumentParser
import Foundation
import LifelineDomain
import LifelineServices

extension CSVKind: ExpressibleByArgument {}

/// `lifeline import KIND FILE`: items, depots, stock, population or market prices from CSV — UTF-8 (BOM optional) or
/// GB18030/GBK as Excel on Chinese Windows saves it — in one transaction (ADR 0020).
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import items, depots, stock (as receipts), population, market prices or townships from a CSV file.")

    @Argument(help: "items | depots | stock | population | prices | townships") var kind: CSVKind
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
                    try await services.operations.importCSV(
                        kind, data: data, by: .system, progress: progress.callAsFunction)
                }
            } catch {
                progress.end()
                throw error
            }
            if report.encoding != .utf8 {
                FileHandle.standardError.write(
                    Data(
                        """
                        注意 note: 文件按 \(report.encoding.rawValue)（GBK，Excel 中文版保存的“CSV（逗号分隔）”）读取；另存为“CSV \
                        UTF-8（逗号分隔）”可免去猜测。 \
                        read as \(report.encoding.rawValue) (GBK, Excel's plain "CSV" on Chinese Windows); save as \
                        "CSV UTF-8 (Comma delimited)" to avoid the guess.

                        """.utf8))
            }
            print(
                """
                imported \(kind.rawValue): \(report.created) created, \(report.updated) updated, \
                \(report.unchanged) unchanged
                """
            )
        } catch {
            throw reportFailure(error)
        }
    }
}
