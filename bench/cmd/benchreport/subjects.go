package main

// subject is one benchmark of a table: its name in the go test output
// (without "Benchmark" and the GOMAXPROCS suffix), what the report calls
// it, and its figure in the anchors of the performance targets (0: none).
type subject struct {
	name   string
	label  string
	anchor float64
}

// Workload A's subjects, ours first: the ratios compare to it.
var subjectsA = []subject{
	{"WorkloadA/threadpool", "futures threadpool: executor.Submit + Future.Result", 0},
	{"WorkloadA/channel-pool", "hand-rolled channel pool (unbuffered)", 214},
	{"WorkloadA/channel-pool-buffered", "hand-rolled channel pool (buffer 1024)", 0},
	{"WorkloadA/pond-group", "pond v2 result group", 249},
	{"WorkloadA/pond-future", "pond v2, one future per task", 575},
	{"WorkloadA/conc-pool", "conc/pool ResultPool", 423},
	{"WorkloadA/errgroup", "errgroup + SetLimit", 512},
	{"WorkloadA/ants", "ants Submit", 694},
	{"WorkloadA/goroutine-per-task", "one goroutine per task + WaitGroup", 1205},
}

// Workload B's subjects, ours first.
var subjectsB = []subject{
	{"WorkloadB/threadpool-map", "futures executor.Map, pool reused", 0},
	{"WorkloadB/threadpool-map-with-startup", "futures executor.Map, New and Shutdown included", 0},
	{"WorkloadB/threadpool-mapall", "futures executor.MapAll, pool reused", 0},
	{"WorkloadB/conc-iter", "conc/iter Mapper.Map", 13},
	{"WorkloadB/channel-pool", "hand-rolled channel pool (unbuffered)", 197},
	{"WorkloadB/channel-pool-buffered", "hand-rolled channel pool (buffer 1024)", 0},
}

// The Python counterparts, each with the Go benchmark it compares to.
var subjectsPython = []struct {
	subject
	unit, ours string
}{
	{subject{"PythonThreads/A-submit-result", "ThreadPoolExecutor submit + result (workload A)", 16500}, "ns/task", "WorkloadA/threadpool"},
	{subject{"PythonThreads/B-map", "ThreadPoolExecutor.map (workload B)", 19400}, "ns/item", "WorkloadB/threadpool-map"},
}

// Targets of the performance document that this report checks.
const (
	targetARatio   = 1.0 // threadpool ns/task over the unbuffered channel pool's
	targetAAllocs  = 2.0 // threadpool allocs/task
	targetBRatio   = 2.0 // executor.Map ns/item over conc/iter's
	targetPendingB = 250 // heap bytes per pending future
)

// Benchmarks the targets and the cost table name.
const (
	threadpoolTaskA = "WorkloadA/threadpool"
	channelPoolA    = "WorkloadA/channel-pool"
	channelBufferA  = "WorkloadA/channel-pool-buffered"
	threadpoolMapB  = "WorkloadB/threadpool-map"
	concIterB       = "WorkloadB/conc-iter"
	pendingFutures  = "PendingFuture"
	lifecycleEmpty  = "Lifecycle/empty"
	lifecycleFirst  = "Lifecycle/first-result"
)
