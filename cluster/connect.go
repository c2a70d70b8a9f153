package cluster

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// connect dials url with the reconnection policy of this package (retry
// for ever, quickly: a restarted server is back in well under lostAfter)
// followed by the user's options.
func connect(url string, c config, name string, extra ...nats.Option) (*nats.Conn, error) {
	opts := []nats.Option{
		nats.Name(name),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(100 * time.Millisecond),
		nats.ReconnectJitter(100*time.Millisecond, 100*time.Millisecond),
		nats.ReconnectBufSize(64 << 20),
		nats.PingInterval(time.Second),
		nats.MaxPingsOutstanding(3),
	}
	opts = append(opts, extra...)
	opts = append(opts, c.natsOpts...)
	nc, err := nats.Connect(url, opts...)
	if err != nil {
		return nil, fmt.Errorf("cluster: connect to %s: %w", url, err)
	}
	return nc, nil
}

// setupQueue creates the queue's stream and consumer if they do not exist
// yet, and returns the consumer.
func setupQueue(ctx context.Context, js jetstream.JetStream, c config) (jetstream.Consumer, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	sc := jetstream.StreamConfig{
		Name:       streamName(c.queue),
		Subjects:   []string{taskSubject(c.queue)},
		Retention:  jetstream.WorkQueuePolicy,
		Storage:    jetstream.FileStorage,
		Replicas:   c.replicas,
		Duplicates: 2 * time.Minute,
	}
	var s jetstream.Stream
	var err, last error
	for {
		try, stop := context.WithTimeout(ctx, 5*time.Second)
		s, err = js.CreateStream(try, sc)
		if errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) {
			s, err = js.Stream(try, sc.Name)
		}
		stop()
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			if last != nil {
				err = last
			}
			break
		}
		last = err
		// A server that is starting, or a cluster electing its leader.
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		return nil, fmt.Errorf("cluster: the stream of queue %q: %w", c.queue, err)
	}
	for {
		var cons jetstream.Consumer
		try, stop := context.WithTimeout(ctx, 5*time.Second)
		cons, err = s.CreateOrUpdateConsumer(try, jetstream.ConsumerConfig{
			Durable:       consumerName,
			AckPolicy:     jetstream.AckExplicitPolicy,
			AckWait:       c.ackWait,
			MaxDeliver:    -1,
			MaxAckPending: -1,
		})
		stop()
		if err == nil {
			return cons, nil
		}
		if ctx.Err() != nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	return nil, fmt.Errorf("cluster: the consumer of queue %q: %w", c.queue, err)
}
