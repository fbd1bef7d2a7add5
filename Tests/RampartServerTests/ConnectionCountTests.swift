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

    @Test func defaultCapFitsUnderTheDescriptorLimit() {
        let ceiling = ConnectionLimits.connectionCeiling()
        #expect(ConnectionLimits.defaultMaxConnections() <= ceiling)
        #expect(ceiling == max(1, ConnectionLimits.currentDescriptorLimit() - ConnectionLimits.descriptorHeadroom))
    }
}
