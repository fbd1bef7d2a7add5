import RampartServices

/// A status as the mandate names it (`IN_GRACE`), coloured by how urgent it is.
enum MandateStatusBadge {
    static func cssClass(_ status: MandateAssessment.Status) -> String {
        "status-" + status.rawValue.lowercased().replacingOccurrences(of: "_", with: "-")
    }

    static func render(_ status: MandateAssessment.Status) -> String {
        "<span class=\"status \(cssClass(status))\">\(status.rawValue)</span>"
    }
}
