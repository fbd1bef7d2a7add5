import Foundation
import RampartCore
import RampartMFA
import RampartStore

extension IAMService {
    public func createVirtualMFADevice(_ input: IAM.CreateVirtualMFADeviceRequest, _ call: CallContext) async throws
        -> IAM.CreateVirtualMFADeviceResponse
    {
        let account = call.principal.account
        try validatePath(input.path)
        let tags = input.tags?.domain ?? []
        try validateTags([], adding: tags)
        let serial = ARN.iam(
            call.principal.partition, account: account.rawValue, "mfa\(input.path ?? "/")\(input.virtualMFADeviceName)")
        let seed = MFASeed.generate()
        let sealed = try environment.secrets.seal(
            seed, boundTo: MFADevice.sealingContext(account: account, serialNumber: serial))
        let device = try await store.write { tx in
            guard tx.get(MFADevice.self, MFADevice.key(account, serial)) == nil else {
                throw AWSError.entityAlreadyExists("MFADevice entity at the same path and name already exists.")
            }
            let virtualCount = tx.all(MFADevice.self, account: account.rawValue).filter { $0.kind == .virtual }.count
            guard virtualCount < Limits.usersPerAccount else {
                throw AWSError.limitExceeded(
                    "Cannot exceed quota for VirtualMFADevicesPerAccount: \(Limits.usersPerAccount)")
            }
            var device = MFADevice(
                account: account, kind: .virtual, serialNumber: serial, sealedSeed: sealed, createDate: call.now)
            device.tags = tags
            tx.put(device)
            return device
        }
        let uri = MFASeed.provisioningURI(deviceName: input.virtualMFADeviceName, account: account, seed: seed)
        let png = try QRCode.encode(uri, errorCorrection: .medium).png()
        return IAM.CreateVirtualMFADeviceResponse(
            virtualMFADevice: IAM.VirtualMFADevice(
                serialNumber: device.serialNumber, base32StringSeed: Array(Base32.encode(seed).utf8), qrCodePNG: png,
                tags: wireTags(device.tags)))
    }

    public func enableMFADevice(_ input: IAM.EnableMFADeviceRequest, _ call: CallContext) async throws {
        try await enable(
            input.serialNumber, .consecutive(input.authenticationCode1, input.authenticationCode2),
            owner: .user(input.userName), call)
    }

    /// The caller's own device, root included: what the console's security page enables. The API's
    /// EnableMFADevice needs a UserName, so, as in AWS, root enrolls only through the console.
    public func enableOwnMFADevice(serialNumber: String, code1: String, code2: String, _ call: CallContext)
        async throws
    {
        let owner: DeviceOwner = call.principal.kind == .root ? .root : .user(call.principal.name)
        try await enable(serialNumber, .consecutive(code1, code2), owner: owner, call)
    }

    enum DeviceOwner {
        case root
        case user(String)
    }

    private func enable(_ serialNumber: String, _ codes: MFACodes, owner: DeviceOwner, _ call: CallContext)
        async throws
    {
        let account = call.principal.account
        let outcome: MFAOutcome = try await store.write { tx in
            let ownerName: String?
            switch owner {
            case .root: ownerName = nil
            case .user(let name): ownerName = try tx.user(account, name).name
            }
            var device = try tx.mfaDevice(account, serialNumber)
            guard device.assignment == nil else { throw AWSError.entityAlreadyExists("MFA Device is already in use.") }
            guard tx.devicesInUse(account, by: ownerName).count < Limits.mfaDevicesInUse else {
                throw AWSError.limitExceeded("Cannot exceed quota for MFADevicesPerUser: \(Limits.mfaDevicesInUse)")
            }
            let outcome = mfaGate("EnableMFADevice", call).check(
                codes, device: device, userName: ownerName, at: call.now, in: &tx)
            guard outcome.isAccepted, let checked = tx.get(MFADevice.self, device.recordKey) else { return outcome }
            device = checked
            device.assignment = MFADevice.Assignment(userName: ownerName, enableDate: call.now)
            tx.put(device)
            return outcome
        }
        environment.metrics.mfaChecked(.totp, MFACheckResult(outcome))
        try Self.requireAccepted(outcome)
    }

