import Foundation

/// A photo the receiver attaches to a signed line (R5.6: damage, shortage).
public enum DeliveryPhoto {
    /// Largest photo kept (phones resize before upload; the console asks for the camera).
    public static let maxBytes = 5 * 1024 * 1024

    /// The image type read from the file's first bytes — JPEG, PNG or WebP — never trusting the name.
    public static func contentType(of bytes: Data) -> String? {
        let head = [UInt8](bytes.prefix(12))
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if head.count == 12, head.starts(with: Array("RIFF".utf8)), Array(head[8..<12]) == Array("WEBP".utf8) {
            return "image/webp"
        }
        return nil
    }

    /// Checks a photo for `field`; returns its content type.
    public static func validate(_ bytes: Data, field: String) throws(LifelineError) -> String {
        guard !bytes.isEmpty else { throw LifelineError.required(field) }
        guard bytes.count <= maxBytes else {
            throw LifelineError(.payloadTooLarge, field: field, ["max": "\(maxBytes / 1024 / 1024) MiB"])
        }
        guard let type = contentType(of: bytes) else { throw LifelineError.invalid(field, "a JPEG, PNG or WebP image") }
        return type
    }
}
