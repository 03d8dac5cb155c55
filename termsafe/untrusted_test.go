package termsafe

import (
	"fmt"
	"strings"
	"testing"
)

// Every fmt path prints an Untrusted escaped: a future Printf of a struct
// holding server text cannot put a raw escape sequence on the terminal.
func TestUntrustedFormatsEscaped(t *testing.T) {
	t.Parallel()
	raw := "a\x1b]52;c;QQ==\x07b\u202e\xff"
	u := Wrap(raw)
	want := Escape(u, SingleLine).Plain()
	type holder struct {
		Title  Untrusted
		Ptr    *Untrusted
		hidden Untrusted // fmt cannot call methods on unexported fields
	}
	h := holder{Title: u, Ptr: &u, hidden: u}
	for _, f := range []string{"%v", "%s", "%q", "%+v", "%#v", "%x", "%X", "%d", "%10s", "%-3v"} {
		for name, arg := range map[string]any{"value": u, "pointer": &u, "struct": h, "struct pointer": &h, "slice": []Untrusted{u}} {
			got := fmt.Sprintf(f, arg)
			if strings.ContainsAny(got, "\x1b\x07\u202e\xff") || strings.Contains(got, "QQ==\x07") {
				t.Errorf("Sprintf(%q, %s) = %q: raw bytes leaked", f, name, got)
			}
			if !strings.Contains(got, `\x1B]52;c;QQ==\x07`) && f != "%q" && f != "%#v" && !strings.Contains(f, "x") && !strings.Contains(f, "X") && f != "%d" {
				t.Errorf("Sprintf(%q, %s) = %q: want the escaped form %q", f, name, got, want)
			}
		}
	}
	if got := fmt.Sprint(u); got != want {
		t.Errorf("Sprint = %q, want %q", got, want)
	}
	if got := u.String(); got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
	if got, w := fmt.Sprintf("%q", u), fmt.Sprintf("%q", want); got != w {
		t.Errorf("%%q = %s, want %s", got, w)
	}
	if got := fmt.Sprintf("%#v", u); !strings.HasPrefix(got, "termsafe.Wrap(") {
		t.Errorf("%%#v = %s, want a termsafe.Wrap(...) expression", got)
	}
}
