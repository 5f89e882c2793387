import Tables

/// Reporting conventions of community justice statistics in Scotland (FRAMEWORK.md).
public enum Conventions {
  /// A trend needs a continuous run of at least this many periods (the self-evaluation guide's
  /// definition, after EFQM).
  public static let minimumTrendPeriods = 3

  /// Whether a period falls in the years shaped by the pandemic: financial years 2020-21 and
  /// 2021-22, and the calendar years, quarters and months from April 2020 to March 2022 (and the
  /// calendar years 2020 and 2021).
  public static func isPandemic(_ period: Period) -> Bool {
    switch period.kind {
    case .financialYear: return period.ordinal == 2020 || period.ordinal == 2021
    case .calendarYear: return period.ordinal == 2020 || period.ordinal == 2021
    case .quarter, .month:
      let start = period.startMonth
      return start >= 2020 * 12 + 3 && start <= 2022 * 12 + 2
    }
  }

  /// "2020-21 and 2021-22", for caveats about financial years.
  public static let pandemicYears = "2020-21 and 2021-22"

  /// The pandemic years as periods of `kind` are written: "2020-21 and 2021-22" for financial
  /// years, "2020 and 2021" for calendar years, "April 2020 to March 2022" for quarters and months.
  public static func pandemicYears(_ kind: Period.Kind?) -> String {
    switch kind {
    case .calendarYear?: "2020 and 2021"
    case .quarter?, .month?: "April 2020 to March 2022"
    case .financialYear?, nil: pandemicYears
    }
  }

  /// Headline counts in text are rounded to the nearest 10; ranges of earlier years to the nearest 100.
  public static let headlineRounding = 10.0
  public static let rangeRounding = 100.0

  /// Rates of justice social work are per this many people aged 16 to 70.
  public static let ratePer = 10_000.0
}
