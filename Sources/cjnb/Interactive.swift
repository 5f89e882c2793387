import BundledDatasets
import LineEditing
import Shell
import Tables

/// The REPL on the terminal, with history and a journal in the state folder.
func runInteractive(session: Session, recovering journalPath: String? = nil) -> Int32 {
  Interruption.install()
  let state = StateFiles.standard()
  let usable = state.prepare()
  if !usable { Terminal.err("warning: \(state.directory) cannot be written: no history or journal this session") }
  let history = usable ? HistoryFile(path: state.historyPath) : nil
  let journal = usable ? Journal(directory: state.journalDirectory, workingDirectory: Terminal.workingDirectory()) : nil
  Terminal.out(REPL.banner(datasets: BundledDatasets.all.map(\.name), version: CJNB.version))
  let repl = REPL(session: session, reader: EditLineReader(), history: history, journal: journal,
    width: { Terminal.width() }, out: { Terminal.out($0) }, err: { Terminal.err($0) })
  if let journalPath {
    do {
      let document = try Journal.read(journalPath)
      // Relative paths start where the session ran, not in the state folder.
      let reply = session.replay(document, path: journalPath, shownAs: journalPath, from: document.frontMatter?.value("directory"), confined: false)
      if !reply.output.isEmpty { Terminal.out(reply.output) }
      if let error = reply.error { Terminal.err(error) }
    } catch {
      Terminal.err(error.description)
    }
  }
  return repl.run()
}
