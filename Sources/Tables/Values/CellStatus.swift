/// The state of one cell besides its value: present, missing (with a reason) or marked.
///
/// One byte per cell: the low five bits hold a `MissingReason`, the high three a `ValueMarker`.
/// `CellStatus.present` (zero) is the common case, so columns without any missing or marked
/// cell keep no status array at all.
public struct CellStatus: RawRepresentable, Hashable, Sendable, BitwiseCopyable {
  public var rawValue: UInt8

  @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }

  /// A present value with no marker. Computed, not stored: a stored static is reached through
  /// an accessor that checks its one-time initialisation, a call per cell in a hot loop.
  @inlinable public static var present: CellStatus { CellStatus(rawValue: 0) }

  /// A missing cell.
  @inlinable public static func missing(_ reason: MissingReason) -> CellStatus {
    CellStatus(rawValue: reason.rawValue)
  }

  /// A present value that carries a marker.
  @inlinable public static func marked(_ marker: ValueMarker) -> CellStatus {
    CellStatus(rawValue: marker.rawValue << 5)
  }

  /// Why the cell is missing, or nil when it holds a value.
  @inlinable public var missing: MissingReason? { MissingReason(rawValue: rawValue & 0x1F) }

  /// The marker on a present value.
  @inlinable public var marker: ValueMarker? { ValueMarker(rawValue: rawValue >> 5) }

  @inlinable public var isMissing: Bool { rawValue & 0x1F != 0 }
}
