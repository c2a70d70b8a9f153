package cluster

import (
	"fmt"
	"os"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// embedded is a JetStream server in this process, on 127.0.0.1 and a
// random port, with its store in a directory that stop removes unless the
// user chose it.
type embedded struct {
	srv       *server.Server
	dir       string
	keepDir   bool
	clientURL string
}

// startEmbedded starts the server and waits until it takes connections.
func startEmbedded(storeDir string) (*embedded, error) {
	e := &embedded{dir: storeDir, keepDir: storeDir != ""}
	if e.dir == "" {
		dir, err := os.MkdirTemp("", "futures-cluster-")
		if err != nil {
			return nil, fmt.Errorf("cluster: the embedded server's store: %w", err)
		}
		e.dir = dir
	}
	srv, err := server.NewServer(&server.Options{
		Host:      "127.0.0.1",
		Port:      server.RANDOM_PORT,
		JetStream: true,
		StoreDir:  e.dir,
		NoLog:     true,
		NoSigs:    true,
	})
	if err != nil {
		e.removeDir()
		return nil, fmt.Errorf("cluster: the embedded server: %w", err)
	}
	srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		srv.Shutdown()
		srv.WaitForShutdown()
		e.removeDir()
		return nil, fmt.Errorf("cluster: the embedded server did not start within 10s")
	}
	e.srv = srv
	e.clientURL = srv.ClientURL()
	return e, nil
}

// stop shuts the server down and removes its store.
func (e *embedded) stop() {
	e.srv.Shutdown()
	e.srv.WaitForShutdown()
	e.removeDir()
}

func (e *embedded) removeDir() {
	if !e.keepDir {
		_ = os.RemoveAll(e.dir)
	}
}
