/// Carries a raw buffer into `DispatchQueue.concurrentPerform`.
///
/// Swift 6 refuses to send unsafe pointers across concurrency domains. Every use in
/// SeedFL hands each worker a *disjoint* slice of the buffer and joins all workers
/// before the buffer's owner touches it again, so no two threads ever access the same
/// element: that is the invariant that makes this box safe, and every call site must keep it.
public struct UnsafeSendable<Value>: @unchecked Sendable {
    public let value: Value
    public init(_ value: Value) { self.value = value }
}
