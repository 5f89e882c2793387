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
    subcommands: [Run.self, Check.self, ExportCommand.self, Recover.self]
  )

  @Option(name: .customShort("c"), help: ArgumentHelp("Run these commands (separated by ;) and exit; repeat -c for more, run in order.", valueName: "commands"))
  var commands: [String] = []

  @Flag(name: .long, help: "Stop at the first command that fails.")
  var bail = false

  @Flag(name: .long, help: "Report how long each command took, on standard error.")
  var timer = false

  @OptionGroup var display: DisplayOptions
  @OptionGroup var access: AccessOptions

  func run() throws {
    let session = makeSession(display: display)
    session.allowedFolders = access.allow
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
    throw ExitCode(runInteractive(session: session))
  }

  /// Runs a script; results to standard output, errors to standard error.
  func runBatch(_ text: String, session: Session) -> Int32 {
    var started = Clock.now()
    let (failures, _) = session.runScript(text, bail: bail) { reply in
      if !reply.output.isEmpty { Terminal.out(reply.output) }
      if let error = reply.error { Terminal.err(error) }
      if timer {
        let now = Clock.now()
        Terminal.err("time: \(Clock.milliseconds(now - started)) ms")
        started = Clock.now()
      }
    }
    return failures > 0 ? 1 : 0
  }
}

/// What a notebook from a file may touch beyond its own folder.
struct AccessOptions: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp(
    "Let a notebook also read and write inside this folder (repeat for more). A notebook replayed from a file reads and writes only inside its own folder otherwise.",
    valueName: "folder"))
  var allow: [String] = []
}

/// How output is drawn, shared by the commands that print.
struct DisplayOptions: ParsableArguments {
  @Flag(name: .long, help: "Draw tables and charts in 7-bit ASCII only.")
  var ascii = false

  @Option(name: .long, help: "Fit output to this many columns (default: the terminal's, COLUMNS, or 80).")
  var width: Int?

  func renderOptions() -> RenderOptions {
    RenderOptions(width: width ?? Terminal.width(), ascii: ascii, color: !ascii && Terminal.colorAllowed())
  }
}

/// A session over the bundled datasets, relative paths starting in the working directory.
func makeSession(display: DisplayOptions, baseDirectory: String? = nil) -> Session {
  var sources: [DatasetSource] = []
  if BundledDatasets.directory == nil {
    Terminal.err("warning: the bundled datasets were not found; set CJNB_DATASETS to the Datasets folder")
  }
  for dataset in BundledDatasets.all {
    guard let path = BundledDatasets.path(of: dataset) else { continue }
    sources.append(DatasetSource(name: dataset.name, path: path, summary: dataset.summary, label: dataset.label, attribution: dataset.attribution))
  }
  return Session(workspace: Workspace(datasets: sources, baseDirectory: baseDirectory), options: display.renderOptions())
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
