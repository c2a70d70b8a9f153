package callback

// WithProgress makes every iteration of the pipeline (Run, RunUnordered)
// call fn(done, total) as inputs come out of its last stage, or fail:
// once with done == 0 when the iteration starts, then after each item, in
// the ranging goroutine, before the item is yielded. total is -1 while the
// input sequence has not ended and the number of inputs once it has,
// unless WithTotal said it before. A nil fn is ignored.
func WithProgress(fn func(done, total int)) PipelineOption {
	return func(c *pipelineConfig) { c.progress = fn }
}

// WithTotal tells WithProgress how many inputs each iteration has, for
// pipelines over inputs whose length is known (a slice). The constructors
// panic if n < 0.
func WithTotal(n int) PipelineOption {
	return func(c *pipelineConfig) {
		if n < 0 {
			panic("callback: WithTotal: the total must not be negative")
		}
		c.total = n
		c.totalSet = true
	}
}

// meter is the WithProgress state of one iteration.
type meter struct {
	fn    func(done, total int)
	total int
	done  int
}

func (c *pipelineConfig) newMeter() *meter {
	if c.progress == nil {
		return nil
	}
	m := &meter{fn: c.progress, total: -1}
	if c.totalSet {
		m.total = c.total
	}
	m.fn(0, m.total)
	return m
}

// item counts one item out of the pipeline.
func (m *meter) item() {
	if m != nil {
		m.done++
		m.fn(m.done, m.total)
	}
}

// ended says the inputs ended after n items: the total is known now.
func (m *meter) ended(n int) {
	if m != nil && m.total < 0 {
		m.total = n
		m.fn(m.done, m.total)
	}
}
