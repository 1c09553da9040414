import Foundation
import GRDB
import Trend

/// Where a watch keeps its samples: SQLite through GRDB. A file store is in WAL mode and
/// commits every reading as it is taken, so a watch killed at any moment (even with
/// SIGKILL) loses nothing it has reported, and a new watch on the same store and target
/// resumes the series. Without a path the store lives in memory.
///
/// Old samples are thinned (`Downsampling`) so a watch that runs for weeks stays small.
public final class SampleStore {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    private let database: any DatabaseWriter
    public let path: String?

    /// Opens (or creates) the store at `path`, in memory without one. `readOnly` reads a store
    /// as it is: nothing is written, not even the header a writer's WAL mode sets, so a
    /// read-only file or a store another watch is writing can be read. A file that is not a
    /// Seep store (another program's database) or that a newer Seep wrote is refused before
    /// anything is written to it.
    public init(path: String?, readOnly: Bool = false) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.label = "seep-store"
        configuration.readonly = readOnly
        do {
            if let path {
                if readOnly || SampleStore.holdsData(path) {
                    try SampleStore.checkIsStore(path, mustExist: readOnly)
                }
                database = readOnly ? try DatabaseQueue(path: path, configuration: configuration)
                    : try DatabasePool(path: path, configuration: configuration)
            } else {
                database = try DatabaseQueue(configuration: configuration)
            }
            if !readOnly { try SampleStore.migrator.migrate(database) }
        } catch let error as DatabaseError {
            throw Failure(description: "\(path ?? "the in-memory store"): \(SampleStore.describe(error))")
        }
    }

    /// The tables a store has; a database with any other is someone else's.
    static let tables: Set<String> = ["sample", "event", "grdb_migrations"]

    /// Whether `path` is a file with something in it (a new or empty file becomes a store).
    private static func holdsData(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int).flatMap { $0 } ?? 0 > 0
    }

    /// Reads `path` without writing to it: a SQLite database with only a store's tables, of
    /// a schema this Seep knows.
    private static func checkIsStore(_ path: String, mustExist: Bool) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            if mustExist { throw Failure(description: "\(path): no such file") }
            return
        }
        var configuration = Configuration()
        configuration.readonly = true
        let found: Set<String>
        let superseded: Bool
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            (found, superseded) = try queue.read { db in
                let names = try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                return (names, names.contains("grdb_migrations") ? try migrator.hasBeenSuperseded(db) : false)
            }
        } catch let error as DatabaseError {
            throw Failure(description: "\(path): not a Seep store (\(describe(error)))")
        }
        let foreign = found.subtracting(tables)
        // an empty database may become a store; one to read must be a store already
        guard foreign.isEmpty, found.contains("sample") || (found.isEmpty && !mustExist) else {
            let named = foreign.isEmpty ? found : foreign
            let has = named.isEmpty ? "it has no tables" : "it has the tables \(named.sorted().joined(separator: ", "))"
            throw Failure(description: "\(path): not a Seep store (\(has)); nothing written")
        }
        if superseded {
            throw Failure(description: "\(path): written by a newer Seep (a schema this version does not know); use that version")
        }
    }

    private static func describe(_ error: DatabaseError) -> String {
        error.message ?? error.description
    }

    /// The schema, in steps that later versions extend (never edit a shipped step).
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            // resolution: 0 for a raw reading, else the length in seconds of the window whose
            // minimum this row keeps (the post-GC floor survives thinning).
            try db.execute(sql: """
                CREATE TABLE sample (
                    id INTEGER PRIMARY KEY,
                    target TEXT NOT NULL,
                    quantity TEXT NOT NULL,
                    time REAL NOT NULL,
                    value REAL NOT NULL,
                    instance TEXT,
                    resolution REAL NOT NULL DEFAULT 0
                );
                CREATE INDEX sample_by_series ON sample(target, quantity, time);
                CREATE TABLE event (
                    id INTEGER PRIMARY KEY,
                    target TEXT NOT NULL,
                    time REAL NOT NULL,
                    kind TEXT NOT NULL,
                    detail TEXT NOT NULL
                );
                """)
        }
        return migrator
    }

    /// Commits one reading (all its quantities) at once.
    public func append(_ reading: Reading, target: String) throws {
        try write { db in
            for (quantity, value) in reading.values.sorted(by: { $0.key < $1.key }) {
                try db.execute(
                    sql: "INSERT INTO sample (target, quantity, time, value, instance) VALUES (?, ?, ?, ?, ?)",
                    arguments: [target, quantity.rawValue, reading.time, value, reading.instance])
            }
        }
    }

    /// Samples from elsewhere (a Prometheus server's history), in one transaction; how many
    /// distinct times they hold.
    public func insert(_ series: [Quantity: [Trend.Sample]], target: String) throws -> Int {
        try write { db in
            for (quantity, samples) in series.sorted(by: { $0.key < $1.key }) {
                for sample in samples {
                    try db.execute(
                        sql: "INSERT INTO sample (target, quantity, time, value, instance) VALUES (?, ?, ?, ?, ?)",
                        arguments: [target, quantity.rawValue, sample.time, sample.value, sample.series])
                }
            }
            return Set(series.values.joined().map(\.time)).count
        }
    }

    /// Something that happened during a watch (a verdict, a capture, the target restarting).
    public func record(target: String, time: Double, kind: String, detail: String) throws {
        try write { db in
            try db.execute(sql: "INSERT INTO event (target, time, kind, detail) VALUES (?, ?, ?, ?)",
                           arguments: [target, time, kind, detail])
        }
    }

    /// One quantity's series, oldest first, the instance as each sample's series label.
    public func samples(target: String, quantity: Quantity) throws -> [Trend.Sample] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT time, value, instance FROM sample WHERE target = ? AND quantity = ? ORDER BY time",
                             arguments: [target, quantity.rawValue])
                .map { Trend.Sample(time: $0["time"], value: $0["value"], series: $0["instance"]) }
        }
    }

    /// The quantities stored for a target.
    public func quantities(target: String) throws -> [Quantity] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT quantity FROM sample WHERE target = ?", arguments: [target])
                .compactMap(Quantity.init(rawValue:)).sorted()
        }
    }

    /// The targets stored, most recently sampled first.
    public func targets() throws -> [String] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT target FROM sample GROUP BY target ORDER BY MAX(time) DESC")
        }
    }

    /// The instance of the last reading stored for a target.
    public func lastInstance(target: String) throws -> String? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT instance FROM sample WHERE target = ? ORDER BY time DESC LIMIT 1", arguments: [target])
        }
    }

    /// Readings kept for a target (each reading is one row per quantity, at one time).
    public func readingCount(target: String) throws -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT time) FROM sample WHERE target = ?", arguments: [target]) ?? 0
        }
    }

    public func rowCount(target: String? = nil) throws -> Int {
        try read { db in
            if let target {
                return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sample WHERE target = ?", arguments: [target]) ?? 0
            }
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sample") ?? 0
        }
    }

    public struct Event: Sendable, Equatable {
        public let time: Double
        public let kind: String
        public let detail: String
    }

    public func events(target: String) throws -> [Event] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT time, kind, detail FROM event WHERE target = ? ORDER BY time, id", arguments: [target])
                .map { Event(time: $0["time"], kind: $0["kind"], detail: $0["detail"]) }
        }
    }

    /// Thins samples older than each tier's age down to one row (the window's minimum) per
    /// tier window, quantity and instance.
    public func downsample(target: String, now: Double, tiers: [Downsampling.Tier] = Downsampling.defaultTiers) throws {
        try write { db in
            for tier in tiers {
                let cutoff = ((now - tier.age) / tier.window).rounded(.down) * tier.window
                try db.execute(sql: """
                    INSERT INTO sample (target, quantity, time, value, instance, resolution)
                    SELECT target, quantity, (CAST(time / :window AS INTEGER) + 0.5) * :window, MIN(value), instance, :window
                    FROM sample
                    WHERE target = :target AND time < :cutoff AND resolution < :window
                    GROUP BY quantity, instance, CAST(time / :window AS INTEGER);
                    DELETE FROM sample WHERE target = :target AND time < :cutoff AND resolution < :window;
                    """, arguments: ["window": tier.window, "target": target, "cutoff": cutoff])
            }
        }
    }

    private func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try database.write(body)
        } catch let error as DatabaseError {
            throw Failure(description: "\(path ?? "the in-memory store"): \(error.message ?? error.description)")
        }
    }

    private func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try database.read(body)
        } catch let error as DatabaseError {
            throw Failure(description: "\(path ?? "the in-memory store"): \(error.message ?? error.description)")
        }
    }
}

/// How a store stays bounded: raw readings for the recent past, then minima over ever longer
/// windows. Minima, because the detector works on the post-GC floor (the per-window minimum);
/// its floor windows are at least 4 minutes, so a 1-minute minimum loses it nothing.
public enum Downsampling {
    public struct Tier: Sendable {
        /// Samples older than this (seconds)…
        public let age: Double
        /// …keep one row per window of this length (seconds).
        public let window: Double

        public init(age: Double, window: Double) {
            self.age = age
            self.window = window
        }
    }

    /// At a 1 s interval: 6 hours raw (21,600 rows a quantity), a week of minutes (10,080),
    /// then 144 rows a day.
    public static let defaultTiers = [Tier(age: 6 * 3600, window: 60), Tier(age: 7 * 86400, window: 600)]
}
