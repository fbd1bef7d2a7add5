import RampartCore
import Testing

@testable import RampartServices

@Suite struct SimulationPageTests {
    @Test func firstPageHoldsTheDefaultHundred() throws {
        let page = try SimulationPage(total: 2_250_000, costPerResult: 200, marker: nil, maxItems: nil)
        #expect(page.window == 0..<100)
        #expect(page.nextMarker == "100")
    }

    @Test func markerStartsWhereThePreviousPageStopped() throws {
        let page = try SimulationPage(total: 250, costPerResult: 200, marker: "200", maxItems: 1000)
        #expect(page.window == 200..<250)
        #expect(page.nextMarker == nil)
    }

    @Test func markerPastTheEndIsAnEmptyLastPage() throws {
        let page = try SimulationPage(total: 10, costPerResult: 1, marker: "99", maxItems: 5)
        #expect(page.window.isEmpty)
        #expect(page.nextMarker == nil)
    }

    @Test func largePoliciesShortenThePage() throws {
        let cost = SimulationPage.workBudget / 7
        let page = try SimulationPage(total: 1000, costPerResult: cost, marker: nil, maxItems: 1000)
        #expect(page.window == 0..<7)
        #expect(page.nextMarker == "7")
    }

    @Test func aPageAlwaysMakesProgress() throws {
        let page = try SimulationPage(total: 3, costPerResult: Int.max, marker: "1", maxItems: 1000)
        #expect(page.window == 1..<2)
        #expect(page.nextMarker == "2")
    }

    @Test(arguments: ["", "-1", "abc", "1e3", "99999999999999999999"])
    func malformedMarkersAreInvalidInput(marker: String) {
        #expect(throws: AWSError.self) {
            _ = try SimulationPage(total: 10, costPerResult: 1, marker: marker, maxItems: nil)
        }
    }
}