    public func resyncMFADevice(_ input: IAM.ResyncMFADeviceRequest, _ call: CallContext) async throws {
        let account = call.principal.account
        let codes = MFACodes.consecutive(input.authenticationCode1, input.authenticationCode2)
        let outcome: MFAOutcome = try await store.write { tx in
            let user = try tx.user(account, input.userName)
            let device = try tx.mfaDevice(account, input.serialNumber)
            guard device.isAssigned(to: user.name) else {
                throw AWSError.noSuchEntity("MFA device with serial number \(input.serialNumber) does not exist.")
            }
            return mfaGate("ResyncMFADevice", call).check(
                codes, device: device, userName: user.name, at: call.now, resync: true, in: &tx)
        }
        environment.metrics.mfaChecked(.totp, MFACheckResult(outcome))
        try Self.requireAccepted(outcome)
    }

    public func deactivateMFADevice(_ input: IAM.DeactivateMFADeviceRequest, _ call: CallContext) async throws {
        let account = call.principal.account
        let owner = try targetUserName(input.userName, call)
        try await store.write { tx in
            let ownerName = try owner.map { name throws(AWSError) in try tx.user(account, name).name }
            // A passkey or security key has nothing to keep once deactivated: it is removed, as in AWS.
            if let key = tx.webAuthnCredentials(account, ownedBy: ownerName).first(where: {
                $0.serialNumber(in: call.principal.partition) == input.serialNumber
            }) {
                tx.delete(WebAuthnCredential.self, key.recordKey)
                return
            }
            var device = try tx.mfaDevice(account, input.serialNumber)
            guard device.isAssigned(to: ownerName) else {
                throw AWSError.noSuchEntity("MFA device with serial number \(input.serialNumber) does not exist.")
            }
            device.assignment = nil
            tx.put(device)
        }
    }

    public func deleteVirtualMFADevice(_ input: IAM.DeleteVirtualMFADeviceRequest, _ call: CallContext) async throws {
        let account = call.principal.account
        try await store.write { tx in
            guard let device = tx.get(MFADevice.self, MFADevice.key(account, input.serialNumber)),
                device.kind == .virtual
            else {
                throw AWSError.noSuchEntity("VirtualMFADevice with serial number \(input.serialNumber) doesn't exist.")
            }
            guard device.assignment == nil else {
                throw AWSError.deleteConflict("MFA device is still assigned; deactivate it before deleting it.")
            }
            tx.delete(MFADevice.self, device.recordKey)
        }
    }

    public func listMFADevices(_ input: IAM.ListMFADevicesRequest, _ call: CallContext) async throws
        -> IAM.ListMFADevicesResponse
    {
        let snapshot = store.snapshot()
        let account = call.principal.account
        let owner = try existingTargetUser(input.userName, call, snapshot)
        let devices = snapshot.devicesInUse(account, by: owner)
        let page = try Page(devices, sortKey: { $0.serialNumber }, marker: input.marker, maxItems: input.maxItems)
        return IAM.ListMFADevicesResponse(
            mfaDevices: page.items.map {
                IAM.MFADevice(
                    userName: owner ?? account.rawValue, serialNumber: $0.serialNumber, enableDate: $0.enableDate)
            },
            isTruncated: page.isTruncated, marker: page.marker)
    }

    public func listVirtualMFADevices(_ input: IAM.ListVirtualMFADevicesRequest, _ call: CallContext) async throws
        -> IAM.ListVirtualMFADevicesResponse
    {
        let snapshot = store.snapshot()
        let account = call.principal.account
        let status = input.assignmentStatus ?? "Any"
        let devices = snapshot.all(MFADevice.self, account: account.rawValue).filter { device in
            guard device.kind == .virtual else { return false }
            switch status {
            case "Assigned": return device.assignment != nil
            case "Unassigned": return device.assignment == nil
            default: return true
            }
        }
        let page = try Page(devices, sortKey: { $0.serialNumber }, marker: input.marker, maxItems: input.maxItems)
        return IAM.ListVirtualMFADevicesResponse(
            virtualMFADevices: page.items.map { device in
                IAM.VirtualMFADevice(
                    serialNumber: device.serialNumber,
                    user: device.assignment.flatMap { owner(of: $0, snapshot, call.principal) },
                    enableDate: device.assignment?.enableDate)
            },
            isTruncated: page.isTruncated, marker: page.marker)
    }

