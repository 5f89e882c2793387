import Framework
import Tables

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A dataset the workspace can load by name when it is first used.
public struct DatasetSource: Sendable {
  public var name: String
  public var path: String
  public var summary: String
  public var label: String?
  public var attribution: String?

  public init(
    name: String, path: String, summary: String, label: String? = nil, attribution: String? = nil
  ) {
    self.name = name
    self.path = path
    self.summary = summary
    self.label = label
    self.attribution = attribution
  }
}

/// The state of a session's language: named tables, the last result, where relative paths
/// start. It runs commands and returns what they print; it never writes to the terminal itself.
///
/// ```
/// let workspace = Workspace(datasets: sources)
/// let output = try workspace.run(Parser.parseCommand("indicators | where area = \"Fife\" | trend"))
/// ```
public final class Workspace {
  struct Stored {
    var table: Table
    /// What the user would call where it came from: a path, or "bundled".
    var origin: String
    /// For a result kept with `let`: what was said with it (title, notes, the measure and area).
    var frame: Frame?
  }

  private var tables: [String: Stored] = [:]
  private var sources: [String: DatasetSource] = [:]
  private var sourceOrder: [String] = []
  /// The last table a pipeline produced: what `_` and a line starting with a verb continue from.
  public private(set) var last: Frame?
  /// Where relative paths in `load` and `write` start; nil means the working directory.
  public var baseDirectory: String?
  /// Which files `load` and `write` may touch: anywhere in a session, the notebook's folder when
  /// a notebook is replayed.
  public var access: FileAccess = .unrestricted
  /// Whether `write ... to PATH` may write; off while a session is rebuilt from its journal, so
  /// that recovering re-executes nothing that writes.
  public var writesFiles = true
  /// What `write ... to PATH` does: write as the command says (a session), compare with the file
  /// and write nothing (a notebook checked or replayed), or rewrite the file (`run --update`).
  public var writeMode: WriteMode = .asWritten
  /// The files a notebook's `write` cells name, compared with what they would write, in order.
  public private(set) var comparedFiles: [FileComparison] = []
  public let resolver: AreaResolver
  /// Draws a chart as an SVG file's text, for `chart ... to "FILE.svg"`: set by the layer that
  /// renders (the command runner), since drawing is above the language.
  public var chartFile: (@Sendable (ChartData) -> String)?
  /// What the last command did besides its result (`wrote chart to x.svg`), said after it.
  var statusLines: [String] = []
  private var populationCache: PopulationEstimates?
  /// Comparator groups defined with `group NAME = (...)`, by name in lower case.
  public private(set) var groups: [String: ComparatorGroup] = [:]

  public init(
    datasets: [DatasetSource] = [], baseDirectory: String? = nil, resolver: AreaResolver = .standard
  ) {
    for source in datasets {
      sources[source.name] = source
      sourceOrder.append(source.name)
    }
    self.baseDirectory = baseDirectory
    self.resolver = resolver
  }

  /// Every table name in scope, bundled ones first, for completion and suggestions.
  public var tableNames: [String] {
    sourceOrder + tables.keys.filter { sources[$0] == nil }.sorted()
  }

  /// The table called `name`, loading a bundled one on first use.
  public func table(named name: String) throws(Diagnostic) -> Table? {
    if let stored = tables[name] { return stored.table }
    guard let source = sources[name] else { return nil }
    do {
      var table = try SharedTables.table(at: source.path)
      table.provenance = Provenance(
        source: source.path, label: source.label, attribution: source.attribution)
      tables[name] = Stored(table: table, origin: "bundled")
      return table
    } catch {
      throw Diagnostic("the bundled dataset \(name) could not be read: \(error.description)")
    }
  }

  /// The columns of a table in scope, without loading anything that is not loaded already,
  /// except bundled tables (which are small): for completion.
  public func columnNames(of name: String) -> [String] {
    (try? table(named: name))?.columnNames ?? []
  }

  /// The population estimates of the bundled datasets: the current series
  /// (`population_current`, rebased on Census 2022) wherever it has a figure, the series to
  /// mid-2018 (`population`) elsewhere; each figure keeps its series for the footnotes.
  func population() throws(Diagnostic) -> PopulationEstimates {
    if let populationCache { return populationCache }
    guard let table = try table(named: "population") else {
      throw Diagnostic(
        "no population estimates are available",
        help: "the bundled population dataset was not found")
    }
    let current = try self.table(named: "population_current")
    do throws(PopulationError) {
      var estimates = try PopulationEstimates(table: table, source: .series2018, resolver: resolver)
      if let current {
        estimates = try PopulationEstimates(table: current, source: .census2022, resolver: resolver)
          .filling(from: estimates)
      }
      populationCache = estimates
      return estimates
    } catch {
      throw Diagnostic("the population dataset is not usable: \(error.message)")
    }
  }

