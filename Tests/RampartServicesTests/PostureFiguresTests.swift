import Foundation
import RampartCore
import Testing

@testable import RampartServices

/// The pure parts of the posture: which devices count as unused, and how the trend keeps its days.
struct PostureFiguresTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let account = AccountID("123456789012")!

    func device(_ serial: String, user: String?, enabled: Date, lastStep: Int64?) -> MFADevice {
        var device = MFADevice(
            account: account, kind: .virtual, serialNumber: serial, sealedSeed: [], createDate: enabled)
        device.assignment = MFADevice.Assignment(userName: user, enableDate: enabled)
        device.lastAcceptedStep = lastStep
        return device
    }

    @Test func aDeviceIsUnusedWhenItsLastCodeOrItsEnablingIsOver90DaysOld() {
        let old = now.addingTimeInterval(-91 * 86_400)
        let recent = now.addingTimeInterval(-10 * 86_400)
        let devices = [
            device("never-used-old", user: "a", enabled: old, lastStep: nil),
            device("never-used-new", user: "b", enabled: recent, lastStep: nil),
            device("used-long-ago", user: nil, enabled: old, lastStep: Int64(old.timeIntervalSince1970 / 30)),
            device("used-lately", user: "c", enabled: old, lastStep: Int64(recent.timeIntervalSince1970 / 30)),
        ]
        let unused = PostureFigures.unused(totp: devices, passkeys: [], account: account, now: now)
        #expect(unused.map(\.name) == ["used-long-ago", "never-used-old"])
        #expect(unused.map(\.owner) == ["<root_account>", "a"])
    }

    @Test func theTrendKeepsOneEntryADayFor90Days() {
        func day(_ offset: Int, with: Int) -> PostureHistory.Day {
            PostureHistory.Day(
                day: PostureHistory.dayString(now.addingTimeInterval(Double(offset) * 86_400)), mustHaveMFA: 4,
                withMFA: with, phishingResistant: 0, blocked: 0, nonCompliantResources: 0)
        }
        var history = PostureHistory(scope: "s", account: account, days: [day(-120, with: 0), day(-89, with: 1)])
        history = history.recording(day(0, with: 2), now: now)
        history = history.recording(day(0, with: 3), now: now)
        #expect(history.days.map(\.withMFA) == [1, 3])
    }
}
