import Foundation
import BundledDatasets
import Query
import Rendering
import Shell
import Tables

#if canImport(Glibc)
  import Glibc
#endif

/// A line reader that plays a script: each entry is a line, Ctrl-C or Ctrl-D; what the REPL
/// prompted with is kept.
final class ScriptedReader: LineReader {
  var inputs: [LineInput]
  var prompts: [String] = []
  var history: [String] = []
  var completer: ((String, Int) -> Completion)?
  /// Called before each line is handed over, with how many have been read.
  var beforeEach: ((Int) -> Void)?

  init(_ inputs: [LineInput]) { self.inputs = inputs }

  func readLine(prompt: String) -> LineInput {
    prompts.append(prompt)
    beforeEach?(prompts.count - 1)
    return inputs.isEmpty ? .end : inputs.removeFirst()
  }

  func addHistory(_ line: String) { history.append(line) }
}

func makeSession(in folder: String = "/tmp") -> Session {
  let sources = BundledDatasets.all.compactMap { d in
    BundledDatasets.path(of: d).map {
      DatasetSource(
        name: d.name, path: $0, summary: d.summary, label: d.label, attribution: d.attribution)
    }
  }
  return Session(
    workspace: Workspace(datasets: sources, baseDirectory: folder),
    options: RenderOptions(width: 80))
}

/// A new, empty folder: a process id is reused, so one left by an earlier run is removed first.
func scratchFolder(_ name: String) -> String {
  let path = "/tmp/cjnb-shell-tests-\(getpid())-\(name)"
  try? FileManager.default.removeItem(atPath: path)
  mkdir(path, 0o755)
  return path
}

func contents(_ path: String) -> String {
  (try? FileBytes.read(path)).map { String(decoding: $0, as: UTF8.self) } ?? ""
}
