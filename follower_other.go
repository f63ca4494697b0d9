//go:build !linux

package main

import "os/exec"

// stopWithParent does nothing where the kernel cannot stop a child with its parent.
func stopWithParent(*exec.Cmd) {}
