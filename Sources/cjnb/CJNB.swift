import ArgumentParser
import BundledDatasets
import Query
import Rendering
import Shell
import Tables

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The command line: argument parsing and wiring, kept thin.
struct CJNB: ParsableCommand {
  static let version = "0.1.0"

  static let configuration = CommandConfiguration(
    commandName: "cjnb",
    abstract: "A notebook-style REPL for community justice indicators in Scotland.",
    discussion: """
      With no arguments, cjnb opens the REPL when standard input is a terminal, and otherwise reads \
      commands from standard input and runs them in order. The bundled datasets (indicators, \
      population, published, areas) are available by name.

      Exit status: 0 success, 1 a command failed or a check differed, 2 bad usage or unreadable input.
      """,
    version: version,
    subcommands: [Run.self, Check.self, ExportCommand.self, Recover.self, Manual.self]
  )

  @Option(
    name: .customShort("c"),
    help: ArgumentHelp(
      "Run these commands (separated by ;) and exit; repeat -c for more, run in order.",
      valueName: "commands"))
  var commands: [String] = []

  @Flag(name: .long, help: "Stop at the first command that fails.")
  var bail = false

  @Flag(
    name: .long,
    help:
      "Report how long each command took, on standard error (in the REPL too; `timer off` stops it)."
  )
  var timer = false

  @Flag(
    name: .customLong("no-init"),
    help:
      "Do not read the settings in $XDG_CONFIG_HOME/cjnb/init.cjnb (by default ~/.config/cjnb/init.cjnb)."
  )
  var noInit = false

  @OptionGroup var display: DisplayOptions
  @OptionGroup var streams: StreamOptions
  @OptionGroup var access: AccessOptions

  func run() throws {
    let session = makeSession(display: display)
    session.allowedFolders = access.allow
    session.runner.errorColor = Terminal.colorAllowed(2) && !display.ascii
    if !noInit {
      for error in StartupFile.apply(StartupFile.standardPath(), to: session) {
        Terminal.err(error)
      }
    }
    // What the command line says wins over the start-up file.
    if let width = display.width {
      session.fixedWidth = width
      session.options.width = max(20, width)
    }
    if display.ascii {
      session.options.ascii = true
      session.options.color = false
    }
    if timer { session.timing = true }
    if !commands.isEmpty {
      throw ExitCode(runBatch(commands.joined(separator: "\n"), session: session))
    }
    guard Terminal.isTerminal(0) else {
      switch Terminal.readStandardInput() {
      case .success(let text): throw ExitCode(runBatch(text, session: session))
      case .failure(let error):
        Terminal.err("error: \(error.message)")
        throw ExitCode(2)
      }
    }
    // The REPL shows every result on screen as drawn; --csv and the rest are for batch use.
    session.options.tableFormat = nil
    throw ExitCode(runInteractive(session: session))
  }

  /// Runs a script; results to standard output, status, warnings and errors to standard error.
  func runBatch(_ text: String, session: Session) -> Int32 {
    var started = Stopwatch.now()
    session.options.tableFormat = streams.format?.writeFormat
    let output = BatchOutput(quiet: streams.quiet)
    // As it was when the command started: `timer on` is not timed, `timer off` is.
    var timed = session.timing
    let (failures, _) = session.runScript(text, bail: bail) { reply in
      output.emit(reply.pieces)
      if let error = reply.error { Terminal.err(error) }
      if timed { Terminal.err("time: \(Stopwatch.milliseconds(Stopwatch.now() - started)) ms") }
      timed = session.timing
      started = Stopwatch.now()
    }
    return failures > 0 ? 1 : 0
  }
}

/// The format `--csv`, `--tsv`, `--json` and `--md` print every table result in.
enum TableFormatFlag: String, EnumerableFlag {
  case csv, tsv, json, md

  var writeFormat: WriteFormat {
    switch self {
    case .csv: .csv
    case .tsv: .tsv
    case .json: .json
    case .md: .md
    }
  }

  static func help(for value: TableFormatFlag) -> ArgumentHelp? {
    switch value {
    case .csv: "Print every table result as CSV, as if it ended in `| write csv` (batch use)."
    case .tsv: "Print every table result as TSV."
    case .json: "Print every table result as JSON (an array of objects)."
    case .md: "Print every table result as a Markdown table with its notes."
    }
  }
}

/// Which streams batch use writes what to: results on standard output, the rest on standard error.
struct StreamOptions: ParsableArguments {
  @Flag(
    name: .shortAndLong,
    help:
      "Leave out status lines and notes on standard error (loaded, wrote, kept); warnings and errors still show."
  )
  var quiet = false

  @Flag var format: TableFormatFlag?
}

/// Sends what batch use prints to its stream: results to standard output, the status of what
/// was done to standard error (unless quiet), warnings to standard error.
struct BatchOutput {
  var quiet: Bool
  /// A warning a table shows in its notes is seen there on a terminal; when standard output is
  /// a pipe or a file it is said on standard error as well.
  let resultsSeen = Terminal.isTerminal(1)

  func emit(_ pieces: [OutputPiece]) {
    for piece in pieces where !piece.text.isEmpty {
      switch piece.kind {
      case .result: Terminal.out(piece.text)
      case .status: if !quiet { Terminal.err(piece.text) }
      case .warning:
        guard !(piece.shownInResult && resultsSeen) else { continue }
        // Alone, without the status line it sat under, it needs no indent.
        Terminal.err(quiet ? String(piece.text.drop { $0 == " " }) : piece.text)
      }
    }
  }
}

/// What a notebook from a file may touch beyond its own folder.
struct AccessOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "Let a notebook also read and write inside this folder (repeat for more). A notebook replayed from a file reads and writes only inside its own folder otherwise.",
      valueName: "folder"), completion: .directory)
  var allow: [String] = []
}

/// How output is drawn, shared by the commands that print.
struct DisplayOptions: ParsableArguments {
  @Flag(name: .long, help: "Draw tables and charts in 7-bit ASCII only.")
  var ascii = false

  @Option(
    name: .long, help: "Fit output to this many columns (default: the terminal's, COLUMNS, or 80).")
  var width: Int?

  func renderOptions() -> RenderOptions {
    RenderOptions(
      width: width ?? Terminal.width(), ascii: ascii, color: !ascii && Terminal.colorAllowed())
  }
}

/// A session over the bundled datasets, relative paths starting in the working directory.
func makeSession(display: DisplayOptions, baseDirectory: String? = nil) -> Session {
  var sources: [DatasetSource] = []
  if BundledDatasets.directory == nil {
    Terminal.err(
      "warning: the bundled datasets were not found; set CJNB_DATASETS to the Datasets folder")
  }
  for dataset in BundledDatasets.all {
    guard let path = BundledDatasets.path(of: dataset) else { continue }
    sources.append(
      DatasetSource(
        name: dataset.name, path: path, summary: dataset.summary, label: dataset.label,
        attribution: dataset.attribution))
  }
  return Session(
    workspace: Workspace(datasets: sources, baseDirectory: baseDirectory),
    options: display.renderOptions())
}

@main
enum Main {
  static func main() {
    do {
      var command = try CJNB.parseAsRoot()
      try command.run()
    } catch let code as ExitCode {
      exit(code.rawValue)
    } catch {
      let code = CJNB.exitCode(for: error)
      let message = CJNB.fullMessage(for: error)
      if code == .success {
        Terminal.out(message)
        exit(0)
      }
      Terminal.err(message)
      exit(2)
    }
  }
}
