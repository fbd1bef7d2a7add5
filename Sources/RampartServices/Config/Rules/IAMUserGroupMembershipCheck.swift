extension ManagedRule {
    /// iam-user-group-membership-check: every IAM user is in at least one group, or in one of
    /// `groupNames` when given.
    static let iamUserGroupMembershipCheck = ManagedRule(
        "IAM_USER_GROUP_MEMBERSHIP_CHECK", trigger: .configurationChange, resourceTypes: [ConfigResourceType.user],
        parameters: [RuleParameter("groupNames", .csv)]
    ) { facts, parameters, _ in
        let wanted = Set(parameters.list("groupNames"))
        return facts.users.map { user in
            let member = wanted.isEmpty ? !user.groups.isEmpty : user.groups.contains { wanted.contains($0) }
            return .user(
                user, member, wanted.isEmpty ? "The user is in no group." : "The user is in none of the groups.")
        }
    }
}
