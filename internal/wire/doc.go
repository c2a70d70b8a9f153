// Package wire is the message format between a process pool and its worker
// processes.
//
// # Frames
//
// Both directions carry a stream of frames over a pipe:
//
//	offset  size  field
//	0       4     n: length of the rest of the frame (big endian)
//	4       1     kind: Hello, Call, Cancel or Result
//	5       1     flags: FlagFresh restarts the values stream
//	6       4     h: length of the head section (big endian)
//	10      h     head: the frame's header (Hello, Call, Cancel, Result)
//	10+h    n-6-h values: encoding/gob messages of the arguments or results
//
// Headers are this package's types, written in a small binary format of
// their own (varints and length-prefixed strings) that costs a fraction of
// gob's reflection. Values are the user's, on one long-lived gob stream per
// direction, so a type's description crosses the pipe once per
// connection, not once per message. When a value cannot be encoded, the
// sender drops the values stream, starts a new one and marks the next
// frame FlagFresh, so the receiver starts a new decoder in step and one bad
// value never corrupts the connection.
//
// A receiver treats anything it does not understand (an unknown kind or
// flag, a header that does not parse, bytes left over) as a protocol error
// and closes the connection. The kind and flags are checked before the
// rest of a frame is awaited, and frame buffers grow only as bytes
// actually arrive, so garbage cannot make a reader wait for or allocate
// gigabytes.
package wire
