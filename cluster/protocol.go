package cluster

import (
	"encoding/binary"
	"errors"
	"strconv"
)

// The subjects of a queue q, all under "futures.q.":
//
//	futures.q.task              the tasks (a JetStream work-queue stream)
//	futures.q.o.OWNER.claim     a worker asks the executor OWNER to start tasks
//	futures.q.o.OWNER.result    a worker hands outcomes to OWNER
//
// Claims and results travel in batches (see batcher): a worker id, then
// one item per task (its id as a uvarint, and for a result the outcome
// message of registry.Func.Run); the answer holds one item per item.
//
//	futures.q.w.WORKER.ping     OWNER asks whether WORKER is alive
//	futures.q.w.WORKER.cancel   OWNER cancels a running task's context
func taskSubject(q string) string         { return "futures." + q + ".task" }
func ownerSubject(q, owner string) string { return "futures." + q + ".o." + owner }
func workerSubject(q, w string) string    { return "futures." + q + ".w." + w }
func streamName(q string) string          { return "FUTURES_" + q }

// consumerName is the durable pull consumer every worker of a queue shares.
const consumerName = "workers"

// The headers of a task message.
const (
	hdrOwner    = "Futures-Owner"
	hdrTask     = "Futures-Task"
	hdrFunc     = "Futures-Func"
	hdrDeadline = "Futures-Deadline" // Unix nanoseconds
)

// Replies to a claim.
const (
	replyRun  = 'R' // run the calls listed (all if none)
	replyDrop = 'D' // do not run: cancelled, done, unknown, or run elsewhere
)

var errMalformed = errors.New("cluster: malformed message")

// encodeRun is the reply that grants calls run (nil: all).
func encodeRun(run []int) []byte {
	b := []byte{replyRun}
	if run == nil {
		return b
	}
	b = binary.AppendUvarint(b, uint64(len(run)))
	for _, i := range run {
		b = binary.AppendUvarint(b, uint64(i))
	}
	return b
}

// decodeReply returns whether to run, and which calls.
func decodeReply(b []byte) (bool, []int, error) {
	if len(b) == 0 {
		return false, nil, errMalformed
	}
	if b[0] == replyDrop {
		return false, nil, nil
	}
	if b[0] != replyRun {
		return false, nil, errMalformed
	}
	if len(b) == 1 {
		return true, nil, nil
	}
	b = b[1:]
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)) {
		return false, nil, errMalformed
	}
	b = b[k:]
	run := make([]int, n)
	for i := range run {
		v, k := binary.Uvarint(b)
		if k <= 0 {
			return false, nil, errMalformed
		}
		run[i], b = int(v), b[k:]
	}
	return true, run, nil
}

// cancelMsg names a running task to cancel: its owner and id.
type cancelMsg struct {
	owner string
	task  uint64
}

func (c cancelMsg) encode() []byte { return append(binary.AppendUvarint(nil, c.task), c.owner...) }

func decodeCancel(b []byte) (cancelMsg, error) {
	id, n := binary.Uvarint(b)
	if n <= 0 {
		return cancelMsg{}, errMalformed
	}
	return cancelMsg{task: id, owner: string(b[n:])}, nil
}

func formatID(id uint64) string { return strconv.FormatUint(id, 10) }
