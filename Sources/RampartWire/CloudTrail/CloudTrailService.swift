import RampartCore
import RampartServices

/// CloudTrail on the wire: the generated service, with the model's checks of LookupEvents'
/// members reported as LookupEvents reports them. The generated layer answers every constraint
/// violation with Coral's `ValidationException`; CloudTrail names its own exceptions for bad
/// lookup attributes, page sizes and event categories, and clients (and tests written against
/// AWS) catch those.
public struct CloudTrailService: JSONService {
    let generated: CloudTrailJSONService

    public init(handler: any CloudTrailHandler) {
        generated = CloudTrailJSONService(handler: handler)
    }

    public var targetPrefix: String { generated.targetPrefix }
    public var operationNames: Set<String> { generated.operationNames }
    public var errorMessageKey: String { generated.errorMessageKey }

    /// Which member a validation message names, and the exception that reports it.
    static let exceptions: [(member: String, code: String)] = [
        ("'maxResults'", "InvalidMaxResultsException"),
        ("'lookupAttributes", "InvalidLookupAttributesException"),
        ("'eventCategory'", "InvalidEventCategoryException"),
    ]

    public func handle(operation: String, body: [UInt8], call: CallContext) async throws(AWSError) -> [UInt8] {
        do {
            return try await generated.handle(operation: operation, body: body, call: call)
        } catch  where error.code == "ValidationException" {
            guard let (_, code) = Self.exceptions.first(where: { error.message.contains($0.member) }) else {
                throw error
            }
            throw AWSError(code: code, message: error.message, httpStatus: 400)
        }
    }
}
