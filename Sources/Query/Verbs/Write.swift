import Tables

extension Evaluator {
  /// `write FORMAT [to PATH [replace]] [suppress below N] [round N]`; `to "-"` is standard output.
  func write(_ frame: Frame, _ request: WriteRequest, at range: SourceRange) throws(Diagnostic)
    -> Frame
  {
    var table = frame.table
    var notes: [Note] = []
    if let below = request.suppressBelow {
      let outcome = Disclosure.suppress(table, below: below, resolver: resolver)
      table = outcome.table
      if outcome.primary == 0 {
        notes.append(Note("no counts under \(below) to suppress"))
      } else {
        notes.append(
          Note(
            "suppressed \(NumberFormatting.count(outcome.primary, "count")) under \(below) as [c]"
              + (outcome.secondary > 0
                ? ", and \(NumberFormatting.count(outcome.secondary, "more cell")) so that none can be worked back from a total"
                : "")
              + (outcome.derived > 0
                ? "; \(NumberFormatting.count(outcome.derived, "rate, limit or share", "rates, limits and shares")) worked out from them hidden too, since each would give the count back"
                : "")))
      }
    }
    if let base = request.round {
      table = Disclosure.round(table, to: base)
      notes.append(
        Note(
          "counts rounded to the nearest \(base); totals were rounded on their own, so parts may not add up to them"
        ))
    }
    if request.format != .md, request.format != .xlsx,
      let clash = TableWriter.statusNameClash(table)
    {
      throw Diagnostic.statusNameClash(clash, at: range)
    }
    // The file's bytes: made once, and compared or written as they are.
    let bytes: [UInt8]
    switch request.format {
    case .csv, .tsv:
      bytes =
        request.format == .csv
        ? TableWriter.csvBytes(table, forExcel: request.forExcel)
        : TableWriter.tsvBytes(table, forExcel: request.forExcel)
      let risky = TableWriter.formulaLikeCells(table)
      if risky > 0 {
        notes.append(
          Note(
            request.forExcel
              ? "\(NumberFormatting.count(risky, "text cell")) that Excel would read as a formula written with a leading ' (shown as text)"
              : "\(NumberFormatting.count(risky, "text cell")) start with = + - or @, which Excel runs as a formula: add `for excel` to guard them"
          ))
      }
    case .json: bytes = Array(TableWriter.json(table).utf8)
    case .md: bytes = Array(MarkdownDocument.table(table, of: frame, notes: notes).utf8)
    case .xlsx:
      // The notes travel with the figures: the frame's, how it was written, what its symbols mean.
      let lines = Legend.adding(to: frame.notes.map(\.text) + notes.map(\.text), for: table)
      do {
        bytes = try WorkbookWriter.bytes(
          table, title: frame.title, notes: lines, source: Self.sourceLine(table.provenance))
      } catch {
        throw Diagnostic(
          "the workbook was not written: \(error.description)", at: request.path?.range ?? range)
      }
    }
    var result = frame
    // `to "-"` is standard output, as for most Unix tools.
    guard let path = request.path, path.text != "-" else {
      let text = String(decoding: bytes, as: UTF8.self)
      result.display = request.format == .md ? .markdown(text) : .data(text, notes: notes)
      return result
    }
    result.display = .message(
      try putFile(
        bytes, at: path, replace: request.replace,
        what: NumberFormatting.count(table.rowCount, "row"), notes: notes))
    // The frame's warnings are shown under the message: a warning about the figures does not
    // vanish because they were written.
    return result
  }

  /// Puts `bytes` at `path` as `write` does (inside what the notebook may reach, whole or not at
  /// all, compared and not written while a notebook is checked) and says what was done:
  /// `wrote WHAT to PATH`, with `notes` under it.
  func putFile(_ bytes: [UInt8], at path: Name, replace: Bool, what: String, notes: [Note])
    throws(Diagnostic) -> String
  {
    var notes = notes
    guard workspace.writesFiles else {
      throw Diagnostic(
        "\(path.text) was not written: this session does not write files", at: path.range)
    }
    let full = try workspace.permittedPath(path.text, for: .write, at: path.range)
    if workspace.writeMode == .compare {
      // Checking writes nothing: the file is compared with what would be written. The cell says
      // what it would have said when the file matches, so a notebook checks clean; otherwise its
      // output says why not, and the check shows the difference.
      let existing = try? FileBytes.read(full)
      let state: FileComparison.State =
        existing == nil ? .absent : existing == bytes ? .same : .differs
      let comparison = FileComparison(path: path.text, state: state)
      workspace.recordComparison(comparison)
      var message =
        state == .same
        ? "wrote \(what) to \(path.text)"
        : comparison.account + "; `cjnb run NOTEBOOK --update` writes it"
      if !notes.isEmpty {
        message += "\n" + notes.map { "  note: \($0.text)" }.joined(separator: "\n")
      }
      return message
    }
    let replacing = replace || workspace.writeMode == .rewrite
    if AtomicFile.exists(full) && !replacing {
      throw Diagnostic(
        "\(path.text) is already there", at: path.range,
        label: "add `replace` after the path to replace it")
    }
    let outcome: AtomicFile.Outcome
    do {
      // Created only if still absent when it is put in place: of two sessions writing the same
      // new file, the second is told rather than silently winning.
      outcome = try AtomicFile.write(bytes, to: full, mode: replacing ? .replace : .create)
    } catch  where error.reason == .appeared {
      throw Diagnostic(
        "\(path.text) appeared while it was being written (another session or program created it); it was left as it is",
        at: path.range, label: "add `replace` after the path to replace it, or choose another name")
    } catch {
      throw Diagnostic(error.description, at: path.range)
    }
    if let note = outcome.note { notes.append(Note(note)) }
    var message = "wrote \(what) to \(path.text)"
    if !notes.isEmpty {
      message += "\n" + notes.map { "  note: \($0.text)" }.joined(separator: "\n")
    }
    return message
  }
}

/// A table as Markdown for a report: its title in bold, the table, its notes and the meaning of
/// its symbols as a list, and its label (`illustrative, not official statistics`) in italics.
public enum MarkdownDocument {
  /// `table` (the frame's, or it suppressed or rounded) with the frame's title and notes, and
  /// `notes` about how it was written.
  public static func table(_ table: Table, of frame: Frame, notes: [Note] = []) -> String {
    var md = ""
    if let title = frame.title { md += "**\(title)**\n\n" }
    md += TableWriter.markdown(table)
    let allNotes = Legend.adding(to: frame.notes.map(\.text) + notes.map(\.text), for: table)
    if !allNotes.isEmpty { md += "\n" + allNotes.map { "- \($0)" }.joined(separator: "\n") + "\n" }
    if let label = table.provenance.label { md += "\n_\(label)_\n" }
    return md
  }
}

extension Diagnostic {
  /// A data file cannot hold `value`'s companion column when the table has a column of its name.
  public static func statusNameClash(
    _ clash: (column: String, companion: String), at range: SourceRange?
  ) -> Diagnostic {
    Diagnostic(
      "\(clash.column) has symbols or markers that go in a column \(clash.companion) beside it, and the table already has a column of that name",
      at: range, label: range == nil ? nil : "two columns of one name",
      help:
        "rename one first: | rename \(written(clash.companion)) as \(written(clash.companion + "_old"))"
    )
  }

  /// A column name as a command writes it: in backticks unless it is a plain word.
  private static func written(_ name: String) -> String {
    let plain =
      name.first.map { $0.isLetter || $0 == "_" } == true
      && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    return plain ? name : "`" + name + "`"
  }
}
