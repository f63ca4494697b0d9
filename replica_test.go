package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/westward/westward/server/replica"
)

// buildWestward builds the real binary once per test into a temporary folder.
func buildWestward(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "westward")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// node is one westward process on loopback, with its own folder and port.
type node struct {
	cmd  *exec.Cmd
	base string
	logs *syncBuffer
}

var listening = regexp.MustCompile(`"msg":"listening","url":"(http://[^"]+)"`)

// startNode runs bin serve with args and waits for its listening line.
func startNode(t *testing.T, bin string, args ...string) *node {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	n := &node{cmd: cmd, logs: &syncBuffer{}}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			n.logs.Write([]byte(line + "\n"))
			if m := listening.FindStringSubmatch(line); m != nil {
				select {
				case found <- m[1]:
				default:
				}
			}
		}
	}()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			cmd.Process.Kill()
			t.Errorf("%v did not stop within 15 s", cmd.Args)
		}
	})
	select {
	case n.base = <-found:
	case <-time.After(60 * time.Second):
		t.Fatalf("%v did not start within 60 s:\n%s", cmd.Args, n.logs)
	}
	return n
}

// putSource saves source id through the API and returns the status.
func putSource(t *testing.T, base, token, id string) int {
	t.Helper()
	body := fmt.Sprintf(`{"id":%q,"publication":"Test Wire","title":"Edit %s","authors":[],"published":"2024-05-01"}`, id, id)
	req, _ := http.NewRequest(http.MethodPut, base+"/api/sources/"+id, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode
}

// sourceIDs lists the ids /api/sources answers.
func sourceIDs(t *testing.T, base string) map[string]bool {
	t.Helper()
	var got struct {
		Sources []struct {
			ID string `json:"id"`
		} `json:"sources"`
	}
	res := getJSON(t, base+"/api/sources", &got)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("/api/sources: %d", res.StatusCode)
	}
	ids := map[string]bool{}
	for _, s := range got.Sources {
		ids[s.ID] = true
	}
	return ids
}

// editorToken adds an editor to the database at dbPath and returns a token of theirs.
func editorToken(t *testing.T, dbPath string) string {
	t.Helper()
	dir := t.TempDir()
	pw := filepath.Join(dir, "pw")
	if err := os.WriteFile(pw, []byte("a long enough password\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := run(ctx, []string{"seed", "--db", dbPath}, noEnv, io.Discard, io.Discard, nil); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"user", "add", "--username", "ed", "--role", "editor", "--password-file", pw, "--db", dbPath}, noEnv, io.Discard, io.Discard, nil); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"token", "add", "--username", "ed", "--name", "test", "--db", dbPath}, noEnv, &out, io.Discard, nil); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(out.String())
}

// TestReplicate_survivesSIGKILL streams a primary to a file replica, makes a series of
// acknowledged edits, kills the primary with SIGKILL, restores on a second node (another
// folder and port) and finds every edit acknowledged more than the replication window before
// the kill. A read-only replica follows new edits and refuses writes, naming the primary.
func TestReplicate_survivesSIGKILL(t *testing.T) {
	t.Parallel() // its own servers, nginx and browser: it may overlap the other
	bin := buildWestward(t)
	primaryDir, secondDir, followDir := t.TempDir(), t.TempDir(), t.TempDir()
	replicaURL := "file://" + filepath.Join(t.TempDir(), "replica")
	dbPath := filepath.Join(primaryDir, "westward.db")
	token := editorToken(t, dbPath)

	primary := startNode(t, bin, "--db", dbPath, "--replicate", replicaURL, "--log-level", "info")

	// A read-only replica on its own folder and port, following the replica.
	follower := startNode(t, bin, "--db", filepath.Join(followDir, "westward.db"), "--replicate", replicaURL,
		"--read-only", "--primary", primary.base, "--log-level", "info")
	var health struct {
		Status      string `json:"status"`
		ReadOnly    bool   `json:"read_only"`
		Primary     string `json:"primary"`
		Replication *struct {
			Lag float64 `json:"lag_seconds"`
		} `json:"replication"`
	}
	if res := getJSON(t, follower.base+"/healthz", &health); res.StatusCode != http.StatusOK ||
		!health.ReadOnly || health.Primary != primary.base || health.Replication == nil {
		t.Fatalf("the read-only replica's /healthz: %d %+v", res.StatusCode, health)
	}
	if got := putSource(t, follower.base, token, "refused"); got != http.StatusServiceUnavailable {
		t.Errorf("a write to the read-only replica: %d, want 503", got)
	}
	res, err := http.Post(follower.base+"/api/login", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		Status int    `json:"status"`
		Detail string `json:"detail"`
	}
	json.NewDecoder(res.Body).Decode(&p)
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Content-Type") != "application/problem+json" ||
		!strings.Contains(p.Detail, primary.base) {
		t.Errorf("sign-in on the read-only replica: %d %s %+v, want a 503 problem naming %s", res.StatusCode, res.Header.Get("Content-Type"), p, primary.base)
	}

	// One edit, timed from its acknowledgement to its appearance on the read-only replica.
	if got := putSource(t, primary.base, token, "follow-1"); got != http.StatusOK {
		t.Fatalf("the first edit: %d", got)
	}
	acked := time.Now()
	for !sourceIDs(t, follower.base)["follow-1"] {
		if time.Since(acked) > followBound {
			t.Fatalf("the read-only replica did not show an edit within %s", followBound)
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("read-only replica lag: an edit showed %s after it was acknowledged", time.Since(acked).Round(time.Millisecond))

	// A series of edits, 50 ms apart for 3 s, then SIGKILL.
	var ids []string
	var acks []time.Time
	for i := 0; time.Since(acked) < 3*time.Second+followBound && len(ids) < 60; i++ {
		id := fmt.Sprintf("edit-%d", i)
		if got := putSource(t, primary.base, token, id); got != http.StatusOK {
			t.Fatalf("edit %s: %d", id, got)
		}
		ids, acks = append(ids, id), append(acks, time.Now())
		time.Sleep(50 * time.Millisecond)
	}
	killed := time.Now()
	if err := primary.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}

	// The second node restores the replica and serves it.
	restored := filepath.Join(secondDir, "westward.db")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"restore", "--from", replicaURL, restored}, noEnv, &out, io.Discard, nil); err != nil {
		t.Fatalf("restore: %v", err)
	}
	second := startNode(t, bin, "--db", restored, "--log-level", "info")
	have := sourceIDs(t, second.base)
	window := replica.MaxLoss + 250*time.Millisecond // the upload's own time
	var safe, lost, kept int
	for i, id := range ids {
		if killed.Sub(acks[i]) > window {
			safe++
			if !have[id] {
				lost++
				t.Errorf("edit %s, acknowledged %s before the kill, is not in the restored database", id, killed.Sub(acks[i]).Round(time.Millisecond))
			}
		}
		if have[id] {
			kept++
		}
	}
	if safe < 20 || !have["follow-1"] {
		t.Fatalf("only %d edits were older than the window %s (follow-1 restored: %v)", safe, window, have["follow-1"])
	}
	t.Logf("%d edits acknowledged, %d older than %s before SIGKILL, %d restored, %d of those lost", len(ids), safe, window, kept, lost)

	// A write refused on the follower stays refused: the edit never reached anything.
	if have["refused"] {
		t.Error("the write refused by the read-only replica is in the database")
	}
}

// followBound is the documented lag of a read-only replica: Litestream's WAL poll and sync
// (replica.MaxLoss), the follower's poll (replica.FollowInterval) and the server's dataset
// version refresh (2 s), with room for a busy machine.
const followBound = 10 * time.Second
