import Foundation

/// A carrier's vehicle as a county registers it (转运能力底数清单, #12 item 7): its plate, what it
/// carries (payload and load space), whether it keeps the cold chain, and who drives it.
///
/// The load space is kept in whole litres, so that the fleet check adds integers; people give it in
/// cubic metres with at most three decimals (4.2 m³ = 4 200 L).
///
///     let van = try VehicleRegistration.validated(
///         plate: "贵A·D1234", payloadKg: 1_500, volumeM3: 8.5, coldChain: false, driver: "王师傅",
///         phone: "138 0851 0000")
///     van.volumeLitres  // 8 500
public struct VehicleRegistration: Sendable, Hashable, Codable {
    /// Upper-case, as registered: `贵A·D1234`.
    public var plate: String
    public var payloadKg: Int
    public var volumeLitres: Int
    public var coldChain: Bool
    public var driver: String
    public var phone: String

    public init(plate: String, payloadKg: Int, volumeLitres: Int, coldChain: Bool, driver: String, phone: String) {
        self.plate = plate
        self.payloadKg = payloadKg
        self.volumeLitres = volumeLitres
        self.coldChain = coldChain
        self.driver = driver
        self.phone = phone
    }

    /// The load space in cubic metres.
    public var volumeM3: Double { Double(volumeLitres) / 1_000 }

    // Limits (ADR 0023, ADR 0040): a motorcycle box to a 40-foot trailer.
    public static let plateLength = 2...16
    public static let payloadKg = 1...100_000
    public static let volumeLitres = 100...200_000
    public static let largestVolumeM3 = 200.0
    public static let smallestVolumeM3 = 0.1
    public static let largestDriver = 100
    public static let phoneLength = 5...20

    /// Trims and checks every field, naming the first at fault (`plate`, `volumeM3`…).
    public static func validated(
        plate: String, payloadKg: Int, volumeM3: Double, coldChain: Bool, driver: String, phone: String
    ) throws(LifelineError) -> VehicleRegistration {
        let plate = try Self.plate(plate)
        guard Self.payloadKg.contains(payloadKg) else {
            throw LifelineError(
                .outOfRange, field: "payloadKg",
                ["min": String(Self.payloadKg.lowerBound), "max": String(Self.payloadKg.upperBound)])
        }
        let litres = try Self.litres(volumeM3: volumeM3)
        let driver = try Text.required(driver, field: "driver", max: largestDriver)
        let phone = try Self.phone(phone)
        return VehicleRegistration(
            plate: plate, payloadKg: payloadKg, volumeLitres: litres, coldChain: coldChain, driver: driver,
            phone: phone)
    }

    /// A plate: 2–16 characters of Latin letters (kept upper-case), digits, Chinese characters, the
    /// middle dot `·` and `-`. Spaces inside are dropped (`贵A 12345` is `贵A12345`).
    public static func plate(_ text: String, field: String = "plate") throws(LifelineError) -> String {
        // Spaces are dropped before the length is counted: the text itself may be longer.
        let trimmed = try Text.required(text, field: field, max: 40)
        let plate = trimmed.filter { $0 != " " && $0 != "\u{3000}" }.uppercased()
        guard plateLength.contains(plate.count) else {
            throw LifelineError(
                .outOfRange, field: field,
                ["min": String(plateLength.lowerBound), "max": String(plateLength.upperBound)])
        }
        guard plate.unicodeScalars.allSatisfy(isPlateScalar) else {
            throw .invalid(field, "letters, digits, Chinese characters, '·' and '-' only")
        }
        return plate
    }

    static func isPlateScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A: true  // digits, A–Z (lower case was raised)
        case 0x4E00...0x9FFF: true  // CJK unified ideographs: 贵, 京, 警, 挂…
        case 0xB7, 0x2D: true  // ·, -
        default: false
        }
    }

    /// Cubic metres, 0.1–200 with at most three decimals, as whole litres.
    public static func litres(volumeM3: Double, field: String = "volumeM3") throws(LifelineError) -> Int {
        guard volumeM3.isFinite, volumeM3 >= smallestVolumeM3, volumeM3 <= largestVolumeM3 else {
            throw LifelineError(.outOfRange, field: field, ["min": "0.1", "max": "200"])
        }
        let litres = (volumeM3 * 1_000).rounded()
        // 4.2 × 1000 is 4200.000000000001 in binary floating point: a millionth of a litre is noise.
        guard abs(volumeM3 * 1_000 - litres) < 1e-6 else {
            throw .invalid(field, "cubic metres with at most 3 decimals")
        }
        return Int(litres)
    }

    /// A telephone number: 5–20 of digits, `+`, `-` and spaces.
    public static func phone(_ text: String, field: String = "phone") throws(LifelineError) -> String {
        let phone = try Text.required(text, field: field, max: 40)
        guard phoneLength.contains(phone.count) else {
            throw LifelineError(
                .outOfRange, field: field,
                ["min": String(phoneLength.lowerBound), "max": String(phoneLength.upperBound)])
        }
        guard phone.allSatisfy({ ("0"..."9").contains($0) || $0 == "+" || $0 == "-" || $0 == " " }) else {
            throw .invalid(field, "digits, '+', '-' and spaces only")
        }
        return phone
    }
}
