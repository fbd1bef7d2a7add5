import RampartCore
import Testing

@testable import RampartServices

@Suite struct SimulationPageTests {
    @Test func firstPageHoldsTheDefaultHundred() throws {
        let page = try SimulationPage(total: 2_250_000, costPerResult: 200, marker: nil, maxItems: nil)
        #expect(page.window == 0..<100)
        #expect(page.nextMarker == PageMarker.issue(position: "100", list: "Simulate"))
    }

    @Test func markerStartsWhereThePreviousPageStopped() throws {
        let page = try SimulationPage(
            total: 250, costPerResult: 200, marker: PageMarker.issue(position: "200", list: "Simulate"), maxItems: 1000)
        #expect(page.window == 200..<250)
        #expect(page.nextMarker == nil)
    }

    @Test func markerPastTheEndIsAnEmptyLastPage() throws {
        let page = try SimulationPage(
            total: 10, costPerResult: 1, marker: PageMarker.issue(position: "99", list: "Simulate"), maxItems: 5)
        #expect(page.window.isEmpty)
        #expect(page.nextMarker == nil)
    }

    @Test func largePoliciesShortenThePage() throws {
        let cost = SimulationPage.workBudget / 7
        let page = try SimulationPage(total: 1000, costPerResult: cost, marker: nil, maxItems: 1000)
        #expect(page.window == 0..<7)
        #expect(page.nextMarker == PageMarker.issue(position: "7", list: "Simulate"))
    }

    @Test func aPageAlwaysMakesProgress() throws {
        let page = try SimulationPage(
            total: 3, costPerResult: Int.max, marker: PageMarker.issue(position: "1", list: "Simulate"), maxItems: 1000)
        #expect(page.window == 1..<2)
        #expect(page.nextMarker == PageMarker.issue(position: "2", list: "Simulate"))
    }

    @Test(arguments: ["", "-1", "abc", "1e3", "99999999999999999999"])
    func positionsNotIssuedAreInvalidMarkers(position: String) {
        for marker in [position, PageMarker.issue(position: position, list: "Simulate")] {
            #expect(throws: PageMarker.invalid) {
                _ = try SimulationPage(total: 10, costPerResult: 1, marker: marker, maxItems: nil)
            }
        }
    }

    @Test func aMarkerOfAnotherListIsInvalid() {
        #expect(throws: PageMarker.invalid) {
            _ = try SimulationPage(
                total: 10, costPerResult: 1, marker: PageMarker.issue(position: "1", list: "listUsers(_:_:)"),
                maxItems: nil)
        }
    }
}
