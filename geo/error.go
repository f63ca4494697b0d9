package geo

import (
	"errors"
	"fmt"
)

// Error codes, in the manner of benbjohnson/wtf: the domain says what went wrong and each
// adapter decides how to show it (the server maps them to HTTP statuses).
const (
	EINVALID  = "invalid"
	ENOTFOUND = "not_found"
	ECONFLICT = "conflict"
	// ESTALE: a write named the state it expected (If-Match) and the event has changed since.
	ESTALE    = "stale"
	EINTERNAL = "internal"
)

// Error is a domain error. Param names the input at fault, where there is one, so that a
// client can tell which of its parameters to fix.
type Error struct {
	Code    string
	Param   string
	Message string
}

func (e *Error) Error() string {
	if e.Param != "" {
		return fmt.Sprintf("%s: %s", e.Param, e.Message)
	}
	return e.Message
}

// Errorf returns an Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ParamError returns an EINVALID Error about one named input.
func ParamError(param, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Param: param, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns err's code, EINTERNAL for errors that are not domain errors.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// UnknownParam is the error for a query parameter nobody asked for. A parameter without a
// name ("?=x") is reported as "query", so the error still names what to fix.
func UnknownParam(name string) *Error {
	if name == "" {
		return ParamError("query", "a parameter has no name")
	}
	return ParamError(name, "unknown parameter")
}
