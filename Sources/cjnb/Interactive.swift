import Shell

/// The REPL; see LineEditing.
func runInteractive(session: Session) -> Int32 {
  switch Terminal.readStandardInput() {
  case .success(let text):
    let (failures, _) = session.runScript(text) { reply in
      if !reply.output.isEmpty { Terminal.out(reply.output) }
      if let error = reply.error { Terminal.err(error) }
    }
    return failures > 0 ? 1 : 0
  case .failure(let error):
    Terminal.err("error: \(error.message)")
    return 2
  }
}