  /// The populations in a table of the user's own, for `rate per N population using TABLE`.
  func population(fromTable name: Name, ages: AgeBand) throws(Diagnostic) -> PopulationEstimates {
    guard let table = try table(named: name.text) else {
      let close = Suggestions.closest(to: name.text, in: tableNames)
      throw Diagnostic(
        "there is no table called \(name.text)", at: name.range,
        label: close.isEmpty ? nil : "did you mean \(Suggestions.phrase(close))?",
        help:
          "load your population first, as in `load \"population.csv\" as mypop`, with columns area, year, ages and value"
      )
    }
    do throws(PopulationError) {
      return try PopulationEstimates(
        table: table, source: .table(name.text), assumedAges: ages, resolver: resolver)
    } catch {
      throw Diagnostic(
        "\(name.text) is not usable as a population: \(error.message)", at: name.range,
        help:
          "a population table has one row per area and year: columns area (or area_code), year, value (or population), and ages if it holds more than one age band"
      )
    }
  }

  // MARK: - Running commands

  /// Runs one command and returns what it prints.
  public func run(_ command: Command) throws(Diagnostic) -> CommandOutput {
    switch command {
    case .nothing:
      return CommandOutput()
    case .datasets:
      return CommandOutput([.frame(try datasetsFrame())])
    case .load(let request):
      return try load(request)
    case .assign(let name, let pipeline):
      var frame = try evaluate(pipeline)
      frame.display = nil
      tables[name.text] = Stored(table: frame.table, origin: "let", frame: frame)
      last = frame
      let t = frame.table
      return .status(
        "\(name.text): \(NumberFormatting.count(t.rowCount, "row")) × \(NumberFormatting.count(t.columns.count, "column"))"
      )
    case .pipeline(let pipeline):
      statusLines = []
      let frame = try evaluate(pipeline)
      last = frame
      defer { statusLines = [] }
      return CommandOutput([.frame(frame)] + statusLines.map { .status($0) })
    case .framework(let topic):
      return try FrameworkCommands.run(topic)
    case .defineGroup(let name, let members):
      let group = try defineGroup(name, members)
      return .status(
        "group \(group.name): \(NumberFormatting.count(group.members.count, "area")), \(group.members.map(\.name).joined(separator: ", "))"
      )
    }
  }

  /// Resolves a group's areas, each through the area resolver: a name it does not know is an
  /// error at that name, with the closest names.
  private func defineGroup(_ name: Name, _ members: [Name]) throws(Diagnostic) -> ComparatorGroup {
    if resolver.resolve(name.text) != nil {
      throw Diagnostic(
        "\"\(name.text)\" is an area's name, and a group needs a name of its own", at: name.range,
        label: "as in `group islands = (...)`")
    }
    var areas: [CouncilArea] = []
    for member in members {
      guard let area = resolver.resolve(member.text) else {
        let close = resolver.suggestions(for: member.text)
        throw Diagnostic(
          "\"\(member.text)\" is not a council area", at: member.range,
          label: close.isEmpty ? nil : "did you mean \(Suggestions.phrase(close))?")
      }
      guard !area.isScotland else {
        throw Diagnostic(
          "Scotland is every council together, not a member of a group", at: member.range)
      }
      guard !areas.contains(area) else {
        throw Diagnostic("\(area.name) is in the group twice", at: member.range)
      }
      areas.append(area)
    }
    guard areas.count >= 2 else {
      throw Diagnostic("a group needs at least two areas", at: members.first?.range ?? name.range)
    }
    let group = ComparatorGroup(name: name.text, members: areas)
    groups[name.text.lowercased()] = group
    return group
  }

  /// The group called `name`, ignoring case.
  public func group(named name: String) -> ComparatorGroup? { groups[name.lowercased()] }

  /// Parses and runs every command of a script, stopping at the first error.
  public func run(script: String) throws(Diagnostic) -> [CommandOutput] {
    var outputs: [CommandOutput] = []
    for parsed in try Parser.parseScript(script) { outputs.append(try run(parsed.command)) }
    return outputs
  }

  /// A workspace with the same tables in scope and nothing else: for running an example
  /// without touching `_` or the names of this one.
  public func scratchCopy() -> Workspace {
    let copy = Workspace(
      datasets: sourceOrder.compactMap { sources[$0] }, baseDirectory: baseDirectory,
      resolver: resolver)
    copy.tables = tables
    copy.access = access
    copy.populationCache = populationCache
    copy.groups = groups
    copy.chartFile = chartFile
    return copy
  }

  /// Sets `_` without running anything (a notebook restoring state, a test).
  public func setLast(_ table: Table) { last = Frame(table: table, origin: table) }

