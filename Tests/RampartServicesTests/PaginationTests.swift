import Testing

@testable import RampartServices

@Suite struct PaginationTests {
    let names = ["delta", "Alpha", "charlie", "Bravo", "echo"]

    func page(marker: String? = nil, maxItems: Int? = nil) -> Page<String> {
        Page(names, sortKey: { $0.lowercased() }, marker: marker, maxItems: maxItems)
    }

    @Test func sortsByKeyAndKeepsTheItems() {
        let all = page()
        #expect(all.items == ["Alpha", "Bravo", "charlie", "delta", "echo"])
        #expect(!all.isTruncated)
        #expect(all.marker == nil)
    }

    @Test func markerResumesWhereThePreviousPageStopped() {
        let first = page(maxItems: 2)
        #expect(first.items == ["Alpha", "Bravo"])
        #expect(first.isTruncated)
        #expect(first.marker == "charlie")
        let second = page(marker: first.marker, maxItems: 2)
        #expect(second.items == ["charlie", "delta"])
        #expect(second.marker == "echo")
        let last = page(marker: second.marker, maxItems: 2)
        #expect(last.items == ["echo"])
        #expect(!last.isTruncated)
        #expect(last.marker == nil)
    }

    @Test func exactFitIsNotTruncatedAndAMarkerPastTheEndIsEmpty() {
        #expect(!page(maxItems: 5).isTruncated)
        #expect(page(marker: "zulu").items.isEmpty)
    }

    @Test func defaultPageIsAHundred() {
        let many = (0..<250).map { "user-\(1000 + $0)" }
        let first = Page(many, sortKey: { $0 }, marker: nil, maxItems: nil)
        #expect(first.items.count == 100)
        #expect(first.items.first == "user-1000")
        #expect(first.marker == "user-1100")
    }
}
