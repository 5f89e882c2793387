import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reading a large file on every core: the data is cut at record boundaries into one stretch per
/// core, each stretch is read on its own, and the results are joined in file order.
extension CSVParser {
  /// What reading one stretch gave. Each stretch counts lines from 1; `lines` becomes the offset
  /// to the file's line numbers once the stretches before it are known.
  struct Outcome {
    var columns: [ColumnAccumulator]
    var stats = PassStats()
    var error: FileError?
    var lines = 0
  }

  private func settle(_ outcome: inout Outcome, asNotes: Bool, width: Int) throws(FileError) {
    try settle(
      &outcome.stats, asNotes: asNotes, width: width, &outcome.columns, lineOffset: outcome.lines)
  }

  /// Reads the data rows from `start` into accumulators of the given modes.
  func readData(
    _ modes: [ColumnAccumulator.Mode], width: Int, delimiter: UInt8, start: Int, line: Int,
    reserve: Int, checkingUTF8: Bool = false, cutsByQuotes: Bool = false
  ) throws(FileError) -> ([ColumnAccumulator], PassStats) {
    let cores = options.maximumChunks ?? max(1, min(8, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
    let parts = max(1, min(cores, (buffer.count - start) / max(1, options.minimumChunkBytes)))
    let bounds =
      parts > 1
      ? chunkBounds(start: start, parts: parts, byQuotes: cutsByQuotes) : [start, buffer.count]
    let chunks = bounds.count - 1

    // The first stretch reserves room for the whole file, so that joining the others into it
    // does not copy what it holds.
    var outcomes = (0..<chunks).map { k in
      Outcome(
        columns: modes.map {
          ColumnAccumulator($0, reserve: k == 0 ? reserve : reserve / chunks + 16)
        })
    }
    if chunks == 1 {
      outcomes[0].stats = try pass(
        &outcomes[0].columns, width: width, delimiter: delimiter, start: start, end: buffer.count,
        line: line, checkingUTF8: checkingUTF8)
    } else {
      outcomes.withUnsafeMutableBufferPointer { slots in
        nonisolated(unsafe) let slots = slots
        nonisolated(unsafe) let parse = self
        DispatchQueue.concurrentPerform(iterations: chunks) { k in
          // Each thread writes only its own slot; the slots are read once all are done.
          do throws(FileError) {
            slots[k].stats = try parse.pass(
              &slots[k].columns, width: width, delimiter: delimiter, start: bounds[k],
              end: bounds[k + 1], line: 1, checkingUTF8: checkingUTF8)
          } catch {
            slots[k].error = error
          }
          slots[k].lines = slots[k].stats.lines
        }
      }
      // Line numbers: stretch k starts after the lines of the stretches before it.
      var offset = line - 1
      for k in 0..<chunks {
        let count = outcomes[k].lines
        outcomes[k].lines = offset
        offset += count
      }
    }

    // An error in a stretch: a guessed cut that fell inside quotes is cut again by the quotes;
    // any other is settled by one pass over the whole file.
    for k in 0..<chunks {
      if let error = outcomes[k].error {
        // Ctrl-C, or bytes that are not UTF-8 (which no second reading would make so).
        if error.kind == .interrupted || error.kind == .encoding { throw error }
        if chunks > 1 && !cutsByQuotes && error.kind == .quoting {
          // The cuts were guessed, and one fell inside a quoted field: the first stretch in
          // error ended inside the quotes, since it was read from a true record's start.
          // Cut again by counting quotes.
          return try readData(
            modes, width: width, delimiter: delimiter, start: start, line: line, reserve: reserve,
            checkingUTF8: checkingUTF8, cutsByQuotes: true)
        }
        if chunks > 1 {
          // A stretch cut inside a quoted field (a stray quote fooled the cut) reads badly, the
          // one before the cut as much as the one after: read the whole file in one pass
          // instead, which gives the table or the true error.
          return try readData(
            modes, width: width, delimiter: delimiter, start: start, line: line, reserve: reserve,
            checkingUTF8: checkingUTF8, single: true)
        }
        throw error
      }
      if chunks > 1 { outcomes[k].stats.shiftLines(by: outcomes[k].lines) }
    }

    // The cuts were placed by counting quotes, which a quote inside an unquoted field (`5" tall`)
    // fools: a later cut can then fall inside a quoted field and split a record in two without
    // an error. The stretch that holds such a quote saw it; read the whole file in one pass.
    if chunks > 1 && outcomes.contains(where: { $0.stats.strayQuotes > 0 }) {
      return try readData(
        modes, width: width, delimiter: delimiter, start: start, line: line, reserve: reserve,
        checkingUTF8: checkingUTF8, single: true)
    }

    // Rows held at the end of a stretch are inside the table when any later stretch has rows.
    for k in 0..<chunks where !outcomes[k].stats.pending.isEmpty {
      let laterRows = outcomes[(k + 1)...].contains { $0.stats.rows > 0 }
      if laterRows {
        try settle(&outcomes[k], asNotes: false, width: width)
      } else {
        // The notes may run on over the following stretches: settle them as one.
        let run = outcomes[k...].flatMap { $0.stats.pending }
        let notes = looksLikeNotes(
          run, afterEmptyRow: outcomes[k].stats.emptyRowBeforePending, width: width)
        for i in k..<chunks { try settle(&outcomes[i], asNotes: notes, width: width) }
        break
      }
    }

    // Moved out, not copied: while `outcomes` also held the first stretch's columns, appending
    // to them copied every array first (copy-on-write), 36 MB at a million rows.
    var columns: [ColumnAccumulator] = []
    swap(&columns, &outcomes[0].columns)
    var stats = outcomes[0].stats
    for k in 1..<max(1, chunks) {
      let lineOffset = outcomes[k].lines
      let join = { (into: inout ColumnAccumulator, from: inout ColumnAccumulator) in
        into.append(contentsOf: from, lineOffset: lineOffset)
        // Each column of a stretch is let go once joined: the join never holds a stretch's
        // cells twice, only a column's on each core at a time.
        from = ColumnAccumulator(.skip, reserve: 0)
      }
      if stats.rows + outcomes[k].stats.rows < 1 << 16 {
        for j in columns.indices { join(&columns[j], &outcomes[k].columns[j]) }
      } else {
        // The columns are joined side by side: copying a million rows' cells is mostly fresh
        // pages faulted in, which one core would otherwise do alone while the others wait.
        columns.withUnsafeMutableBufferPointer { into in
          outcomes[k].columns.withUnsafeMutableBufferPointer { from in
            // Each iteration touches only its own column of each.
            nonisolated(unsafe) let work = (into, from, join)
            DispatchQueue.concurrentPerform(iterations: work.0.count) { j in
              work.2(&work.0[j], &work.1[j])
            }
          }
        }
      }
      let s = outcomes[k].stats
      stats.rows += s.rows
      stats.emptyRows += s.emptyRows
      stats.padded += s.padded
      stats.footnotes += s.footnotes
      stats.trimmedTrailing += s.trimmedTrailing
      stats.strayQuotes += s.strayQuotes
      stats.firstStrayQuote = stats.firstStrayQuote ?? s.firstStrayQuote
    }
    return (columns, stats)
  }

  /// The same, in one pass.
  private func readData(
    _ modes: [ColumnAccumulator.Mode], width: Int, delimiter: UInt8, start: Int, line: Int,
    reserve: Int, checkingUTF8: Bool, single: Bool
  ) throws(FileError) -> ([ColumnAccumulator], PassStats) {
    var columns = modes.map { ColumnAccumulator($0, reserve: reserve) }
    var stats = try pass(
      &columns, width: width, delimiter: delimiter, start: start, end: buffer.count, line: line,
      checkingUTF8: checkingUTF8)
    let notes = looksLikeNotes(
      stats.pending, afterEmptyRow: stats.emptyRowBeforePending, width: width)
    try settle(&stats, asNotes: notes, width: width, &columns)
    return (columns, stats)
  }

  /// Cut points at record boundaries, about evenly spaced: the first line end after each even
  /// place. With `byQuotes`, a line end outside quotes, found by the parity of the quotes
  /// before it (RFC 4180 quotes come in pairs, doubled ones too); without, any line end, a
  /// guess that costs no count of the quotes before it (a serial scan of all but the last
  /// stretch). The guess checks itself: the first stretch starts at a record, so it ends inside
  /// quotes, an error, when its cut fell inside a quoted field; when it did not, the cut is a
  /// record's start and the next stretch is read as truly, and so on.
  func chunkBounds(start: Int, parts: Int, byQuotes: Bool = true) -> [Int] {
    guard let base = buffer.baseAddress else { return [start, buffer.count] }
    var bounds = [start]
    var scanned = start
    var insideQuotes = false
    for k in 1..<parts {
      let target = start + (buffer.count - start) * k / parts
      guard target > scanned else { continue }
      if byQuotes && Self.countQuotes(base + scanned, target - scanned) & 1 == 1 {
        insideQuotes.toggle()
      }
      var p = target
      while p < buffer.count {
        let c = base[p]
        if c == UInt8(ascii: "\"") {
          if byQuotes { insideQuotes.toggle() }
        } else if !insideQuotes && (c == 0x0A || c == 0x0D) {
          p += (c == 0x0D && p + 1 < buffer.count && base[p + 1] == 0x0A) ? 2 : 1
          break
        }
        p += 1
      }
      guard p < buffer.count else { break }
      bounds.append(p)
      scanned = p
    }
    bounds.append(buffer.count)
    return bounds
  }

  /// The number of `"` bytes, found with memchr (vectorised by the C library).
  static func countQuotes(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
    var count = 0
    var cursor = UnsafeRawPointer(p)
    var left = n
    while left > 0, let hit = memchr(cursor, 0x22, left) {
      count += 1
      let step = UnsafeRawPointer(hit) - cursor + 1
      cursor += step
      left -= step
    }
    return count
  }
}