  /// Adds a table under a name.
  public func store(_ table: Table, as name: String, origin: String = "let") {
    tables[name] = Stored(table: table, origin: origin)
  }

  // MARK: - Pipelines

  func evaluate(_ pipeline: Pipeline) throws(Diagnostic) -> Frame {
    var frame: Frame
    switch pipeline.source {
    case .last(let range):
      guard let last else {
        throw Diagnostic(
          "there is no result yet to continue from", at: range,
          help: "start with a table: \(tableNames.prefix(3).joined(separator: ", ")), or load one")
      }
      frame = last.resumed(on: last.table)
    case .named(let name):
      guard let table = try table(named: name.text) else {
        let verbs = VerbTable.all.map(\.name)
        let close = Suggestions.closest(to: name.text, in: tableNames + verbs)
        throw Diagnostic(
          "unknown table or verb \"\(name.text)\"", at: name.range,
          label: close.isEmpty ? nil : "did you mean \(Suggestions.phrase(close))?",
          help: "tables: \(tableNames.joined(separator: ", ")); `datasets` lists them")
      }
      // A kept result comes back with its title and context.
      frame = tables[name.text]?.frame?.resumed(on: table) ?? Frame(table: table, origin: table)
    }
    let evaluator = Evaluator(workspace: self)
    for stage in pipeline.stages {
      frame = try evaluator.apply(stage, to: frame)
    }
    return frame
  }

  // MARK: - load and datasets

  /// A path as given, or relative to the base directory.
  public func resolvePath(_ path: String) -> String {
    var p = path
    if p.hasPrefix("~/"), let home = getenv("HOME") { p = String(cString: home) + p.dropFirst(1) }
    if p.hasPrefix("/") { return p }
    guard let base = baseDirectory, !base.isEmpty else { return p }
    return base.hasSuffix("/") ? base + p : base + "/" + p
  }

  func recordComparison(_ comparison: FileComparison) { comparedFiles.append(comparison) }

  /// The files of the datasets in scope by name (the bundled ones).
  public var datasetPaths: [String] { sourceOrder.compactMap { sources[$0]?.path } }

  /// Confines `load` and `write` to `folder` and `allowed`; the bundled datasets stay readable.
  public func confine(to folder: String, allowing allowed: [String] = []) {
    var folders: [String] = []
    for name in sourceOrder {
      guard let path = sources[name]?.path, let slash = path.lastIndex(of: "/") else { continue }
      let folder = String(path[..<slash])
      if !folders.contains(folder) { folders.append(folder) }
    }
    access = .confined(to: folder, allowing: allowed, readOnly: folders)
  }

  /// `path` resolved, or an error at `range` when the file access rule does not allow it.
  public func permittedPath(_ path: String, for mode: FileAccess.Mode, at range: SourceRange?)
    throws(Diagnostic) -> String
  {
    let full = resolvePath(path)
    if let why = access.refusal(full, for: mode) {
      throw Diagnostic(
        "\(path) is outside what this notebook may \(mode == .read ? "read" : "write")", at: range,
        label: "refused",
        help: why
          + ". If you trust the notebook, allow the folder: cjnb run NOTEBOOK.md --allow FOLDER (the same for check and export; cjnb --allow FOLDER for open)"
      )
    }
    return full
  }

  private func load(_ request: LoadRequest) throws(Diagnostic) -> CommandOutput {
    let path = try permittedPath(request.path, for: .read, at: request.pathRange)
    let lower = path.lowercased()
    let isOpenDocument = lower.hasSuffix(".ods")
    let isWorkbook = lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm")
    let isJSON = lower.hasSuffix(".json") || lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson")
    if lower.hasSuffix(".xls") {
      throw Diagnostic(
        "cjnb reads workbooks saved as .xlsx or .ods, and CSV; not the .xls format of Excel 97-2003",
        at: request.pathRange,
        help:
          "save it as .xlsx (File > Save As > Excel Workbook) or .ods, or the sheet as CSV UTF-8, and load that"
      )
    }
    if let sheet = request.sheet, !isWorkbook && !isOpenDocument {
      throw Diagnostic(
        "`sheet` picks a sheet of an .xlsx or .ods workbook, and this is not one", at: sheet.range)
    }
    let name = request.name?.text ?? Self.defaultName(for: path)
    if VerbTable.named(name) != nil {
      throw Diagnostic(
        "\"\(name)\" is a verb and cannot name a table", at: request.pathRange,
        label: "add `as NAME`")
    }
    let result: CSVResult
    var from = request.path
    do {
      if isWorkbook || isOpenDocument {
        let read =
          isWorkbook
          ? try Workbook.read(path: path, sheet: request.sheet?.text, options: request.options)
          : try OpenDocument.read(path: path, sheet: request.sheet?.text, options: request.options)
        result = read.result
        from += ", sheet \"\(read.sheet)\""
      } else if isJSON {
        result = try JSONTable.read(path: path, options: request.options)
      } else {
        var read = try CSVReader.read(path: path, options: request.options)
        Workbook.recognisePublishedLayout(&read)
        result = read
      }
    } catch {
      throw loadDiagnostic(error, request)
    }
    var table = result.table
    table.provenance.source = from
    let previous = tables[name]?.origin ?? (sources[name] != nil ? "bundled" : nil)
    tables[name] = Stored(table: table, origin: from)
    var lines = [
      "loaded \(name): \(NumberFormatting.count(table.rowCount, "row")) × \(NumberFormatting.count(table.columns.count, "column")) from \(from)"
    ]
    if previous == "bundled" {
      lines.append(
        "  note: \(name) now names this file for the rest of the session, in place of the bundled table of that name; `load ... as OTHER` keeps both"
      )
    } else if let previous {
      lines.append(
        "  note: \(name) now names this file, in place of \(previous == "let" ? "the table kept with let" : previous)"
      )
    }
    lines += result.notes.map { "  note: \($0)" }
    return .status(lines.joined(separator: "\n"))
  }

