/// IAM's centralized root access for the member accounts of an organization (`FeatureType` in the IAM
/// model), turned on by `EnableOrganizationsRootCredentialsManagement` and
/// `EnableOrganizationsRootSessions` and listed by `ListOrganizationsFeatures`.
public enum RootAccessFeature: String, Codable, Sendable, CaseIterable {
    /// Accounts created from then on have no root credentials; the management account (or IAM's delegated
    /// administrator) manages member root credentials.
    case rootCredentialsManagement = "RootCredentialsManagement"
    /// The management account (or IAM's delegated administrator) may open `AssumeRoot` sessions in members.
    case rootSessions = "RootSessions"
}
