import Tables

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What the process's terminal allows: its width, colour, whether there is one.
enum Terminal {
  static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

  /// The width of standard output: the terminal's, or `COLUMNS`, or 80.
  static func width() -> Int {
    var size = winsize()
    if isTerminal(1), ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
      return Int(size.ws_col)
    }
    if let columns = environment("COLUMNS"), let n = Int(columns), n > 0 { return n }
    return 80
  }

  /// Colour only on a terminal, never with `NO_COLOR`, never on a dumb terminal: decided for
  /// each stream (`fd`), so that errors are coloured on a terminal while results go to a pipe.
  static func colorAllowed(_ fd: Int32 = 1) -> Bool {
    guard isTerminal(fd), environment("NO_COLOR") == nil else { return false }
    return environment("TERM") != "dumb"
  }

  /// The working directory, or nil when it cannot be read.
  static func workingDirectory() -> String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    guard getcwd(&buffer, buffer.count) != nil else { return nil }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  static func environment(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
  }

  /// Everything on standard input (up to 1 GB from a pipe), or an error naming the first byte
  /// that is not UTF-8 by its offset.
  static func readStandardInput() -> Result<String, InputError> {
    let bytes: [UInt8]
    do {
      bytes = try FileBytes.readStandardInput()
    } catch {
      return .failure(InputError(message: "\(error.path) \(error.message)"))
    }
    if let bad = UTF8Check.firstInvalidOffset(bytes) {
      return .failure(InputError(message: "standard input is not UTF-8 text (byte offset \(bad))"))
    }
    return .success(String(decoding: bytes, as: UTF8.self))
  }

  static func write(_ text: String, to fd: Int32) {
    var bytes = isTerminal(fd) ? Array(Self.safeForTerminal(text).utf8) : Array(text.utf8)
    if bytes.last != 0x0A { bytes.append(0x0A) }
    // A closed pipe (`cjnb ... | head`) is not worth a message on the stream that failed.
    Descriptor.writeAll(fd, bytes)
  }

  /// What reaches a terminal: cjnb's own colours (`ESC [ 0-36 m`) pass; every other escape,
  /// control character (but line ends and tabs) and C1 control is written out as `\x1b`, so
  /// text from a file or a notebook can never clear the screen, move the cursor, retitle the
  /// window or ring the bell. Pipes and files get the bytes as they are.
  static func safeForTerminal(_ text: String) -> String {
    let scalars = Array(text.unicodeScalars)
    guard
      scalars.contains(where: { v in
        (v.value < 0x20 && v != "\n" && v != "\t") || (v.value >= 0x7F && v.value < 0xA0)
      })
    else { return text }
    var out = String.UnicodeScalarView()
    var i = 0
    while i < scalars.count {
      let v = scalars[i]
      if v == "\u{1B}", let end = Self.ownColour(scalars, at: i) {
        out.append(contentsOf: scalars[i...end])
        i = end + 1
        continue
      }
      if (v.value < 0x20 && v != "\n" && v != "\t") || (v.value >= 0x7F && v.value < 0xA0) {
        let hex = String(v.value, radix: 16)
        out.append(contentsOf: ("\\x" + (hex.count < 2 ? "0" : "") + hex).unicodeScalars)
      } else {
        out.append(v)
      }
      i += 1
    }
    return String(out)
  }

  /// The end of one of the colour sequences cjnb writes (`ESC[0m`, `ESC[1m`, `ESC[31m`...),
  /// starting at `i`; nil for anything else.
  private static func ownColour(_ s: [Unicode.Scalar], at i: Int) -> Int? {
    guard i + 3 < s.count, s[i + 1] == "[" else { return nil }
    var j = i + 2
    var digits = ""
    while j < s.count, j < i + 5, ("0"..."9").contains(s[j]) {
      digits.unicodeScalars.append(s[j])
      j += 1
    }
    guard j < s.count, s[j] == "m", let n = Int(digits), n <= 2 || (31...36).contains(n) else {
      return nil
    }
    return j
  }

  /// Asks a yes-or-no question on the terminal; false unless standard input and error are a
  /// terminal and the answer is yes.
  static func confirm(_ question: String) -> Bool {
    guard isTerminal(0) && isTerminal(2) else { return false }
    let prompt = Array((question + " [y/N] ").utf8)
    Descriptor.writeAll(2, prompt)
    guard let answer = readLine() else { return false }
    return ["y", "yes"].contains(answer.lowercased().trimmedWhitespace())
  }

  static func out(_ text: String) { write(text, to: 1) }
  static func err(_ text: String) { write(text, to: 2) }
}

struct InputError: Error {
  var message: String
}
