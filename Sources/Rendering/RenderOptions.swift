import Query

/// How output is drawn: the width to fit, the characters allowed, colour.
public struct RenderOptions: Sendable, Equatable {
  /// Columns available.
  public var width: Int
  /// 7-bit ASCII only: no box, block or arrow characters.
  public var ascii: Bool
  /// ANSI colour (a terminal without NO_COLOR).
  public var color: Bool
  /// Rows of a table shown before "... N more rows".
  public var maxRows: Int
  /// A table wider than the width goes on in further blocks (its labels repeated) instead of
  /// leaving columns out: notebooks are the record, and keep every column they show.
  public var keepsEveryColumn: Bool
  /// The format every table result is printed in (`cjnb --csv`, `--json`, `--md`), as if it
  /// ended in `| write FORMAT`; nil draws tables for the screen.
  public var tableFormat: WriteFormat?

  public init(
    width: Int = 80, ascii: Bool = false, color: Bool = false, maxRows: Int = 20,
    keepsEveryColumn: Bool = false,
    tableFormat: WriteFormat? = nil
  ) {
    self.width = max(20, width)
    self.ascii = ascii
    self.color = color
    self.maxRows = maxRows
    self.keepsEveryColumn = keepsEveryColumn
    self.tableFormat = tableFormat
  }

  /// For files and notebooks: 80 columns, no colour.
  public static let plain = RenderOptions()
}

/// ANSI styles, applied only when colour is on.
enum Style: String {
  case bold = "1"
  case dim = "2"
  case red = "31"
  case green = "32"
  case yellow = "33"
  case blue = "34"
  case magenta = "35"
  case cyan = "36"

  func apply(_ text: String, _ options: RenderOptions) -> String {
    options.color ? "\u{1B}[\(rawValue)m\(text)\u{1B}[0m" : text
  }

  /// Colours that tell series apart, in order.
  static let series: [Style] = [.blue, .red, .green, .magenta, .cyan, .yellow]
}
