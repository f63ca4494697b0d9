// Command floor is the third server of bench/load.sh's target 1: bare net/http answering with
// the bytes and headers westward sent, and no logic at all. Between westward and nginx it
// shows how much of the gap is Go's HTTP server itself rather than westward's code.
//
//	floor ADDR PLAIN GZIP HEADERS
//
// serves PLAIN at /plain/items.json and GZIP (with Content-Encoding: gzip) at /gz/items.json,
// each with the "Name: value" lines of the HEADERS file (a response head as curl -D writes
// it; Content-Type on 200s only, as westward does), a fresh X-Request-Id, and 304 to
// If-None-Match: "floor".
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
)

func main() {
	if len(os.Args) != 5 {
		fmt.Fprintln(os.Stderr, "usage: floor ADDR PLAIN GZIP HEADERS")
		os.Exit(2)
	}
	plain, gz, head := mustRead(os.Args[2]), mustRead(os.Args[3]), mustRead(os.Args[4])
	fixed := http.Header{}
	var contentType []string
	sc := bufio.NewScanner(bytes.NewReader(head))
	for sc.Scan() {
		name, value, ok := strings.Cut(strings.TrimRight(sc.Text(), "\r"), ": ")
		switch strings.ToLower(name) {
		case "content-length", "content-encoding", "date", "x-request-id":
			continue
		case "content-type": // a 200's only, as westward sends it
			contentType = []string{value}
			continue
		}
		if ok {
			fixed.Set(name, value)
		}
	}
	fixed.Set("Etag", `"floor"`)
	var n atomic.Uint64
	serve := func(body []byte, gzipped bool) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			for k, v := range fixed {
				h[k] = v
			}
			h["X-Request-Id"] = []string{"floor-" + strconv.FormatUint(n.Add(1), 36)}
			if r.Header.Get("If-None-Match") == `"floor"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			if gzipped {
				h["Content-Encoding"] = []string{"gzip"}
			}
			h["Content-Type"] = contentType
			h["Content-Length"] = []string{strconv.Itoa(len(body))}
			w.Write(body)
		}
	}
	mux := http.NewServeMux()
	mux.Handle("/plain/items.json", serve(plain, false))
	mux.Handle("/gz/items.json", serve(gz, true))
	if err := http.ListenAndServe(os.Args[1], mux); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func mustRead(path string) []byte {
	b, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	return b
}
