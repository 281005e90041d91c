import Foundation
import LifelineDomain
import Testing

/// The transport register's fields (#12 item 7, ADR 0040): plates, payload, load space in litres,
/// drivers, phones and route minutes are checked and named when wrong.
@Suite struct TransportRuleTests {
    func field(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as LifelineError {
            return "\(error.field ?? "-") \(error.code.rawValue)"
        } catch {
            return "\(error)"
        }
    }

    @Test func aVehicleIsNormalisedAndItsLoadSpaceKeptInLitres() throws {
        let van = try VehicleRegistration.validated(
            plate: " 贵a 12345 ", payloadKg: 1_500, volumeM3: 4.2, coldChain: true, driver: " 王师傅 ",
            phone: "+86 851-8550 9401")
        #expect(van.plate == "贵A12345")
        #expect(van.volumeLitres == 4_200 && van.volumeM3 == 4.2)
        #expect(van.driver == "王师傅" && van.phone == "+86 851-8550 9401")
        #expect(try VehicleRegistration.plate("贵A·9E27-1") == "贵A·9E27-1")
        #expect(try VehicleRegistration.litres(volumeM3: 0.1) == 100)
        #expect(try VehicleRegistration.litres(volumeM3: 200) == 200_000)
        #expect(try VehicleRegistration.litres(volumeM3: 12.345) == 12_345)
    }

    @Test func everyFieldOfAVehicleIsCheckedByName() {
        func vehicle(
            plate: String = "贵A12345", payloadKg: Int = 1_000, volumeM3: Double = 8, driver: String = "王师傅",
            phone: String = "13800000000"
        ) -> String? {
            field {
                _ = try VehicleRegistration.validated(
                    plate: plate, payloadKg: payloadKg, volumeM3: volumeM3, coldChain: false, driver: driver,
                    phone: phone)
            }
        }
        #expect(vehicle() == nil)
        #expect(vehicle(plate: "") == "plate input.required")
        #expect(vehicle(plate: "A") == "plate input.out_of_range")
        #expect(vehicle(plate: String(repeating: "9", count: 17)) == "plate input.out_of_range")
        #expect(vehicle(plate: "<b>贵A</b>") == "plate input.invalid")
        #expect(vehicle(plate: "贵A\u{0}123") == "plate input.invalid")
        #expect(vehicle(plate: "贵A_123") == "plate input.invalid")
        #expect(vehicle(payloadKg: 0) == "payloadKg input.out_of_range")
        #expect(vehicle(payloadKg: 100_001) == "payloadKg input.out_of_range")
        #expect(vehicle(payloadKg: 100_000) == nil)
        #expect(vehicle(volumeM3: 0.099) == "volumeM3 input.out_of_range")
        #expect(vehicle(volumeM3: 200.001) == "volumeM3 input.out_of_range")
        #expect(vehicle(volumeM3: .nan) == "volumeM3 input.out_of_range")
        #expect(vehicle(volumeM3: .infinity) == "volumeM3 input.out_of_range")
        #expect(vehicle(volumeM3: 1.2345) == "volumeM3 input.invalid")
        #expect(vehicle(driver: " ") == "driver input.required")
        #expect(vehicle(driver: "王\u{0}师傅") == "driver input.invalid")
        #expect(vehicle(driver: String(repeating: "王", count: 101)) == "driver input.too_long")
        // Markup in a name is text: stored as given, escaped where shown.
        #expect(vehicle(driver: "<img src=x onerror=alert(1)>") == nil)
        #expect(vehicle(phone: "1234") == "phone input.out_of_range")
        #expect(vehicle(phone: String(repeating: "1", count: 21)) == "phone input.out_of_range")
        #expect(vehicle(phone: "0851-ABCDE") == "phone input.invalid")
        #expect(vehicle(phone: "0851\u{0}12345") == "phone input.invalid")
    }

    @Test func routeMinutesAndKilometresAreBounded() {
        #expect(field { try TransportRouteRule.validate(minutes: 1, km: nil) } == nil)
        #expect(field { try TransportRouteRule.validate(minutes: 1_440, km: 2_000) } == nil)
        #expect(field { try TransportRouteRule.validate(minutes: 0, km: nil) } == "minutes input.out_of_range")
        #expect(field { try TransportRouteRule.validate(minutes: 1_441, km: nil) } == "minutes input.out_of_range")
        #expect(field { try TransportRouteRule.validate(minutes: 30, km: 0) } == "km input.out_of_range")
        #expect(field { try TransportRouteRule.validate(minutes: 30, km: .nan) } == "km input.out_of_range")
        #expect(TransportRouteRule.limitMinutes(hours: TransportLimits().countyDepotToPointHours) == 120)
        #expect(TransportRouteRule.limitMinutes(hours: 0.1) == 6)
        #expect(TransportRouteRule.tooLong(minutes: 121, limitMinutes: 120))
        #expect(!TransportRouteRule.tooLong(minutes: 120, limitMinutes: 120))
    }
}
