import Foundation
import LifelineTestSupport
import Testing

/// The test harness drops only what a crashed run left behind, never the databases of a run going
/// on at the same time against the same PostgreSQL cluster.
@Suite struct TestDatabaseSweepTests {
    @Test func onlyOldOrUndatedTestDatabasesAreLeftovers() {
        let now = Date(timeIntervalSince1970: 1_795_485_600)
        #expect(
            !TestDatabases.isLeftover("lifeline_t_1795485000_ab12cd34_7", now: now), "a run that started 10 minutes ago"
        )
        #expect(!TestDatabases.isLeftover("lifeline_template_1795485000_ab12cd34", now: now))
        #expect(
            TestDatabases.isLeftover("lifeline_t_1795470000_ab12cd34_7", now: now), "started more than three hours ago")
        #expect(TestDatabases.isLeftover("lifeline_t_ab12cd34_7", now: now), "the older naming has no start time")
    }
}
