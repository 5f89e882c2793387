import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs `body(i)` for every `i` in `0..<count`, on up to one thread a core, the calling thread
/// one of them; each thread takes the next `i` when it is free. Returns when all are done.
///
/// The threads are made here with stacks of `stackBytes` (8 MiB, as the main thread's), not
/// taken from Dispatch's pool: a whole notebook is run on each, parser, evaluator and renderers,
/// which are written for the main thread's stack, and a pool thread's stack is the pool's choice.
func eachOnThreads(
  _ count: Int, stackBytes: Int = 8 << 20, _ body: @escaping @Sendable (Int) -> Void
) {
  let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
  let work = Work(count: count, body: body)
  var threads: [pthread_t] = []
  for _ in 1..<max(1, min(cores, count)) {
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setstacksize(&attributes, stackBytes)
    let context = Unmanaged.passRetained(work).toOpaque()
    var thread = pthread_t()
    let made = pthread_create(
      &thread, &attributes,
      { context in
        Unmanaged<Work>.fromOpaque(context!).takeRetainedValue().drain()
        return nil
      }, context)
    if made == 0 {
      threads.append(thread)
    } else {
      // No thread: the others, and this one, do its share.
      Unmanaged<Work>.fromOpaque(context).release()
    }
  }
  work.drain()
  for thread in threads { pthread_join(thread, nil) }
}

private final class Work: Sendable {
  let next = Atomic<Int>(0)
  let count: Int
  let body: @Sendable (Int) -> Void

  init(count: Int, body: @escaping @Sendable (Int) -> Void) {
    self.count = count
    self.body = body
  }

  func drain() {
    while true {
      let i = next.add(1, ordering: .relaxed).oldValue
      if i >= count { return }
      body(i)
    }
  }
}