    public func getMFADevice(_ input: IAM.GetMFADeviceRequest, _ call: CallContext) async throws
        -> IAM.GetMFADeviceResponse
    {
        let snapshot = store.snapshot()
        let account = call.principal.account
        let owner = try existingTargetUser(input.userName, call, snapshot)
        let device = try snapshot.mfaDevice(account, input.serialNumber)
        guard let assignment = device.assignment, device.isAssigned(to: owner) else {
            throw AWSError.noSuchEntity("MFA device with serial number \(input.serialNumber) does not exist.")
        }
        return IAM.GetMFADeviceResponse(
            userName: owner, serialNumber: device.serialNumber, enableDate: assignment.enableDate)
    }

    public func tagMFADevice(_ input: IAM.TagMFADeviceRequest, _ call: CallContext) async throws {
        let account = call.principal.account
        let adding = input.tags.domain
        try await store.write { tx in
            var device = try virtualDevice(input.serialNumber, account, tx)
            try validateTags(device.tags, adding: adding)
            device.tags = device.tags.merging(adding)
            tx.put(device)
        }
    }

    public func untagMFADevice(_ input: IAM.UntagMFADeviceRequest, _ call: CallContext) async throws {
        let account = call.principal.account
        try await store.write { tx in
            var device = try virtualDevice(input.serialNumber, account, tx)
            device.tags = device.tags.removing(keys: input.tagKeys)
            tx.put(device)
        }
    }

    public func listMFADeviceTags(_ input: IAM.ListMFADeviceTagsRequest, _ call: CallContext) async throws
        -> IAM.ListMFADeviceTagsResponse
    {
        let device = try virtualDevice(input.serialNumber, call.principal.account, store.snapshot())
        let page = try Page(device.tags, sortKey: { $0.key }, marker: input.marker, maxItems: input.maxItems)
        return IAM.ListMFADeviceTagsResponse(
            tags: page.items.map(IAM.Tag.init), isTruncated: page.isTruncated, marker: page.marker)
    }

    func mfaGate(_ operation: String, _ call: CallContext) -> MFAGate {
        MFAGate(secrets: environment.secrets, audit: MFAGate.Audit(operation: operation, call))
    }

    /// Turns a refused check into EnableMFADevice's and ResyncMFADevice's modeled error.
    static func requireAccepted(_ outcome: MFAOutcome) throws(AWSError) {
        switch outcome {
        case .accepted: return
        case .rejected:
            throw AWSError(
                code: "InvalidAuthenticationCode", message: "Authentication code for device is not valid.",
                httpStatus: 403)
        case .lockedOut(let until):
            throw AWSError(
                code: "InvalidAuthenticationCode",
                message: "Too many invalid authentication codes; try again after \(Timestamp.iso8601(until)).",
                httpStatus: 403)
        }
    }

    private func virtualDevice(_ serial: String, _ account: AccountID, _ reader: some EntityReader)
        throws(AWSError) -> MFADevice
    {
        guard let device = reader.get(MFADevice.self, MFADevice.key(account, serial)), device.kind == .virtual else {
            throw AWSError.noSuchEntity("VirtualMFADevice with serial number \(serial) doesn't exist.")
        }
        return device
    }

    /// The IAM.User shape of a device's owner; root appears with its ARN and an empty name.
    private func owner(of assignment: MFADevice.Assignment, _ snapshot: StoreSnapshot, _ caller: Principal)
        -> IAM.User?
    {
        let account = caller.account
        guard let name = assignment.userName else {
            let root = snapshot.get(Account.self, account.rawValue)
            return IAM.User(
                path: "/", userName: "", userId: account.rawValue,
                arn: ARN.root(caller.partition, account),
                createDate: root?.createDate ?? assignment.enableDate)
        }
        return snapshot.get(User.self, User.key(account, name)).map {
            IAM.User($0, in: caller.partition, detailed: false)
        }
    }
}