  private func loadDiagnostic(_ error: FileError, _ request: LoadRequest) -> Diagnostic {
    if error.kind == .interrupted { return .interrupted }
    var message = "\(request.path)"
    if let sheet = error.sheet {
      message += ", sheet \"\(sheet)\"" + (error.line.map { ", row \($0)" } ?? "")
    } else if let line = error.line {
      message += ":\(line)"
    }
    message += ": \(error.message)"
    var label: String?
    var help = error.hint
    if error.kind == .notFound {
      let close = Self.nearbyFiles(to: resolvePath(request.path))
      if !close.isEmpty { label = "did you mean \(Suggestions.phrase(close))?" }
      if baseDirectory != nil && !request.path.hasPrefix("/") {
        help = "relative paths start at \(baseDirectory ?? ".")"
      }
    }
    let place = error.kind == .sheet ? request.sheet?.range ?? request.pathRange : request.pathRange
    return Diagnostic(message, at: place, label: label, help: help)
  }

  /// Files in the same folder with a name close to the missing one.
  static func nearbyFiles(to path: String) -> [String] {
    let slash = path.lastIndex(of: "/")
    let folder = slash.map { String(path[..<$0]) } ?? "."
    let file = slash.map { String(path[path.index(after: $0)...]) } ?? path
    guard let all = FileBytes.names(inFolder: folder.isEmpty ? "/" : folder) else { return [] }
    let names = all.filter { !$0.hasPrefix(".") }
    let prefix = slash.map { String(path[...$0]) } ?? ""
    return Suggestions.closest(to: file, in: names).map { prefix + $0 }
  }

  /// `Datasets/Justice Social Work.csv` is called `justice_social_work`.
  static func defaultName(for path: String) -> String {
    var file = path.split(separator: "/").last.map(String.init) ?? path
    if let dot = file.lastIndex(of: ".") { file = String(file[..<dot]) }
    var name = ""
    for ch in file.lowercased() {
      name.append(ch.isLetter || ch.isNumber ? ch : "_")
    }
    while name.contains("__") { name = name.replacingEvery("__", with: "_") }
    name = String(name.drop { $0 == "_" })
    if let first = name.first, first.isNumber { name = "t_" + name }
    return name.isEmpty ? "t" : name
  }

  private func datasetsFrame() throws(Diagnostic) -> Frame {
    var rows: [[Value]] = []
    for name in tableNames {
      let table = try table(named: name)
      // A bundled name that a load took over describes the file now behind it.
      let stored = tables[name]?.origin
      let replaced = stored != nil && stored != "bundled" && sources[name] != nil
      let about =
        replaced
        ? (stored ?? "") + " (in place of the bundled table)"
        : sources[name]?.summary ?? stored ?? ""
      let label = table?.provenance.label.map { " (\($0))" } ?? ""
      rows.append([
        .text(name), .number(Double(table?.rowCount ?? 0)),
        .number(Double(table?.columns.count ?? 0)),
        .text(about + label),
      ])
    }
    var frame = Frame(table: Table.fromRows(["name", "rows", "columns", "about"], rows))
    frame.title = "\(NumberFormatting.count(rows.count, "table")) in this session"
    return frame
  }
}

/// A named set of council areas to compare with: `group islands = ("Orkney Islands", ...)`.
public struct ComparatorGroup: Sendable, Equatable {
  public var name: String
  public var members: [CouncilArea]

  public func contains(_ area: CouncilArea) -> Bool { members.contains(area) }
}
