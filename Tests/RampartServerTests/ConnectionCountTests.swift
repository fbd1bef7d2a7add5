import Testing

@testable import RampartServer

@Suite struct ConnectionCountTests {
    @Test func admitsUpToTheMaximumAndAgainAfterARelease() {
        let count = ConnectionCount(maximum: 2)
        #expect(count.admit())
        #expect(count.admit())
        #expect(!count.admit())
        #expect(count.current == 2)
        count.release()
        #expect(count.admit())
        #expect(!count.admit())
    }

    @Test func countsTheConnectionsItSheds() {
        let count = ConnectionCount(maximum: 1)
        #expect(count.admit())
        #expect(count.shed == 0)
        #expect(!count.admit())
        #expect(!count.admit())
        #expect(count.shed == 2)
        #expect(count.current == 1)
    }

    @Test func defaultCapFitsUnderTheDescriptorLimit() {
        let ceiling = ConnectionLimits.connectionCeiling()
        #expect(ConnectionLimits.defaultMaxConnections() <= ceiling)
        #expect(ceiling == max(1, ConnectionLimits.currentDescriptorLimit() - ConnectionLimits.descriptorHeadroom))
    }
}
