import CInterrupt

/// Ctrl-C, as long-running work sees it: a flag set by the SIGINT handler and polled.
public enum Interruption {
  /// Installs the handler; from then on Ctrl-C sets the flag instead of ending the process.
  public static func install() { cjnb_interrupt_install() }
  public static var isRequested: Bool { cjnb_interrupt_requested() != 0 }
  public static func clear() { cjnb_interrupt_clear() }
  /// Sets the flag as Ctrl-C would.
  public static func request() { cjnb_interrupt_request() }
}
