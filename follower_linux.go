package main

import (
	"os/exec"
	"syscall"
)

// stopWithParent has the kernel stop the follower when the server dies, even by SIGKILL.
func stopWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
