import RampartCore
import RampartStore

/// GetHumanReadableSummary: AWS summarizes a delegation request with a large language model, for the
/// parties who may read the request (GetDelegationRequest's rules). Delegation requests are the only
/// entity type it takes; anything else is refused as AWS refuses it, with InvalidInput. Rampart has no
/// language model: a request the caller may read answers `SummaryState` NOT_SUPPORTED with no content
/// (the model's word for a summary that will not come), one it may not, NoSuchEntity.
extension IAMService {
    public func getHumanReadableSummary(_ input: IAM.GetHumanReadableSummaryRequest, _ call: CallContext)
        async throws -> IAM.GetHumanReadableSummaryResponse
    {
        guard let arn = ARN(parsing: input.entityArn), arn.service == "iam",
            arn.resource.hasPrefix(Self.delegationRequestPrefix),
            arn.resource.count > Self.delegationRequestPrefix.count
        else {
            throw AWSError.invalidInput(
                "The entity \(input.entityArn) is not supported. The only supported entity type is delegation-request.")
        }
        if let locale = input.locale, !Self.summaryLocales.contains(locale) {
            throw AWSError.invalidInput(
                "The locale \(locale) is not supported. Supported locales: \(Self.summaryLocales.joined(separator: ", "))."
            )
        }
        let id = String(arn.resource.dropFirst(Self.delegationRequestPrefix.count))
        guard (try? visibleDelegationRequest(id, store.snapshot(), call)) != nil else {
            throw AWSError.noSuchEntity("The delegation request \(input.entityArn) cannot be found.")
        }
        return IAM.GetHumanReadableSummaryResponse(
            summaryContent: "", locale: input.locale ?? "en-US", summaryState: "NOT_SUPPORTED")
    }

    private static let delegationRequestPrefix = "delegation-request/"

    /// The languages of the AWS Management Console, which AWS documents as the summary's locales.
    static let summaryLocales = [
        "de-DE", "en-US", "es-ES", "fr-FR", "id-ID", "it-IT", "ja-JP", "ko-KR", "pt-BR", "tr-TR", "zh-CN", "zh-TW",
    ]
}
