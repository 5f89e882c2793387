import Notebook
import Query
import Rendering
import Tables

/// `help` and `help TOPIC`, from the command and verb tables.
enum Help {
  static func reply(for topic: String, session: Session) -> Reply {
    let word = topic.lowercased().trimmedWhitespace()
    if word.isEmpty { return Reply(output: overview(width: session.options.width)) }
    if let verb = VerbTable.named(word) { return Reply(output: about(verb, session: session)) }
    if let command = CommandTable.named(word) {
      return Reply(output: "\(command.usage)\n  \(command.summary)")
    }
    let close = Suggestions.closest(
      to: word, in: CommandTable.commands.map(\.name) + VerbTable.all.map(\.name))
    return .failure(
      "no help on \"\(topic)\""
        + (close.isEmpty ? "" : ": did you mean \(Suggestions.phrase(close))?"),
      help: "`help` lists every command")
  }

  static func overview(width: Int) -> String {
    func rows(_ items: [(String, String)]) -> [String] {
      let w = min(24, items.map { $0.0.count }.max() ?? 0)
      return items.map { "  " + $0.0.padding(w) + "  " + $0.1 }
    }
    var lines = [
      "A pipeline starts from a table and passes it through verbs:  TABLE | verb ... | verb ...",
      "A line that starts with a verb continues from the last result (also written _).", "",
      "verbs",
    ]
    lines += rows(VerbTable.all.map { ($0.name, $0.summary) })
    lines += ["", "commands"]
    lines += rows(
      CommandTable.commands.filter { $0.kind == .language }.map { ($0.name, $0.summary) })
    lines += ["", "session"]
    lines += rows(
      CommandTable.commands.filter { $0.kind == .session }.map { ($0.name, $0.summary) })
    lines += [
      "", "help VERB shows how it is written, with an example; docs/language.md has them all.",
    ]
    return lines.joined(separator: "\n")
  }

  /// Usage, description and the example with its real output.
  static func about(_ verb: VerbSpec, session: Session) -> String {
    var lines = [verb.usage, "  " + verb.summary]
    if !verb.details.isEmpty {
      lines += TextLayout.wrap(verb.details, session.options.width, indent: "  ")
    }
    lines += ["", "example:", "  " + verb.example]
    // The example runs in a scratch workspace on the bundled datasets, leaving this one alone;
    // it is the language, so the command runner runs it, with no session around it.
    let scratch = CommandRunner(
      workspace: session.workspace.scratchCopy(), options: session.options)
    let result = scratch.run(
      Statement(text: verb.example, offset: 0, line: 1), source: verb.example)
    if let error = result.error {
      lines.append(scratch.render(error))
    } else if !result.text.isEmpty {
      lines += result.text.split(separator: "\n", omittingEmptySubsequences: false).map {
        "  " + $0
      }
    }
    return lines.joined(separator: "\n")
  }
}

extension String {
  func padding(_ width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
