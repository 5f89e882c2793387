/// A national outcome of the Community Justice Performance Framework (2023).
public struct NationalOutcome: Sendable, Hashable {
  public let number: Int
  public let text: String
  /// The national indicators that measure it.
  public let indicators: [String]
  /// The local evidence items that give it context.
  public let localEvidence: [String]
  /// The aim of the National Strategy for Community Justice it serves.
  public let strategyAim: Int
}

/// A national indicator: what is counted, and the measures the bundled data holds for it.
public struct NationalIndicator: Sendable, Hashable {
  public let id: String
  public let outcome: Int
  public let title: String
  /// The measures, as named in the bundled `indicators` dataset.
  public let measures: [String]
  /// How the headline figure is made, where it is derived.
  public let derivation: String?
}

/// An item of local evidence; some are data points.
public struct LocalEvidenceItem: Sendable, Hashable {
  public let id: String
  public let text: String
  /// Lettered data points, (a) to (e), for the items made of numbers.
  public let dataPoints: [String]
  /// How the data points are read together.
  public let reading: String?
}

/// An aim of the National Strategy for Community Justice (2022).
public struct StrategyAim: Sendable, Hashable {
  public let number: Int
  public let text: String
}

/// The Community Justice Performance Framework, and the frameworks around it, as data.
///
/// The short ids NI1..NI10 and LE1..LE23 are cjnb's labels, in the framework's own order.
public enum PerformanceFramework {
  public static let outcomes: [NationalOutcome] = [
    NationalOutcome(
      number: 1, text: "More people successfully complete diversion from prosecution",
      indicators: ["NI1"], localEvidence: ["LE1", "LE2"], strategyAim: 1),
    NationalOutcome(
      number: 2, text: "More people in police custody receive support to address their needs",
      indicators: ["NI2"], localEvidence: ["LE3", "LE4"], strategyAim: 1),
    NationalOutcome(
      number: 3, text: "More people are assessed for and successfully complete bail supervision",
      indicators: ["NI3"], localEvidence: ["LE5", "LE6"], strategyAim: 2),
    NationalOutcome(
      number: 4,
      text:
        "More people access services to support desistance and successfully complete community sentences",
      indicators: ["NI4", "NI5"], localEvidence: ["LE7", "LE8", "LE9", "LE10"], strategyAim: 2),
    NationalOutcome(
      number: 5,
      text:
        "More people have access to, and continuity of, health and social care following release from a prison sentence",
      indicators: ["NI6"], localEvidence: ["LE11", "LE12"], strategyAim: 3),
    NationalOutcome(
      number: 6,
      text:
        "More people have access to suitable accommodation following release from a prison sentence",
      indicators: ["NI7"], localEvidence: ["LE13", "LE14", "LE15"], strategyAim: 3),
    NationalOutcome(
      number: 7,
      text: "More people with convictions access support to enhance their readiness for employment",
      indicators: ["NI8"], localEvidence: ["LE16", "LE17"], strategyAim: 3),
    NationalOutcome(
      number: 8,
      text: "More people access voluntary throughcare following a short term prison sentence",
      indicators: ["NI9"], localEvidence: ["LE18", "LE19", "LE20", "LE21"], strategyAim: 3),
    NationalOutcome(
      number: 9,
      text:
        "More people across the workforce and in the community understand, and have confidence in, community justice",
      indicators: ["NI10"], localEvidence: ["LE22", "LE23"], strategyAim: 4),
  ]

  public static let indicators: [NationalIndicator] = [
    NationalIndicator(
      id: "NI1", outcome: 1,
      title:
        "Number of diversion from prosecution: assessments undertaken; cases commenced; cases successfully completed",
      measures: ["assessments undertaken", "cases commenced", "cases completed"],
      derivation:
        "read together as a funnel: assessments, then cases commenced, then cases successfully completed"
    ),
    NationalIndicator(
      id: "NI2", outcome: 2, title: "Number of referrals from custody centres",
      measures: ["referrals from custody centres"], derivation: nil),
    NationalIndicator(
      id: "NI3", outcome: 3,
      title:
        "Number of: assessment reports for bail suitability; bail supervision cases commenced; bail supervision cases completed",
      measures: ["bail assessments", "bail cases commenced", "bail cases completed"],
      derivation: "read together as a funnel, like NI1"),
    NationalIndicator(
      id: "NI4", outcome: 4,
      title: "Percentage of community payback orders (CPOs) successfully completed",
      measures: ["CPOs commenced", "CPOs ended", "CPOs completed", "CPOs completed (%)"],
      derivation: "CPOs successfully completed over CPOs ended in the year, as a percentage"),
    NationalIndicator(
      id: "NI5", outcome: 4,
      title: "Percentage of drug treatment and testing orders (DTTOs) successfully completed",
      measures: ["DTTOs commenced", "DTTOs ended", "DTTOs completed", "DTTOs completed (%)"],
      derivation: "DTTOs successfully completed over DTTOs ended in the year, as a percentage"),
    NationalIndicator(
      id: "NI6", outcome: 5,
      title: "Number of transfers in drug/alcohol treatment from custody to community",
      measures: ["treatment transfers from custody"], derivation: nil),
    NationalIndicator(
      id: "NI7", outcome: 6,
      title:
        "Number of homelessness applications where prison was the property the main applicant became homeless from",
      measures: ["homelessness applications from prison"], derivation: nil),
    NationalIndicator(
      id: "NI8", outcome: 7,
      title: "Percentage of those in employability services with convictions",
      measures: [
        "employability participants", "employability participants with convictions",
        "participants with convictions (%)",
      ],
      derivation:
        "participants with convictions over all participants in employability services, as a percentage"
    ),
    NationalIndicator(
      id: "NI9", outcome: 8, title: "Number of voluntary throughcare cases commenced",
      measures: ["voluntary throughcare commenced"], derivation: nil),
    NationalIndicator(
      id: "NI10", outcome: 9,
      title:
        "Percentage of people who agree that people should help their community as part of a community sentence rather than spend a few months in prison for a minor offence",
      measures: ["people who agree a community sentence is better (%)"],
      derivation: "from a national survey: Scotland only, not every year"),
  ]

