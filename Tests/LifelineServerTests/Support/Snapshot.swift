import Foundation
import Testing

/// Committed HTML snapshots of console pages (STYLE 9): a page is rendered for a fixed state and a
/// pinned clock, normalised, and compared with `__Snapshots__/<suite>/<name>.html` beside the
/// tests. A change that drops a column or a warning shows up in review as a diff of that file.
///
/// Record (or re-record after an intended change) with `LIFELINE_RECORD_SNAPSHOTS=1 swift test
/// --filter PageSnapshotTests`; without it a missing snapshot fails, so CI never passes on nothing.
enum Snapshot {
    static var recording: Bool { ProcessInfo.processInfo.environment["LIFELINE_RECORD_SNAPSHOTS"] == "1" }

    static func directory(suite: String, file: String = #filePath) -> URL {
        URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("__Snapshots__").appendingPathComponent(suite)
    }

    /// The page's HTML with what changes from run to run taken out (form tokens), one tag a line.
    static func normalised(_ html: String) -> String {
        var text = html
        for (pattern, replacement) in [
            (#"name="_csrf" value="[^"]*""#, #"name="_csrf" value="CSRF""#),
            (#"<meta name="csrf-token" content="[^"]*""#, #"<meta name="csrf-token" content="CSRF""#),
            (#"\s+"#, " "),
            (#">\s*<"#, ">\n<"),
        ] {
            text = text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines) + "\n"
    }

    /// Compares `html` with the committed snapshot `name` (or records it), as a test expectation.
    static func expectMatches(
        _ html: String, named name: String, suite: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let directory = directory(suite: suite)
        let url = directory.appendingPathComponent(name + ".html")
        let actual = normalised(html)
        if recording {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            do {
                try actual.write(to: url, atomically: true, encoding: .utf8)
            } catch {
                Issue.record("could not record \(url.path): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record(
                "no snapshot \(url.lastPathComponent); record it with LIFELINE_RECORD_SNAPSHOTS=1",
                sourceLocation: sourceLocation)
            return
        }
        guard expected != actual else { return }
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let first =
            zip(old, new).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(old.count, new.count)
        let context = { (lines: [Substring]) in
            lines[max(0, first - 2)..<min(lines.count, first + 3)].joined(separator: "\n")
        }
        Issue.record(
            """
            \(name) differs from its snapshot at line \(first + 1) (re-record with LIFELINE_RECORD_SNAPSHOTS=1 if \
            intended)
            --- snapshot
            \(context(old))
            +++ page
            \(context(new))
            """, sourceLocation: sourceLocation)
    }
}
