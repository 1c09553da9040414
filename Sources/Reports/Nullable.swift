/// An optional that is written as `null` instead of being left out, so every documented key
/// is always present in Seep's JSON.
public struct Nullable<Wrapped: Encodable>: Encodable {
    public let value: Wrapped?

    public init(_ value: Wrapped?) {
        self.value = value
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value { try container.encode(value) } else { try container.encodeNil() }
    }
}
