import ArgumentParser
import Query
import Shell

/// `cjnb manual`: the man page, cjnb(1), made from the rows `--help` and `help` read (the
/// command line's options, the verb table, the command table), so that it cannot drift from
/// them. `make install` writes it to share/man/man1/cjnb.1.
struct Manual: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print the man page (roff), made from the same rows as --help and help.",
    shouldDisplay: false)

  func run() throws {
    Terminal.out(String(ManualPage.roff().dropLast()))
  }
}

/// The man page as roff text: a pure function of the help rows.
enum ManualPage {
  static let subcommands: [any ParsableCommand.Type] = [
    Run.self, Check.self, ExportCommand.self, Recover.self,
  ]

  static func roff() -> String {
    let top = HelpText(CJNB.helpMessage(columns: 200))
    let commands = subcommands.map { ($0, HelpText(CJNB.helpMessage(for: $0, columns: 200))) }
    var out: [String] = []
    out.append(#".TH CJNB 1 "" "cjnb \#(CJNB.version)" "User Commands""#)
    out.append(".SH NAME")
    out.append("cjnb \\- " + escape(CJNB.configuration.abstract))
    out.append(".SH SYNOPSIS")
    for usage in [top.usage] + commands.map(\.1.usage) {
      out.append(".B " + escape(usage))
      out.append(".br")
    }
    out.removeLast()
    out.append(".SH DESCRIPTION")
    out += paragraphs(CJNB.configuration.discussion)
    out.append(".SH OPTIONS")
    out += entries(top.section("OPTIONS"))
    out.append(".SH COMMANDS")
    for (command, help) in commands {
      out.append(".SS " + escape(help.usage))
      out += paragraphs(command.configuration.abstract)
      if !command.configuration.discussion.isEmpty {
        out += paragraphs(command.configuration.discussion)
      }
      out += entries(help.section("ARGUMENTS") + help.section("OPTIONS"))
    }
    out.append(".SH THE LANGUAGE")
    out += paragraphs(
      "A command is a table, then verbs joined by |, as in `indicators | where area = \"Fife\" | trend`. Separate commands with ; or a new line. `help VERB` in the REPL shows the same text as below with a worked example."
    )
    for verb in VerbTable.all {
      out.append(".TP")
      out.append("\\fB" + escape(verb.usage) + "\\fR")
      out.append(escape(verb.summary) + ".")
      if !verb.details.isEmpty {
        out.append(".IP")
        out.append(escape(verb.details))
      }
      out.append(".IP")
      out.append("Example:")
      out += preformatted(verb.example)
    }
    out.append(".SH SESSION COMMANDS")
    for command in CommandTable.commands {
      out.append(".TP")
      out.append("\\fB" + escape(command.usage) + "\\fR")
      out.append(
        escape(command.summary)
          + (command.isSetting ? " (a setting: may go in the start-up file)." : "."))
    }
    out.append(".SH FILES")
    out.append(
      ".TP\n.I $XDG_CONFIG_HOME/cjnb/init.cjnb\nSettings read at start (by default ~/.config/cjnb/init.cjnb); \\fB\\-\\-no\\-init\\fR skips it."
    )
    out.append(
      ".TP\n.I $XDG_STATE_HOME/cjnb\nThe history and the journals of recent sessions (by default ~/.local/state/cjnb); see \\fBcjnb recover\\fR."
    )
    out.append(
      ".TP\n.I share/cjnb/datasets\nThe bundled datasets beside an installed binary; \\fBCJNB_DATASETS\\fR names another folder."
    )
    out.append(".SH EXIT STATUS")
    out.append(
      "0 success, 1 a command failed or a check differed, 2 bad usage or unreadable input.")
    out.append(".SH SEE ALSO")
    out.append(
      "The README and docs/language.md of the source tree: a tour with real output, and the language verb by verb."
    )
    return out.joined(separator: "\n") + "\n"
  }

  /// Each entry of a help section (`-q, --quiet   Leave out ...`) as a tagged paragraph.
  static func entries(_ items: [(name: String, text: String)]) -> [String] {
    items.flatMap { [".TP", "\\fB" + escape($0.name) + "\\fR", escape($0.text)] }
  }

  static func paragraphs(_ text: String) -> [String] {
    text.components(separatedBy: "\n\n").flatMap {
      [".PP", escape($0.replacingOccurrences(of: "\n", with: " "))]
    }
  }

  static func preformatted(_ text: String) -> [String] {
    [".nf", ".RS 4"]
      + text.split(separator: "\n", omittingEmptySubsequences: false).map { escape(String($0)) } + [
        ".RE", ".fi",
      ]
  }

  /// Text as roff shows it: backslashes and hyphens escaped, and a line that would start with a
  /// control character (`.` or `'`) guarded.
  static func escape(_ text: String) -> String {
    var escaped = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\\": escaped += "\\e"
      case "-": escaped += "\\-"
      case _ where scalar.isASCII: escaped.unicodeScalars.append(scalar)
      default:
        escaped +=
          "\\[u" + String(String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)) + "]"
      }
    }
    return escaped.split(separator: "\n", omittingEmptySubsequences: false).map { line in
      line.hasPrefix(".") || line.hasPrefix("'") ? "\\&" + line : String(line)
    }.joined(separator: "\n")
  }
}

/// ArgumentParser's help text read back into its parts: the usage line and the entries of each
/// section (`OPTIONS:`), an entry's wrapped lines joined.
struct HelpText {
  let usage: String
  private var sections: [String: [(name: String, text: String)]] = [:]

  init(_ help: String) {
    var usage = ""
    var current: String?
    for line in help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
      if line.hasPrefix("USAGE: ") {
        usage = String(line.dropFirst("USAGE: ".count))
      } else if let first = line.first, first != " ", line.hasSuffix(":") {
        current = String(line.dropLast())
      } else if let section = current, line.hasPrefix("  "), !line.hasPrefix("    ") {
        // `  -q, --quiet           Leave out ...`: the name, two or more spaces, the text.
        let body = line.dropFirst(2)
        if let gap = body.range(of: "  ") {
          let name = String(body[..<gap.lowerBound])
          let text = body[gap.upperBound...].drop { $0 == " " }
          sections[section, default: []].append((name, String(text)))
        } else {
          sections[section, default: []].append((String(body), ""))
        }
      } else if let section = current, line.hasPrefix("    "),
        var last = sections[section]?.popLast()
      {
        let more = line.drop { $0 == " " }
        last.text += last.text.isEmpty ? String(more) : " " + more
        sections[section]!.append(last)
      }
    }
    self.usage = usage
  }

  func section(_ name: String) -> [(name: String, text: String)] { sections[name] ?? [] }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: "0", count: width - count) + self
  }
}
