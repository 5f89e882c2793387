import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs a program and collects what it writes, with a deadline on every wait.
///
/// Foundation's `Process.waitUntilExit` can wait forever on Linux when many processes are started
/// from test threads (a test run that hung in CI until it was killed), so the tests spawn with
/// `posix_spawn`, read both outputs with `poll`, and reap with `waitpid`. A program still running
/// at its deadline is killed and the test records the failure instead of hanging the whole run.
enum Subprocess {
  struct Output {
    var status: Int32
    var stdout: Data
    var stderr: Data
  }

  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  /// Pipes are made close-on-exec under this lock, so that a program started on another test
  /// thread never inherits (and holds open) the ends of this one's pipes.
  private static let spawning = NSLock()

  /// Runs `executable` (an absolute path) with `arguments`, in `directory` when given, with
  /// `input` on its standard input. With `captureOutput` false both outputs go to /dev/null: a
  /// daemon the program leaves behind (tmux's server) then holds no pipe of ours.
  static func run(
    _ executable: String, _ arguments: [String], environment: [String: String],
    directory: String? = nil, input: Data = Data(), captureOutput: Bool = true,
    timeout: Double = 120, sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> Output {
    var program = executable
    var argv = [executable] + arguments
    if let directory {
      // posix_spawn has no portable chdir: the shell changes folder, then becomes the program.
      program = "/bin/sh"
      argv = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory, executable] + arguments
    }

    var inFDs: [Int32] = [-1, -1]
    var outFDs: [Int32] = [-1, -1]
    var errFDs: [Int32] = [-1, -1]
    var pid: pid_t = 0
    let spawnError: Int32 = try spawning.withLock {
      guard pipe(&inFDs) == 0 else {
        throw Failure(description: "pipe: \(String(cString: strerror(errno)))")
      }
      if captureOutput {
        guard pipe(&outFDs) == 0, pipe(&errFDs) == 0 else {
          throw Failure(description: "pipe: \(String(cString: strerror(errno)))")
        }
      } else {
        outFDs = [open("/dev/null", O_RDONLY), open("/dev/null", O_WRONLY)]
        errFDs = [open("/dev/null", O_RDONLY), open("/dev/null", O_WRONLY)]
      }
      for fd in inFDs + outFDs + errFDs { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }

      #if canImport(Glibc)
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
      #else
        var actions: posix_spawn_file_actions_t? = nil
        var attributes: posix_spawnattr_t? = nil
      #endif
      posix_spawn_file_actions_init(&actions)
      defer { posix_spawn_file_actions_destroy(&actions) }
      // dup2 onto 0, 1 and 2 clears close-on-exec there; every other end closes at exec.
      posix_spawn_file_actions_adddup2(&actions, inFDs[0], 0)
      posix_spawn_file_actions_adddup2(&actions, outFDs[1], 1)
      posix_spawn_file_actions_adddup2(&actions, errFDs[1], 2)

      posix_spawnattr_init(&attributes)
      defer { posix_spawnattr_destroy(&attributes) }
      // The test runner may ignore or block signals; the program starts with the defaults.
      var none = sigset_t()
      sigemptyset(&none)
      posix_spawnattr_setsigmask(&attributes, &none)
      var defaults = sigset_t()
      sigemptyset(&defaults)
      for signal in [SIGPIPE, SIGINT, SIGTERM, SIGCHLD] { sigaddset(&defaults, signal) }
      posix_spawnattr_setsigdefault(&attributes, &defaults)
      posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

      let environ = environment.map { "\($0.key)=\($0.value)" }
      return withCStrings(argv) { cArgv in
        withCStrings(environ) { cEnv in
          posix_spawn(&pid, program, &actions, &attributes, cArgv, cEnv)
        }
      }
    }
    close(inFDs[0])
    close(outFDs[1])
    close(errFDs[1])
    guard spawnError == 0 else {
      for fd in [inFDs[1], outFDs[0], errFDs[0]] { close(fd) }
      throw Failure(
        description: "cannot start \(executable): \(String(cString: strerror(spawnError)))")
    }

    var stdinFD = inFDs[1]
    var readers = captureOutput ? [outFDs[0], errFDs[0]] : []
    if !captureOutput {
      close(outFDs[0])
      close(errFDs[0])
    }
    var collected: [Int32: Data] = [outFDs[0]: Data(), errFDs[0]: Data()]
    var written = 0
    let bytes = [UInt8](input)
    if bytes.isEmpty {
      close(stdinFD)
      stdinFD = -1
    } else {
      _ = fcntl(stdinFD, F_SETFL, fcntl(stdinFD, F_GETFL) | O_NONBLOCK)
    }
    let deadline = Date().addingTimeInterval(timeout)
    var timedOut = false
    var buffer = [UInt8](repeating: 0, count: 1 << 16)

    // Feed standard input and drain both outputs until the program closes them.
    while (stdinFD >= 0 || !readers.isEmpty) && !timedOut {
      var polled = readers.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
      if stdinFD >= 0 { polled.append(pollfd(fd: stdinFD, events: Int16(POLLOUT), revents: 0)) }
      let wait = Int32(max(0, min(100, deadline.timeIntervalSinceNow * 1000)))
      let ready = poll(&polled, nfds_t(polled.count), wait)
      if ready < 0 && errno != EINTR {
        throw Failure(description: "poll: \(String(cString: strerror(errno)))")
      }
      for entry in polled where entry.revents != 0 {
        if entry.fd == stdinFD {
          let n = bytes[written...].withUnsafeBytes { write(stdinFD, $0.baseAddress, $0.count) }
          if n > 0 { written += n }
          if n < 0 && errno != EAGAIN && errno != EINTR || written == bytes.count {
            close(stdinFD)
            stdinFD = -1
          }
        } else {
          let n = buffer.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
          if n > 0 {
            collected[entry.fd]!.append(contentsOf: buffer[0..<n])
          } else if n == 0 || (errno != EAGAIN && errno != EINTR) {
            close(entry.fd)
            readers.removeAll { $0 == entry.fd }
          }
        }
      }
      if Date() >= deadline { timedOut = true }
    }

    // Reap the program, polling so that the deadline holds here too.
    var status: Int32 = 0
    while true {
      let r = waitpid(pid, &status, WNOHANG)
      if r == pid { break }
      if r < 0 && errno != EINTR {
        throw Failure(description: "waitpid: \(String(cString: strerror(errno)))")
      }
      if timedOut || Date() >= deadline {
        timedOut = true
        kill(pid, SIGKILL)
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        break
      }
      usleep(2_000)
    }
    if stdinFD >= 0 { close(stdinFD) }
    for fd in readers { close(fd) }
    if timedOut {
      Issue.record(
        "\(executable) \(arguments.joined(separator: " ")) was still running after \(Int(timeout)) s and was killed",
        sourceLocation: sourceLocation)
    }

    // Exit status, or 128 plus the signal that ended it, as a shell reports it.
    let signal = status & 0x7f
    let code = signal == 0 ? (status >> 8) & 0xff : 128 + signal
    return Output(
      status: code, stdout: collected[outFDs[0]] ?? Data(), stderr: collected[errFDs[0]] ?? Data())
  }

  /// Calls `body` with a NULL-terminated array of C strings.
  private static func withCStrings<R>(
    _ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R
  ) -> R {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { pointers.forEach { free($0) } }
    return body(pointers)
  }
}
