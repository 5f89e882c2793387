import BundledDatasets
import LineEditing
import Shell
import Tables

/// The REPL on the terminal, with history and a journal in the state folder.
func runInteractive(session: Session, recovering journalPath: String? = nil) -> Int32 {
  Interruption.install()
  let state = StateFiles.standard()
  let usable = state.prepare()
  if !usable {
    Terminal.err(
      "warning: \(state.directory) cannot be written: no history or journal this session")
  }
  if usable, let note = state.removeLeftovers() { Terminal.err(note) }
  if usable && journalPath == nil {
    let abandoned = Journal.abandoned(state.journalDirectory)
    if !abandoned.isEmpty {
      Terminal.err(
        "note: \(abandoned.count == 1 ? "a session" : "\(abandoned.count) sessions") ended without quitting (killed or crashed); `cjnb recover` reopens \(abandoned.count == 1 ? "it" : "one")"
      )
    }
  }
  let history = usable ? HistoryFile(path: state.historyPath) : nil
  let journal =
    usable
    ? Journal(directory: state.journalDirectory, workingDirectory: Terminal.workingDirectory())
    : nil
  Terminal.out(REPL.banner(datasets: BundledDatasets.all.map(\.name), version: CJNB.version))
  let repl = REPL(
    session: session, reader: EditLineReader(), history: history, journal: journal,
    width: { Terminal.width() }, out: { Terminal.out($0) }, err: { Terminal.err($0) })
  if let journalPath {
    do {
      // The record comes back with its outputs; what writes files is not re-run.
      let contents = try Journal.load(journalPath)
      let recovery = session.recover(contents, shownAs: journalPath)
      if !recovery.reply.output.isEmpty { Terminal.out(recovery.reply.output) }
      if let error = recovery.reply.error { Terminal.err(error) }
      repl.recall(recovery.notRerun)
      // Its cells are in this session's journal now: the old one may be pruned.
      Journal.markRecovered(journalPath)
    } catch {
      Terminal.err(error.description)
    }
  }
  return repl.run()
}
