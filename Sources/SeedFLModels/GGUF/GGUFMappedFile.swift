#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only, private memory mapping of a whole file.
///
/// GGUF model files are tens to hundreds of megabytes; mapping them lets the
/// reader validate and dequantise tensors straight from the page cache without
/// copying the file into the heap. The mapping is `PROT_READ`, so the bytes can
/// never change underneath a reader (a shared, writable mapping could).
final class GGUFMappedFile {
    /// The mapped bytes; empty (and unmapped) for a zero-length file, which
    /// `mmap` refuses to map.
    let bytes: UnsafeRawBufferPointer

    /// Opens and maps `path`.
    /// - Throws: `GGUFError.cannotOpen` with the `errno` of the failing call.
    init(path: String) throws(GGUFError) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw .cannotOpen(path: path, operation: "open", errno: errno)
        }
        // The descriptor is not needed once the mapping exists: the mapping
        // keeps its own reference to the file.
        defer { close(descriptor) }

        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw .cannotOpen(path: path, operation: "fstat", errno: errno)
        }
        let size = Int(status.st_size)
        if size == 0 {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0),
              address != MAP_FAILED
        else {
            throw .cannotOpen(path: path, operation: "mmap", errno: errno)
        }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    deinit {
        if let base = bytes.baseAddress {
            munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
        }
    }
}
