package termsafe

// Markers wrapped around escape tokens by Marked (MD-1). They are private-use
// code points, which Escape itself escapes, so data cannot forge them.
const (
	MarkOpen  = '\uE002'
	MarkClose = '\uE003'
)

// Marked escapes u in MultiLine mode and returns a string in which each
// escape span is wrapped in MarkOpen ... MarkClose. The Markdown pipeline
// renders this string and only afterwards turns the markers into the escape
// style, so the renderer never sees a control and cannot tell a token from
// text.
func Marked(u Untrusted) string {
	return Escape(u, MultiLine).Styled(func(t string) string {
		return string(MarkOpen) + t + string(MarkClose)
	})
}
