// Package shared holds state shared by the processes of one machine, as
// Python's multiprocessing.Value, Array, Lock and Manager: pass one of its
// objects to a process-pool task or to processpool.Start as (part of) the
// argument, and the worker gets a handle on the same state, not a copy.
// A Store in the worker is seen by a Load in the parent.
//
// # Shared memory: Value, Array, Mutex
//
// A [Value], [Array] or [Mutex] lives in an anonymous shared-memory file
// of its own (Linux's memfd_create), mapped by every process that holds
// it. Its handle crosses in a task's argument as a process id and a file
// descriptor number; the receiver opens the memory through /proc and
// checks its identity and type. The types it holds have no pointers:
// bools, numbers, and arrays and structs of those (NewValue and NewArray
// return a *TypeError naming the offending field otherwise).
//
//	parent                          worker
//	+--------------------+          +--------------------+
//	| v := NewValue(0)   |  (pid,   | v (decoded)        |
//	| Submit(f, v) ------|--fd,id)->| v.Update(+1)       |
//	| v.Load()           |          |                    |
//	+---------|----------+          +---------|----------+
//	          +---- one memfd, mapped twice --+
//
// Rules:
//
//   - The process that sends a handle must keep its object open until the
//     receiver has decoded it (for a task: until the task has started).
//   - Close each object in each process when done. The memory is freed
//     when the last process that holds it closes it or exits, also by
//     SIGKILL: nothing is left in /dev/shm or in a temporary directory,
//     whatever happens (Python's named segments leak and its resource
//     tracker warns). A handle decoded many times in one process maps the
//     memory once.
//   - Every lock here is robust: a process that dies holding a Mutex, or
//     inside Update, does not leave it locked; the next locker takes it
//     over within about 20 ms. Value and Array keep their data twice, so
//     that an Update cut short leaves the old data whole.
//   - A Value of up to 8 bytes is one machine word: Load, Store and Add
//     (for integers) are lock-free atomic instructions; Update takes the
//     value's lock, as Python's get_lock() does.
//
// # Manager: Dict, List, Queue
//
// A [Manager] serves objects of any gob-encodable type from the process
// that made it, over a Unix socket in Linux's abstract namespace (no file
// anywhere). Only processes of the same user can connect: the server asks
// the kernel who is at the other end of each connection. The socket's
// random name travels only inside task arguments, never on a command line
// or in the environment. Proxies ([Dict], [List], [Queue]) connect lazily
// from the worker, and every method is one round trip.
//
// Every proxy method returns [ErrClosed] at once after Close, or when the
// Manager's process is gone; none hangs. A Queue's Put and Get block, for
// room and for an item, until their ctx ends. For d[k] += 1 from many
// workers use [AddKey] (atomic in the Manager), or a loop of Get and
// CompareAndSwap for other read-modify-writes: a closure cannot run in
// another process.
//
// The package needs Linux; elsewhere the constructors return
// [ErrUnsupported]. See docs/shared.md for costs and failure behaviour.
package shared