  public static let localEvidence: [LocalEvidenceItem] = [
    LocalEvidenceItem(
      id: "LE1", text: "Views of people undertaking diversion from prosecution", dataPoints: [],
      reading: nil),
    LocalEvidenceItem(
      id: "LE2", text: "Views of people delivering diversion from prosecution", dataPoints: [],
      reading: nil),
    LocalEvidenceItem(
      id: "LE3",
      text:
        "Relationship between partners, Alcohol and Drug Partnerships and the police custody centre",
      dataPoints: [], reading: nil),
    LocalEvidenceItem(
      id: "LE4", text: "Referral pathways from custody", dataPoints: [], reading: nil),
    LocalEvidenceItem(
      id: "LE5", text: "Mechanisms for high quality bail assessment", dataPoints: [], reading: nil),
    LocalEvidenceItem(
      id: "LE6", text: "Referral pathways for people on bail supervision", dataPoints: [],
      reading: nil),
    LocalEvidenceItem(
      id: "LE7", text: "Local programmes for domestic abuse and sexual offending", dataPoints: [],
      reading: nil),
    LocalEvidenceItem(
      id: "LE8", text: "Referral pathways for people on community disposals", dataPoints: [],
      reading: nil),
    LocalEvidenceItem(
      id: "LE9", text: "Views of people on community disposals", dataPoints: [], reading: nil),
    LocalEvidenceItem(
      id: "LE10", text: "Views of the workforce delivering community disposals", dataPoints: [],
      reading: nil),
    LocalEvidenceItem(
      id: "LE11", text: "Health and social care plans reflected in release plans", dataPoints: [],
      reading: nil),
    LocalEvidenceItem(
      id: "LE12", text: "Referral and information sharing for care on release", dataPoints: [],
      reading: nil),
    LocalEvidenceItem(
      id: "LE13",
      text: "Prison admissions and liberations information shared for accommodation planning",
      dataPoints: [], reading: nil),
    LocalEvidenceItem(
      id: "LE14", text: "Housing advice for people admitted to prison",
      dataPoints: [
        "admissions", "housing needs assessments by prison staff within 72 hours of entry",
        "contacts between prison and council to agree prevention options within 14 days",
      ],
      reading: "the proportion of admissions given housing advice"),
    LocalEvidenceItem(
      id: "LE15", text: "Tenancies for people leaving prison",
      dataPoints: [
        "new tenancies in the year by source of let (existing tenants; statutory homeless; housing list; nominations; other)",
        "of those, tenancies that lasted more than a year",
      ],
      reading:
        "the percentage of people leaving prison, housed by the council, who kept the tenancy over a year"
    ),
    LocalEvidenceItem(
      id: "LE16",
      text:
        "Links between the Local Employability Partnership and the community justice partnership",
      dataPoints: [], reading: nil),
    LocalEvidenceItem(
      id: "LE17", text: "Referral pathways to employability support during a CPO and after release",
      dataPoints: [], reading: nil),
    LocalEvidenceItem(
      id: "LE18", text: "Arrangements for people serving short sentences", dataPoints: [],
      reading: nil),
    LocalEvidenceItem(
      id: "LE19", text: "Voluntary throughcare for people leaving short-term custody",
      dataPoints: [
        "people liberated from short-term custody", "made aware of support", "accepting support",
        "engaging with support", "leaving with a pre-release plan",
      ],
      reading: "a funnel from liberation to engagement: read each point as a share of (a)"),
    LocalEvidenceItem(
      id: "LE20", text: "Views of people accessing voluntary throughcare", dataPoints: [],
      reading: nil),
    LocalEvidenceItem(
      id: "LE21", text: "Views of partners delivering voluntary throughcare", dataPoints: [],
      reading: nil),
    LocalEvidenceItem(
      id: "LE22", text: "Joint activity to tackle stigma", dataPoints: [], reading: nil),
    LocalEvidenceItem(
      id: "LE23", text: "Impact of activity to improve understanding and confidence",
      dataPoints: [], reading: nil),
  ]

