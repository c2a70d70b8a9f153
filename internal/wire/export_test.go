package wire

// Hooks for the tests of package wire_test.

// PrefaultChunk is how much of a large frame is read at a time.
const PrefaultChunk = prefaultChunk

// Populate faults in the whole pages within b, where the system can.
var Populate = populate

// ReadPrefaulted reads len(b) bytes into b as the Decoder reads a large
// frame.
var ReadPrefaulted = readPrefaulted
