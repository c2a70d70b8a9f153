package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const table = `  /         title="Home" words=11 links=3
  /about    title="About" words=6 links=1
  /blog     title="Blog" words=15 links=1
  /broken   error: parse: the page has no <title>
  /contact  title="Contact" words=7 links=2
  /docs     title="Documentation" words=13 links=2
  /missing  error: HTTP Error 404: Not Found
`

func TestOutput(t *testing.T) {
	tests := []struct {
		name string
		cfg  config
	}{
		{"default pools", config{workers: 4, parsers: 2, timeout: 10 * time.Second}},
		{"one worker each", config{workers: 1, parsers: 1, timeout: 10 * time.Second}},
		{"more workers than pages", config{workers: 16, parsers: 16, timeout: 10 * time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			require.NoError(t, run(&out, tt.cfg))
			want := "== AddDoneCallback, as in Python\n" + table +
				"== callback.Then: get on one pool, parse on another, save inline\n" + table
			require.Equal(t, want, out.String())
		})
	}
}

func TestParse(t *testing.T) {
	r, err := parse(t.Context(), page{"/x", htmlPage("X", "one two", "/a", "/b")})
	require.NoError(t, err)
	// X in the title and the heading, two words, two link texts.
	require.Equal(t, record{path: "/x", title: "X", words: 6, links: 2}, r)
	_, err = parse(t.Context(), page{"/y", "<p>no head</p>"})
	require.ErrorIs(t, err, errNoTitle)
	require.Equal(t, "a b", strings.Join(strings.Fields(text("<i>a</i><b>b</b>")), " "))
}
