import Framework
import Query
import Testing

@Suite("Parsing commands")
struct ParserTests {
  @Test func pipelineWithStages() throws {
    let command = try Parser.parseCommand(
      #"indicators | where area = "Fife" and year >= 2017-18 | group by area sum(value) as total"#)
    guard case .pipeline(let p) = command else { Issue.record("not a pipeline"); return }
    #expect(p.source == .named(Name("indicators", SourceRange(0, 10))))
    #expect(p.stages.map(\.name.text) == ["where", "group"])
    guard case .group(let keys, let aggregates) = p.stages[1].verb else {
      Issue.record("not group"); return
    }
    #expect(keys.map(\.text) == ["area"])
    #expect(aggregates.map(\.function) == [.sum])
    #expect(aggregates.first?.alias?.text == "total")
  }

  @Test func lineStartingWithAVerbContinuesFromTheLastResult() throws {
    guard case .pipeline(let p) = try Parser.parseCommand("trend") else {
      Issue.record("not a pipeline"); return
    }
    guard case .last = p.source else { Issue.record("not from _"); return }
    guard case .pipeline(let q) = try Parser.parseCommand("_ | narrate for 2021-22 round 1") else {
      Issue.record("not a pipeline"); return
    }
    #expect(q.stages.first?.verb == .narrate(for: Name("2021-22", SourceRange(16, 23)), round: 1))
  }

  @Test func describeAndShowNameTheirTable() throws {
    guard case .pipeline(let p) = try Parser.parseCommand("show indicators all") else {
      Issue.record("not a pipeline"); return
    }
    #expect(p.source == .named(Name("indicators", SourceRange(5, 15))))
    #expect(p.stages.first?.verb == .show(all: true))
  }

  @Test func periodLiterals() throws {
    for (text, literal) in [
      ("2021-22", "2021-22"), ("2021/22", "2021/22"), ("2021-2022", "2021-2022"),
      ("2021 Q3", "2021 Q3"), ("2021-07", "2021-07"),
    ] {
      guard case .pipeline(let p) = try Parser.parseCommand("t | where year = \(text)"),
        case .filter(.compare(.equal, _, .period(let s, _), _)) = p.stages[0].verb
      else {
        Issue.record("\(text) did not parse as a period")
        continue
      }
      #expect(s == literal)
    }
    // Arithmetic with spaces stays arithmetic.
    guard case .pipeline(let p) = try Parser.parseCommand("t | derive d = 2021 - 22"),
      case .derive(_, .arithmetic(.subtract, _, _, _)) = p.stages[0].verb
    else {
      Issue.record("not arithmetic")
      return
    }
  }

  @Test func expressionsHaveThePrecedenceAnalystsExpect() throws {
    guard
      case .pipeline(let p) = try Parser.parseCommand(
        #"t | where a = 1 or b = 2 and not c in ("x", "y")"#),
      case .filter(.or(_, .and(_, .not(.inList(_, let items, false, _), _), _), _)) = p.stages[0]
        .verb
    else {
      Issue.record("wrong tree")
      return
    }
    #expect(items.count == 2)
    guard
      case .pipeline(let q) = try Parser.parseCommand(
        "t | where value between 10 and 20 and year last 5"),
      case .filter(
        .and(.between(_, .number(10, _), .number(20, _), false, _), .last(let column, 5, _), _)) =
        q.stages[0].verb
    else {
      Issue.record("between/last")
      return
    }
    #expect(column.text == "year")
  }

  @Test func loadOptions() throws {
    guard
      case .load(let request) = try Parser.parseCommand(
        #"load "data/jsw.csv" as jsw skip 3 lenient delimiter ";" encoding "latin1" type code text, year period"#
      )
    else {
      Issue.record("not load")
      return
    }
    #expect(request.path == "data/jsw.csv")
    #expect(request.name?.text == "jsw")
    #expect(request.options.skipLines == 3)
    #expect(request.options.lenient)
    #expect(request.options.delimiter == UInt8(ascii: ";"))
    #expect(request.options.encoding == .windows1252)
    #expect(request.options.types == ["code": .text, "year": .period])
  }

  @Test func loadASheet() throws {
    guard
      case .load(let request) = try Parser.parseCommand(#"load "cpo.xlsx" sheet "Table 1" as cpo"#)
    else {
      Issue.record("not load")
      return
    }
    #expect(request.sheet == Name("Table 1", SourceRange(22, 31)))
    #expect(request.name?.text == "cpo")
  }

  @Test func ratePopulationAges() throws {
    for (text, ages) in [
      ("16-70", AgeBand.sixteenToSeventy), ("16+", .sixteenPlus), ("all", .all), ("all ages", .all),
    ] {
      guard
        case .pipeline(let p) = try Parser.parseCommand("t | rate per 10000 population \(text)"),
        case .ratePopulation(10000, ages, _, nil, 95) = p.stages[0].verb
      else {
        Issue.record(Comment(rawValue: text))
        continue
      }
    }
  }

  /// Intervals are on unless `ci off`; `ci LEVEL` changes the level.
  @Test func confidenceIntervalsByDefault() throws {
    func level(_ text: String) throws -> Double?? {
      guard case .pipeline(let p) = try Parser.parseCommand(text) else { return nil }
      switch p.stages[0].verb {
      case .rate(_, _, _, _, _, let ci): return .some(ci)
      case .ratePopulation(_, _, _, _, let ci): return .some(ci)
      default: return nil
      }
    }
    #expect(try level(#"t | rate "a" / "b""#) == .some(95))
    #expect(try level(#"t | rate "a" / "b" ci off"#) == .some(nil))
    #expect(try level(#"t | rate "a" / "b" ci 99.8 per 1000"#) == .some(99.8))
    #expect(try level(#"t | rate "a" / "b" per 1000 ci"#) == .some(95))
    #expect(try level("t | rate per 10000 population") == .some(95))
    #expect(try level("t | rate per 10000 population 16+ ci off") == .some(nil))
    #expect(try level("t | rate per 10000 population using 2018 ci 90") == .some(90))
    #expect(throws: Diagnostic.self) { try Parser.parseCommand(#"t | rate "a" / "b" ci of"#) }
  }

  @Test func scriptsSplitAtSemicolons() throws {
    let parsed = try Parser.parseScript(#"load "a;b.csv" as a; describe a ; a | limit 2"#)
    #expect(parsed.map(\.text) == [#"load "a;b.csv" as a"#, "describe a", "a | limit 2"])
  }
}

@Suite("Parse errors point at the token")
struct ParseErrorTests {
  func error(_ source: String) -> Diagnostic? {
    do {
      _ = try Parser.parseScript(source)
      return nil
    } catch {
      return error
    }
  }

  @Test func misspeltVerb() {
    let source = "indicators | gruop by area"
    let d = error(source)
    #expect(d?.message == "unknown verb \"gruop\"")
    #expect(text(source, d?.range) == "gruop")
    #expect(d?.label == "did you mean \"group\"?")
  }

  @Test func missingPieces() {
    let d1 = error("t | group area")
    #expect(d1?.message == "expected `by` after `group`, found `area`")
    let d2 = error("t | where")
    #expect(
      d2?.message
        == "expected a condition, as in `where area = \"Fife\"`, found the end of the command")
    let d3 = error("t | top")
    #expect(d3?.message.hasPrefix("expected how many rows") == true)
    let d4 = error("t | where area in (\"Fife\" \"Angus\")")
    #expect(d4?.message == "expected `)` or `,` in the list, found \"Angus\"")
  }

  @Test func unclosedString() {
    let source = #"t | where area = "Fife"#
    let d = error(source)
    #expect(d?.message == "this string is never closed")
    #expect(text(source, d?.range) == "\"Fife")
  }

  @Test func singleQuotes() {
    let d = error("t | where area = 'Fife'")
    #expect(d?.message == "unexpected character \"'\"")
    #expect(d?.label == "strings are written in double quotes")
  }

  @Test func misspeltAggregateAndChart() {
    #expect(error("t | group by area summ(value)")?.label == "did you mean \"sum\"?")
    #expect(error("t | chart bra")?.label == "did you mean \"bar\"?")
  }

  @Test func stepsNeedBars() {
    let d = error("t where area = \"Fife\"")
    #expect(d?.message.hasPrefix("expected `|` between steps") == true)
  }

  @Test func verbsCannotNameTables() {
    #expect(
      error("let trend = t | limit 1")?.message
        == "\"trend\" is a command word and cannot name a table")
  }
}
