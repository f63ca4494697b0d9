package main

import (
	"net/http"
	"strings"
	"testing"
)

// TestEditor_browserAccount drives the account dialog as an editor would: make a token and
// revoke it, change the password (another session ends, this one stays), and sign out
// everywhere. Each step is checked against the server over HTTP.
func TestEditor_browserAccount(t *testing.T) {
	site := startEditorSite(t)
	b := startBrowser(t, site.base)
	p := b.editorOpen(t, "/editor", 1280, 900, false, editorExpect{"/api/me", http.StatusUnauthorized})
	editorSignIn(t, p, site.username, editorPassword)
	editorWait(t, p, `!document.getElementById('open-account').hidden`, "the Account button")
	editorClick(t, p, `#open-account`)
	editorWait(t, p, `document.querySelector('dialog.dialog-account[open] .token-row[data-name="browser-test"]') !== null`, "the account dialog and the CLI's token")

	var secret string
	t.Run("ok, a token made on the page works until it is revoked", func(t *testing.T) {
		editorType(t, p, `dialog.dialog-account input[name="token_name"]`, "nightly import")
		editorType(t, p, `dialog.dialog-account input[name="expires_in_days"]`, "30")
		editorClick(t, p, `dialog.dialog-account .token-form button[type="submit"]`)
		editorWait(t, p, `document.querySelector('dialog.dialog-account .token-row[data-name="nightly import"]') !== null && !document.querySelector('.token-made').hidden`, "the new token")
		secret = eval[string](t, p, `document.querySelector('dialog.dialog-account .token-secret').value`)
		if len(secret) != 43 {
			t.Fatalf("the page shows the token %q, want 43 characters", secret)
		}
		meta := eval[string](t, p, `document.querySelector('.token-row[data-name="nightly import"] .token-meta').textContent`)
		if !strings.Contains(meta, "never used") || !strings.Contains(meta, "edith") {
			t.Errorf("the new token's row reads %q", meta)
		}
		if got := apiMe(t, site.base, "Authorization", "Bearer "+secret); got != http.StatusOK {
			t.Fatalf("the page's token: %d, want 200", got)
		}
		p.screenshot(t, "editor-account.png")
		editorClick(t, p, `.token-row[data-name="nightly import"] button`)
		editorWait(t, p, `document.querySelector('.token-row[data-name="nightly import"]') === null`, "the revoked token to leave the list")
		if got := apiMe(t, site.base, "Authorization", "Bearer "+secret); got != http.StatusUnauthorized {
			t.Errorf("a token revoked on the page: %d, want 401", got)
		}
	})

	t.Run("ok, a password change ends the other sessions and keeps this one", func(t *testing.T) {
		code, other := apiSignIn(t, site.base, site.username, editorPassword)
		if code != http.StatusOK || other == "" {
			t.Fatalf("a second session: %d", code)
		}
		const newPassword = "a different long password"
		editorType(t, p, `dialog.dialog-account input[name="current_password"]`, editorPassword)
		editorType(t, p, `dialog.dialog-account input[name="new_password"]`, newPassword)
		editorClick(t, p, `dialog.dialog-account .account-password button[type="submit"]`)
		editorWait(t, p, `document.querySelector('.account-password .account-status').textContent !== ''`, "the change to finish")
		if msg := eval[string](t, p, `document.querySelector('.account-password .account-status').textContent`); !strings.Contains(msg, "Password changed") {
			t.Fatalf("the page says %q", msg)
		}
		if got := apiMe(t, site.base, "Cookie", "westward_session="+other); got != http.StatusUnauthorized {
			t.Errorf("the other session after the change: %d, want 401", got)
		}
		if code, _ := apiSignIn(t, site.base, site.username, editorPassword); code != http.StatusUnauthorized {
			t.Errorf("the old password: %d, want 401", code)
		}
		if code, _ := apiSignIn(t, site.base, site.username, newPassword); code != http.StatusOK {
			t.Errorf("the new password: %d, want 200", code)
		}
		if got := eval[int](t, p, `document.querySelectorAll('dialog.dialog-account .token-row').length`); got != 1 {
			t.Errorf("the list shows %d tokens, want the CLI's one", got)
		}
	})

	t.Run("ok, signing out everywhere ends this page's session and the tokens", func(t *testing.T) {
		editorClick(t, p, `dialog.dialog-account .account-everywhere button`)
		text := editorConfirm(t, p)
		if !strings.Contains(text, "token") {
			t.Errorf("the question does not say tokens stop working: %q", text)
		}
		editorWait(t, p, `!document.getElementById('login-view').hidden && document.querySelector('dialog.dialog-account') === null`, "the sign-in form")
		if note := eval[string](t, p, `document.querySelector('.login-note').textContent`); !strings.Contains(note, "signed out everywhere") {
			t.Errorf("the sign-in form says %q", note)
		}
		if got := apiMe(t, site.base, "Authorization", "Bearer "+site.token); got != http.StatusUnauthorized {
			t.Errorf("the CLI's token after signing out everywhere: %d, want 401", got)
		}
	})
}
