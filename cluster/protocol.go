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

// taskHead is what a task message says before its arguments: whose task
// it is, which function, and the deadline of its context (Unix
// nanoseconds; 0: none). It is binary, in the body: the only header is
// JetStream's message ID, so the server and the workers parse no more.
type taskHead struct {
	owner    string
	task     uint64
	fn       string
	deadline int64
}

func (h taskHead) appendTo(b []byte) []byte {
	b = binary.AppendUvarint(b, uint64(len(h.owner)))
	b = append(b, h.owner...)
	b = binary.AppendUvarint(b, h.task)
	b = binary.AppendUvarint(b, uint64(len(h.fn)))
	b = append(b, h.fn...)
	return binary.AppendVarint(b, h.deadline)
}

// readTaskHead returns the head of a task message and its arguments.
func readTaskHead(b []byte) (taskHead, []byte, error) {
	var h taskHead
	str := func() (string, bool) {
		l, n := binary.Uvarint(b)
		if n <= 0 || l > uint64(len(b)-n) {
			return "", false
		}
		s := string(b[n : n+int(l)])
		b = b[n+int(l):]
		return s, true
	}
	var ok bool
	if h.owner, ok = str(); !ok || h.owner == "" {
		return h, nil, errMalformed
	}
	id, n := binary.Uvarint(b)
	if n <= 0 {
		return h, nil, errMalformed
	}
	h.task, b = id, b[n:]
	if h.fn, ok = str(); !ok {
		return h, nil, errMalformed
	}
	d, n := binary.Varint(b)
	if n <= 0 {
		return h, nil, errMalformed
	}
	h.deadline = d
	return h, b[n:], nil
}

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
