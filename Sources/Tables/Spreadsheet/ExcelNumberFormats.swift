import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Excel's number formats, as pure functions: a cell's number as Excel shows it.
extension Workbook {
  enum NumberKind: Equatable { case number, percent(decimals: Int), date }

  /// Up to 15 significant digits, as Excel keeps them: 0.1 + 0.2 is 0.3.
  static func significant(_ x: Double) -> String {
    var buffer = [CChar](repeating: 0, count: 40)
    _ = withVaList([x]) { vsnprintf(&buffer, buffer.count, "%.15g", $0) }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// A date serial as `2021-07-31` (and ` 14:30` when it has a time of day).
  static func date(serial: Double, date1904: Bool) -> String {
    // Excel shows dates from serial 0 to 2,958,465 (9999-12-31); any other number in a date
    // format (a huge one, a negative one, NaN) it shows as ####. Keep the number as it is.
    guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return significant(serial) }
    // Serial 1 is 1900-01-01; Excel counts a 29 February 1900 that never was, so from serial 61
    // the days run from 1899-12-30. The 1904 system counts from 1904-01-01.
    let whole = serial.rounded(.down)
    var days = Int(whole)
    if date1904 { days += 1462 } else if days < 61 { days += 1 }
    // Days since 1899-12-30 to a civil date (Howard Hinnant's algorithm, from 1970-01-01).
    let z = days - 25569 + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    var text = "\(y)-\(two(m))-\(two(d))"
    let minutes = Int(((serial - whole) * 1440).rounded())
    if minutes > 0 && minutes < 1440 { text += " \(two(minutes / 60)):\(two(minutes % 60))" }
    return text
  }

  /// Built-in formats 9 and 10 are percentages, 14-22 and 45-47 dates; a custom format is read
  /// for `%` and for date letters outside its quoted text and brackets.
  static func kind(ofFormat id: Int, code: String?) -> NumberKind {
    if id == 9 { return .percent(decimals: 0) }
    if id == 10 { return .percent(decimals: 2) }
    if (14...22).contains(id) || (45...47).contains(id) { return .date }
    guard let code else { return .number }
    var plain = ""
    var quoted = false
    var bracket = false
    var escaped = false
    for ch in code {
      if escaped {
        escaped = false
        continue
      }
      switch ch {
      case "\\": escaped = true
      case "\"": quoted.toggle()
      case "[" where !quoted: bracket = true
      case "]" where !quoted: bracket = false
      default: if !quoted && !bracket { plain.append(ch) }
      }
    }
    // A format of several sections is judged by its first.
    let first =
      plain.split(separator: ";", omittingEmptySubsequences: false).first.map(String.init) ?? plain
    if first.contains("%") {
      // The places are the digit placeholders after the point: 0.0% has one.
      guard let point = first.firstIndex(of: ".") else { return .percent(decimals: 0) }
      return .percent(
        decimals: first[first.index(after: point)...].prefix { "0#?".contains($0) }.count)
    }
    if first.lowercased() == "general" { return .number }
    if first.lowercased().contains(where: { "ymdhs".contains($0) }) { return .date }
    return .number
  }
}
