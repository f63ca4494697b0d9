package geo

// Role says what a signed-in user may do: editors change events and import them; admins also
// manage users and tokens.
type Role string

// The roles.
const (
	RoleEditor Role = "editor"
	RoleAdmin  Role = "admin"
)

// User is someone who may sign in to edit.
type User struct {
	ID       int64  `json:"id"`
	Username string `json:"username"`
	Role     Role   `json:"role"`
}

// Can reports whether u holds role or a higher one.
func (u *User) Can(role Role) bool {
	if u == nil {
		return false
	}
	return u.Role == RoleAdmin || u.Role == role
}

// Action names what a revision did to an event.
type Action string

// The actions recorded in an event's history.
const (
	ActionCreate  Action = "create"
	ActionUpdate  Action = "update"
	ActionDelete  Action = "delete"
	ActionRestore Action = "restore"
	ActionImport  Action = "import"
)

// Revision is one recorded change to an event: who, when, what, and the event as it stood
// after the change (nil after a delete).
type Revision struct {
	EventID  string   `json:"event_id"`
	Revision int      `json:"revision"`
	Action   Action   `json:"action"`
	Username string   `json:"username"`
	At       string   `json:"at"`
	Changed  []string `json:"changed"`
	Event    *Event   `json:"-"`
}
