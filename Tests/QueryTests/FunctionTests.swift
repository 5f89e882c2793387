import Query
import Tables
import Testing

/// `derive` functions for text and areas; patterns matched in bounded time.
struct FunctionTests {
  let names = table(
    """
    name,code
    "  Fife ",S12000015
    City of Glasgow,S12000046
    Narnia (S12000099),x
    ,S12000014
    """)

  @Test func textFunctions() throws {
    let f = try frame(
      #"t | derive a = trim(name) | derive b = upper(a) | derive c = lower(a) | derive d = replace(a, "[aeiou]", "_") | derive e = extract(name, "S\d{8}")"#,
      on: names)
    #expect(column(f.table, "a") == ["Fife", "City of Glasgow", "Narnia (S12000099)", ""])
    #expect(column(f.table, "b") == ["FIFE", "CITY OF GLASGOW", "NARNIA (S12000099)", ""])
    #expect(column(f.table, "c") == ["fife", "city of glasgow", "narnia (s12000099)", ""])
    #expect(column(f.table, "d") == ["F_f_", "C_ty _f Gl_sg_w", "N_rn__ (S12000099)", ""])
    #expect(column(f.table, "e") == ["[x]", "[x]", "S12000099", ""])
  }

  @Test func areaFunctionsGiveTheCurrentCodeAndName() throws {
    let f = try frame(
      "t | derive c = area_code(code) | derive n = area_name(trim(name))", on: names)
    #expect(column(f.table, "c") == ["S12000047", "S12000049", "[x]", "S12000014"])
    #expect(column(f.table, "n") == ["Fife", "Glasgow City", "[x]", ""])
    #expect(f.notes.contains { $0.text == #"[x] in c: 1 value is not an area cjnb knows: "x""# })
    #expect(
      f.notes.contains {
        $0.text == #"[x] in n: 1 value is not an area cjnb knows: "Narnia (S12000099)""#
      })
  }

  @Test func aFunctionInACondition() throws {
    let f = try frame(#"t | where lower(trim(name)) = "fife" | select code"#, on: names)
    #expect(cells(f.table) == [["S12000015"]])
  }

  @Test func mistakesAreNamedAtTheirPlace() {
    let source = "t | derive x = uper(name)"
    let d = diagnostic(source, on: names)
    #expect(d?.message == #"unknown function "uper""#)
    #expect(text(source, d?.range) == "uper")
    #expect(
      diagnostic("t | derive x = upper(name, code)", on: names)?.message
        == "upper takes one argument, and here has 2")
    #expect(
      diagnostic("t | derive x = upper(1)", on: names)?.message
        == "upper works on text, but this is a number")
    let bad = #"t | derive x = extract(name, "ab[c")"#
    let p = diagnostic(bad, on: names)
    #expect(p?.message == #"the pattern "ab[c" is not one cjnb reads: `[` is not closed"#)
    #expect(text(bad, p?.range) == "[")
    #expect(
      diagnostic(#"t | derive x = extract(name, "a**")"#, on: names)?.message.contains(
        "a repetition of a repetition") == true)
    #expect(
      diagnostic(#"t | derive x = extract(name, code)"#, on: names)?.message
        == #"the pattern is written as a "string""#)
  }

  @Test func hostilePatternsEndInBoundedTime() throws {
    // Patterns that take a backtracking engine exponential time, on a long cell.
    let long = String(repeating: "a", count: 5_000) + "!"
    let t = table("s\n\(long)")
    let start = ContinuousClock.now
    let f = try frame(
      #"t | derive x = extract(s, "(a*)*b") | derive y = replace(s, "(a|aa)+$", "z") | derive z = extract(s, "(x+x+)+y|a+!")"#,
      on: t)
    #expect(ContinuousClock.now - start < .seconds(5))
    #expect(column(f.table, "x") == ["[x]"])
    #expect(column(f.table, "y") == [long])
    #expect(column(f.table, "z") == [long])
    // A pattern that would expand past the bound is refused before it runs.
    #expect(
      diagnostic(#"t | derive x = extract(s, "(a{1000}){1000}")"#, on: t)?.message.contains(
        "expands to more than 20000 steps") == true)
    #expect(
      diagnostic(#"t | derive x = extract(s, "\#(String(repeating: "a", count: 1_001)))")"#, on: t)?
        .message.contains("longer than 1000") == true)
  }

  @Test func leftmostLongestMatches() throws {
    let t = table("s\nabc-123-4567\nx")
    let f = try frame(
      #"t | derive a = extract(s, "\d+") | derive b = extract(s, "[a-z]+|[a-z]+-\d") | derive c = replace(s, "^", ">") | derive d = replace(s, "-\d+$", "")"#,
      on: t)
    #expect(column(f.table, "a") == ["123", "[x]"])
    #expect(column(f.table, "b") == ["abc-1", "x"])
    #expect(column(f.table, "c") == [">abc-123-4567", ">x"])
    #expect(column(f.table, "d") == ["abc-123", "x"])
  }
}