  public static let strategyAims: [StrategyAim] = [
    StrategyAim(
      number: 1,
      text:
        "Optimise the use of diversion from prosecution and intervention at the earliest opportunity"
    ),
    StrategyAim(
      number: 2,
      text:
        "Ensure that robust and high quality community interventions and public protection arrangements are consistently available across Scotland"
    ),
    StrategyAim(
      number: 3,
      text:
        "Ensure that services are accessible and available to address the needs of individuals accused or convicted of an offence"
    ),
    StrategyAim(
      number: 4,
      text:
        "Strengthen the leadership, engagement, and partnership working of local and national community justice partners"
    ),
  ]

  /// The seven common outcomes of the 2016 Outcomes, Performance and Improvement Framework.
  public static let outcomes2016: [(number: Int, kind: String, text: String)] = [
    (
      1, "structural",
      "Communities improve their understanding and participation in community justice"
    ),
    (
      2, "structural",
      "Partners plan and deliver services in a more strategic and collaborative way"
    ),
    (
      3, "structural",
      "People have better access to the services they require, including welfare, health and wellbeing, housing and employability"
    ),
    (
      4, "structural",
      "Effective interventions are delivered to prevent and reduce the risk of further offending"
    ),
    (
      5, "person-centric",
      "Life chances are improved through needs, including health, financial inclusion, housing and safety, being addressed"
    ),
    (
      6, "person-centric",
      "People develop positive relationships and more opportunities to participate and contribute through education, employment and leisure activities"
    ),
    (
      7, "person-centric",
      "Individuals' resilience and capacity for change and self-management are enhanced"
    ),
  ]

  /// The six-point scale of the Care Inspectorate's self-evaluation guide (2023).
  public static let scale: [(level: Int, word: String)] = [
    (6, "excellent"), (5, "very good"), (4, "good"), (3, "adequate"), (2, "weak"),
    (1, "unsatisfactory"),
  ]

  /// The quality indicators of the self-evaluation guide.
  public static let qualityIndicators: [(id: String, title: String)] = [
    ("1.1", "Life chances and outcomes"), ("2.1", "Impact on people accused or convicted"),
    ("2.2", "Impact on victims"),
    ("2.3", "Impact on families"), ("3.1", "Impact on staff"), ("4.1", "Impact on the community"),
    ("5.1", "Providing support when it is needed"),
    ("5.2", "Assessing and responding to risk and need"),
    ("5.3", "Planning and providing effective interventions"),
    ("5.4", "Involving individuals and families"),
    ("6.1", "Policies, procedures and legal measures"),
    ("6.2", "Planning and delivering services in a collaborative way"), ("6.3", "Participation"),
    ("6.4", "Performance management and quality assurance"),
    ("7.1", "Recruitment, retention and joint working"), ("7.2", "Staff development"),
    ("8.1", "Management of resources"), ("8.2", "Commissioning arrangements"),
    ("8.3", "Improvement through self-evaluation"),
    ("9.1", "Vision, values and aims"), ("9.2", "Leadership of strategy and direction"),
    ("9.3", "Leadership of people"),
    ("9.4", "Leadership of improvement and change"), ("10", "Capacity for improvement"),
  ]

  /// A trend needs three continuous years; these years need a caveat.
  public static let conventions: [String] = [
    "A trend needs a continuous run of at least three years (the self-evaluation guide's definition, after EFQM).",
    "2020-21 and 2021-22 were shaped by the pandemic; comparisons across them need a caveat.",
    "Justice social work rates are per 10,000 people aged 16 to 70, using the mid-year population estimate for the calendar year in which the financial year starts.",
    "Headline national counts are rounded to the nearest 10 in text; ranges of earlier years to the nearest 100.",
    "Small counts are suppressed ([c]), and totals are checked so that a suppressed cell cannot be worked back.",
  ]

  public static func indicator(_ id: String) -> NationalIndicator? {
    indicators.first { $0.id.lowercased() == id.lowercased() }
  }

  public static func evidence(_ id: String) -> LocalEvidenceItem? {
    localEvidence.first { $0.id.lowercased() == id.lowercased() }
  }

  public static func outcome(_ number: Int) -> NationalOutcome? {
    outcomes.first { $0.number == number }
  }

  /// The indicator a measure of the bundled data belongs to.
  public static func indicator(forMeasure measure: String) -> NationalIndicator? {
    indicators.first { $0.measures.contains { $0.lowercased() == measure.lowercased() } }
  }

  /// The local evidence items of the outcome an indicator measures.
  public static func evidence(for indicator: NationalIndicator) -> [String] {
    outcome(indicator.outcome)?.localEvidence ?? []
  }
}
