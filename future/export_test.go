package future

// WaiterCount reports how many Wait or AsCompleted calls are registered on
// f, so that tests can check that leaving an iteration early leaves nothing
// behind.
func WaiterCount[T any](f *Future[T]) int { return f.waiterCount() }
