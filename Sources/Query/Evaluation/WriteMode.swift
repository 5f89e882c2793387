/// What `write ... to PATH` does, which a replay decides deliberately.
public enum WriteMode: Sendable, Equatable {
  /// As the command says: a new file, or `replace` for one that is there (a session).
  case asWritten
  /// Nothing is written: what the command would write is compared with the file
  /// (`cjnb check`, and `cjnb run` without `--update`), so checking has no side effects.
  case compare
  /// The file is written whether it is there or not (`cjnb run --update`): a notebook's outputs
  /// include the files it writes, inside its folder.
  case rewrite
}

/// A file a replayed `write` names, against what it would hold.
public struct FileComparison: Sendable, Equatable {
  public enum State: Sendable, Equatable {
    /// The file holds exactly what the cell writes.
    case same
    /// There is no such file yet.
    case absent
    /// The file holds something else.
    case differs
  }

  /// The path as the cell wrote it.
  public var path: String
  public var state: State

  public init(path: String, state: State) {
    self.path = path
    self.state = state
  }

  /// "ni1.csv: not written while checking; the file differs from what the cell writes".
  public var account: String {
    switch state {
    case .same: "\(path): the file holds what the cell writes"
    case .absent: "\(path): not written while checking; there is no such file yet"
    case .differs: "\(path): not written while checking; the file differs from what the cell writes"
    }
  }
}
