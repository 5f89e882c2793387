import Query
import Tables

/// Draws everything a command printed, as the REPL, `cjnb -c`, notebooks and exports show it.
public enum OutputRenderer {
  public static func render(_ output: CommandOutput, options: RenderOptions) -> String {
    output.blocks.map { block -> String in
      switch block {
      case .text(let s): TextLayout.wrap(options.ascii ? TextLayout.asciiFolded(s) : s, options.width).joined(separator: "\n")
      case .frame(let frame): render(frame, options: options)
      }
    }.joined(separator: "\n")
  }

  public static func render(_ frame: Frame, options: RenderOptions) -> String {
    switch frame.display {
    case nil: return TableRenderer.render(frame, options: options)
    case .allRows?: return TableRenderer.render(frame, options: options, showAll: true)
    case .text(let s)?, .markdown(let s)?:
      var text = options.ascii ? TextLayout.asciiFolded(s) : s
      while text.hasSuffix("\n") { text.removeLast() }
      return text
    case .prose(let s)?: return TextLayout.wrap(options.ascii ? TextLayout.asciiFolded(s) : s, options.width).joined(separator: "\n")
    case .message(let s)?: return s
    case .chart(let chart)?: return ChartRenderer.render(chart, options: options)
    }
  }
}
