package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/sonar-tui/sonar-tui/api"
	"github.com/sonar-tui/sonar-tui/history"
	"github.com/sonar-tui/sonar-tui/termsafe"
)

// Recent is a recently opened ticket.
type Recent = history.Entry

// History remembers recently opened tickets.
type History interface {
	Load() ([]Recent, error)
	Add(Recent) ([]Recent, error)
}

// historyMsg is the recent-tickets list; warn says what was ignored.
type historyMsg struct {
	recent []Recent
	warn   error
}

func (m Model) loadHistory() tea.Cmd {
	h := m.deps.History
	if h == nil {
		return nil
	}
	return func() tea.Msg {
		list, err := h.Load() // a broken history file must not stop the viewer
		return historyMsg{recent: list, warn: err}
	}
}

func (m Model) remember(guid string, t *api.Ticket) tea.Cmd {
	h := m.deps.History
	if h == nil {
		return nil
	}
	e := Recent{GUID: guid, Title: history.DisplayTitle(t.Title.Text()), Opened: m.deps.Now()}
	return func() tea.Msg {
		list, err := h.Add(e)
		if err != nil {
			return nil
		}
		return historyMsg{recent: list}
	}
}

// promptAction is what the prompt asks the root to do.
type promptAction uint8

const (
	promptNone promptAction = iota
	promptOpen
	promptBack
)

type promptResult struct {
	action promptAction
	guid   string
}

// promptModel asks for a GUID or a pasted Sonar URL, validating as you
// type, and lists recently opened tickets.
type promptModel struct {
	st      Styles
	keys    KeyMap
	input   textinput.Model
	recent  []Recent
	sel     int // -1: the input line; otherwise an index into recent
	canBack bool
}

// newInput is a text input without the clipboard-reading paste binding
// (ctrl+v sends an OSC 52 query whose reply arrives as input, TERM-9/10;
// the terminal's own paste still works) and with a steady cursor, so an
// idle screen sends no redraws (over SSH every blink is traffic).
func newInput(st Styles) textinput.Model {
	in := textinput.New()
	km := textinput.DefaultKeyMap()
	km.Paste = key.NewBinding(key.WithDisabled())
	in.KeyMap = km
	styles := textinput.DefaultStyles(st.Theme == Dark)
	styles.Cursor.Blink = false
	in.SetStyles(styles)
	return in
}

func newPrompt(st Styles, keys KeyMap) promptModel {
	in := newInput(st)
	in.Placeholder = "ticket GUID or Sonar URL"
	in.Prompt = st.G.Prompt + " "
	in.CharLimit = 2048
	return promptModel{st: st, keys: keys, input: in, sel: -1}
}

func newSearchInput(st Styles) textinput.Model {
	in := newInput(st)
	in.Prompt = "/"
	in.CharLimit = 256
	return in
}

func (p *promptModel) focus() tea.Cmd { return p.input.Focus() }

func (p *promptModel) reset(canBack bool) {
	p.input.Reset()
	p.sel = -1
	p.canBack = canBack
}

func (p *promptModel) setRecent(r []Recent) { p.recent = r }

// empty says nothing is typed or chosen.
func (p *promptModel) empty() bool { return p.input.Value() == "" && p.sel < 0 }

func (p *promptModel) update(msg tea.Msg) (promptResult, tea.Cmd) {
	keys := p.keys
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, keys.Accept):
			if p.sel >= 0 && p.sel < len(p.recent) {
				return promptResult{action: promptOpen, guid: p.recent[p.sel].GUID}, nil
			}
			guid, err := api.ParseGUID(strings.TrimSpace(p.input.Value()))
			if err != nil {
				return promptResult{}, nil
			}
			return promptResult{action: promptOpen, guid: guid}, nil
		case key.Matches(k, keys.Cancel):
			// Back to the ticket, else clear the input; never quit.
			if p.canBack {
				return promptResult{action: promptBack}, nil
			}
			p.input.Reset()
			p.sel = -1
			return promptResult{}, nil
		case key.Matches(k, keys.RecentDown):
			if p.sel < len(p.recent)-1 {
				p.sel++
			}
			return promptResult{}, nil
		case key.Matches(k, keys.RecentUp):
			if p.sel >= 0 {
				p.sel--
			}
			return promptResult{}, nil
		}
		p.sel = -1
	}
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	return promptResult{}, cmd
}

// validation is the line under the input: why the value is not yet a GUID.
func (p *promptModel) validation() string {
	v := strings.TrimSpace(p.input.Value())
	if v == "" {
		return p.st.Faint.Render("paste a ticket GUID (8-4-4-4-12 hex) or a Sonar ticket URL")
	}
	guid, err := api.ParseGUID(v)
	if err != nil {
		return p.st.Danger.Render(p.st.G.Cross+" ") + termsafe.Trusted(err.Error(), termsafe.SingleLine).Styled(p.st.esc)
	}
	return p.st.OK.Render(p.st.G.Check+" ") + p.keys.Accept.Help().Key + " opens " + guid
}

func (p *promptModel) view(width, height int, now time.Time) string {
	w := max(min(width-4, 80), 10)
	p.input.SetWidth(w - 4)
	var b []string
	b = append(b, p.st.Title.Render("Open a ticket"), "")
	b = append(b, p.input.View(), ansi.Truncate(p.validation(), w, p.st.G.Ellipsis), "")
	if len(p.recent) > 0 {
		b = append(b, p.st.Section.Render("Recent"))
		room := max(height-len(b)-3, 1)
		for i, r := range p.recent {
			if i >= room {
				b = append(b, p.st.Faint.Render(fmt.Sprintf(p.st.G.Ellipsis+" %d more", len(p.recent)-i)))
				break
			}
			mark := "  "
			if i == p.sel {
				mark = p.st.Accent.Render(p.st.G.Prompt + " ")
			}
			title := termsafe.Escape(r.Title, termsafe.SingleLine)
			ago := p.st.Faint.Render(" " + p.st.G.Dot + " " + relative(r.Opened, now))
			line := mark + p.st.Faint.Render(termsafe.Trusted(r.GUID, termsafe.SingleLine).Plain()) + "  " + title.Styled(p.st.esc)
			b = append(b, ansi.Truncate(line, w-ansi.StringWidth(ago), p.st.G.Ellipsis)+ago)
		}
		k, sep := p.keys, " "+p.st.G.Dot+" "
		b = append(b, "", p.st.Faint.Render(k.RecentUp.Help().Key+"/"+k.RecentDown.Help().Key+" choose"+sep+k.Accept.Help().Key+" open"+sep+k.Cancel.Help().Key+" back"))
	}
	out := make([]string, len(b))
	for i, l := range b {
		out[i] = ansi.Truncate(l, width, p.st.G.Ellipsis)
	}
	return strings.Join(out, "\n")
}
