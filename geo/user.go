package geo

// Role says what a signed-in user may do: editors change events and import them; admins also
// manage users and tokens.
type Role string

// The roles.
const (
	RoleEditor Role = "editor"
	RoleAdmin  Role = "admin"
)

// User is someone who may sign in to edit. Username is the login name and stays private to
// editors; DisplayName (or, without one, the role) is what the public history shows, so the
// public never learns a name to guess passwords for.
type User struct {
	ID          int64  `json:"id"`
	Username    string `json:"username"`
	Role        Role   `json:"role"`
	DisplayName string `json:"display_name,omitempty"`
	Disabled    bool   `json:"disabled,omitempty"`
}

// PublicName is how the public history names u: its display name, or else its role.
func (u *User) PublicName() string {
	if u == nil {
		return "system"
	}
	if u.DisplayName != "" {
		return u.DisplayName
	}
	return string(u.Role)
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
// after the change (nil after a delete). By is the author's public name (User.PublicName,
// "system" for loads), never a login name: the history is public.
type Revision struct {
	EventID  string   `json:"event_id"`
	Revision int      `json:"revision"`
	Action   Action   `json:"action"`
	By       string   `json:"by"`
	At       string   `json:"at"`
	Changed  []string `json:"changed"`
	Event    *Event   `json:"-"`
}
