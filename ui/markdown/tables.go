package markdown

import (
	"fmt"

	xansi "github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark/ast"
	astext "github.com/yuin/goldmark/extension/ast"
)

// wideTables replaces every table too wide for the pane with a list, one
// item per row, each cell as "header: value". glamour lays tables out in
// the pane width and, when the columns do not fit, drops the last ones and
// blanks header names: a 60-column table lost its last column silently.
// A list wraps like any paragraph, so no cell can disappear, and a note
// says why the table looks different. With ascii the cells are separated
// by " - " instead of " · ".
func wideTables(doc ast.Node, ex *extraSource, width int, ascii bool) {
	var wide []*astext.Table
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := n.(*astext.Table); ok && entering {
			if tableWidth(t, ex) > width {
				wide = append(wide, t)
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	sep := " · "
	if ascii {
		sep = " - "
	}
	for _, t := range wide { // not during the walk: replacing ends it
		tableAsList(t, ex, sep)
	}
}

// tableWidth is the width the table needs to show every cell on one line:
// the widest cell of each column plus a border and padding per column.
func tableWidth(t *astext.Table, ex *extraSource) int {
	var cols []int
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		i := 0
		for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
			if i == len(cols) {
				cols = append(cols, 0)
			}
			cols[i] = max(cols[i], xansi.StringWidth(string(ex.plain(cell))))
			i++
		}
	}
	w := 1
	for _, c := range cols {
		w += c + 3
	}
	return w
}

func tableAsList(t *astext.Table, ex *extraSource, sep string) {
	var headers []string
	var rows []ast.Node
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		if _, ok := row.(*astext.TableHeader); ok {
			for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
				headers = append(headers, string(ex.plain(cell)))
			}
			continue
		}
		rows = append(rows, row)
	}
	parent := t.Parent()
	note := ast.NewParagraph()
	note.AppendChild(note, ex.text(fmt.Sprintf("(a table of %d columns, too wide for this pane: one list item per row, each cell as column: value)", len(t.Alignments))))
	parent.InsertBefore(parent, t, note)

	list := ast.NewList('-')
	list.IsTight = true
	item := func(add func(tb ast.Node)) {
		li := ast.NewListItem(2)
		tb := ast.NewTextBlock()
		add(tb)
		li.AppendChild(li, tb)
		list.AppendChild(list, li)
	}
	if len(rows) == 0 {
		item(func(tb ast.Node) {
			for i, h := range headers {
				if i > 0 {
					tb.AppendChild(tb, ex.text(sep))
				}
				tb.AppendChild(tb, ex.text(h))
			}
		})
	}
	for _, row := range rows {
		item(func(tb ast.Node) {
			i := 0
			for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
				if i > 0 {
					tb.AppendChild(tb, ex.text(sep))
				}
				name := fmt.Sprintf("column %d", i+1)
				if i < len(headers) && headers[i] != "" {
					name = headers[i]
				}
				tb.AppendChild(tb, ex.text(name+": "))
				for c := cell.FirstChild(); c != nil; {
					next := c.NextSibling()
					cell.RemoveChild(cell, c)
					tb.AppendChild(tb, c)
					c = next
				}
				i++
			}
		})
	}
	parent.ReplaceChild(parent, t, list)
}
