import Prometheus
import Synchronization

/// The counters and histograms of a registry already asked for, kept by their name and labels. The registry checks
/// every name, label and help text again each time it is asked for one, which cost every request about 3 µs of CPU
/// (BENCHMARKS.md); a series found here is the registry's own, so `/metrics` renders what it counted.
final class MetricSeries: Sendable {
    /// A series: its metric's name and its labels' names and values, in order.
    private struct Key: Hashable {
        let name: String
        let labels: [String]

        init(_ name: String, _ labels: [(String, String)]) {
            self.name = name
            var flat: [String] = []
            flat.reserveCapacity(labels.count * 2)
            for (label, value) in labels {
                flat.append(label)
                flat.append(value)
            }
            self.labels = flat
        }
    }

    private let counters = Mutex<[Key: Counter]>([:])
    private let histograms = Mutex<[Key: DurationHistogram]>([:])

    /// The counter named `name` with `labels`, made by `make` the first time.
    func counter(_ name: String, _ labels: [(String, String)], make: () -> Counter) -> Counter {
        series(in: counters, Key(name, labels), make: make)
    }

    /// The histogram named `name` with `labels`, made by `make` the first time.
    func histogram(_ name: String, _ labels: [(String, String)], make: () -> DurationHistogram) -> DurationHistogram {
        series(in: histograms, Key(name, labels), make: make)
    }

    private func series<Series: Sendable>(in kept: borrowing Mutex<[Key: Series]>, _ key: Key, make: () -> Series)
        -> Series
    {
        if let series = kept.withLock({ $0[key] }) { return series }
        let series = make()
        kept.withLock { $0[key] = series }
        return series
    }
}
