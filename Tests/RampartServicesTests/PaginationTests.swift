import RampartCore
import Testing

@testable import RampartServices

@Suite struct PaginationTests {
    let names = ["delta", "Alpha", "charlie", "Bravo", "echo"]
    static let list = "listNames"

    func page(marker: String? = nil, maxItems: Int? = nil, list: String = Self.list) throws -> Page<String> {
        try Page(names, sortKey: { $0.lowercased() }, marker: marker, maxItems: maxItems, list: list)
    }

    func marker(_ position: String) -> String { PageMarker.issue(position: position, list: Self.list) }

    @Test func sortsByKeyAndKeepsTheItems() throws {
        let all = try page()
        #expect(all.items == ["Alpha", "Bravo", "charlie", "delta", "echo"])
        #expect(!all.isTruncated)
        #expect(all.marker == nil)
    }

    @Test func markerResumesWhereThePreviousPageStopped() throws {
        let first = try page(maxItems: 2)
        #expect(first.items == ["Alpha", "Bravo"])
        #expect(first.isTruncated)
        #expect(first.marker == marker("charlie"))
        let second = try page(marker: first.marker, maxItems: 2)
        #expect(second.items == ["charlie", "delta"])
        #expect(second.marker == marker("echo"))
        let last = try page(marker: second.marker, maxItems: 2)
        #expect(last.items == ["echo"])
        #expect(!last.isTruncated)
        #expect(last.marker == nil)
    }

    @Test func exactFitIsNotTruncatedAndAMarkerPastTheEndIsEmpty() throws {
        #expect(try !page(maxItems: 5).isTruncated)
        #expect(try page(marker: marker("zulu")).items.isEmpty)
    }

    @Test func defaultPageIsAHundred() throws {
        let many = (0..<250).map { "user-\(1000 + $0)" }
        let first = try Page(many, sortKey: { $0 }, marker: nil, maxItems: nil, list: Self.list)
        #expect(first.items.count == 100)
        #expect(first.items.first == "user-1000")
        #expect(first.marker == marker("user-1100"))
    }

    @Test(arguments: ["charlie", "", "Y2hhcmxpZQ", "Y2hhcmxpZQ.0000000000000000", "Y2hhcmxpZQ+.x", "."])
    func markersNotIssuedAreRefused(bad: String) {
        #expect(throws: PageMarker.invalid) { try page(marker: bad) }
    }

    @Test func aMarkerOfAnotherListIsRefused() throws {
        let foreign = try page(maxItems: 2, list: "listOthers").marker
        #expect(throws: PageMarker.invalid) { try page(marker: foreign) }
    }

    @Test func aTamperedMarkerIsRefused() throws {
        let issued = try #require(try page(maxItems: 2).marker)
        let tampered = "ZGVsdGE" + issued[issued.firstIndex(of: ".")!...]
        #expect(throws: PageMarker.invalid) { try page(marker: tampered) }
    }
}
