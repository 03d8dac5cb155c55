package ui

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestKeysGoThroughBindings keeps every key of the ui package in a
// key.Binding: no code outside the tests may compare what a key message
// says (its String, Keystroke, Text or Code) with a constant, in an == or
// a switch. Such a comparison is a key that help, the README and custom
// keymaps don't know about. The check type-checks the package, so it sees
// through names and conversions a text search would miss.
func TestKeysGoThroughBindings(t *testing.T) {
	imp := exportImporter(t)
	fset := token.NewFileSet()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	if len(files) < 10 {
		t.Fatalf("read only %d files of package ui", len(files))
	}
	for _, v := range rawKeyComparisons(t, fset, imp, files) {
		t.Errorf("%s: a raw key comparison; use a key.Binding and key.Matches", v)
	}
}

// TestKeyGuardCatches shows the guard above can fail: each way of
// matching a raw key is found.
func TestKeyGuardCatches(t *testing.T) {
	const src = `package p

import tea "charm.land/bubbletea/v2"

func f(msg tea.KeyPressMsg, m tea.Msg) int {
	switch msg.String() {
	case "enter": // 1
		return 1
	}
	if msg.String() == "esc" { // 2
		return 2
	}
	if k, ok := m.(tea.KeyMsg); ok && k.Key().Code == tea.KeyEscape { // 3
		return 3
	}
	s := msg.Keystroke()
	switch s {
	case "ctrl+c": // 4
		return 4
	}
	if "q" != msg.Text { // 5
		return 5
	}
	switch msg.Code {
	case 'x': // 6
		return 6
	}
	if msg.String() == s || len(msg.String()) > 1 { // not constants: fine
		return 0
	}
	return 0
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := rawKeyComparisons(t, fset, exportImporter(t), []*ast.File{f})
	var lines []int
	for _, v := range got {
		lines = append(lines, v.Line)
	}
	if want := []int{7, 10, 13, 18, 21, 25}; !slices.Equal(lines, want) {
		t.Errorf("found raw key comparisons on lines %v, want %v", lines, want)
	}
}

// exportImporter imports packages from the compiler's export data, which
// `go list -export` builds (or finds in the build cache).
func exportImporter(t *testing.T) types.Importer {
	t.Helper()
	out, err := exec.Command("go", "list", "-export", "-deps", "-f", "{{.ImportPath}}\t{{.Export}}", ".").Output()
	if err != nil {
		t.Fatalf("go list -export: %v", err)
	}
	exports := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if path, file, ok := strings.Cut(l, "\t"); ok && file != "" {
			exports[path] = file
		}
	}
	return importer.ForCompiler(token.NewFileSet(), "gc", func(path string) (io.ReadCloser, error) {
		file, ok := exports[path]
		if !ok {
			return nil, os.ErrNotExist
		}
		return os.Open(file)
	})
}

// rawKeyComparisons type-checks files and returns where a key message's
// text or code is compared with a constant.
func rawKeyComparisons(t *testing.T, fset *token.FileSet, imp types.Importer, files []*ast.File) []token.Position {
	t.Helper()
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
	}
	conf := types.Config{Importer: imp}
	if _, err := conf.Check(files[0].Name.Name, fset, files, info); err != nil {
		t.Fatalf("type-checking: %v", err)
	}
	// keyVars are variables set from a key's text, e.g. s := msg.String().
	keyVars := map[types.Object]bool{}
	var isKey func(e ast.Expr) bool
	isKey = func(e ast.Expr) bool {
		switch e := ast.Unparen(e).(type) {
		case *ast.Ident:
			return keyVars[info.Uses[e]]
		case *ast.CallExpr:
			if sel, ok := e.Fun.(*ast.SelectorExpr); ok && len(e.Args) == 0 {
				return (sel.Sel.Name == "String" || sel.Sel.Name == "Keystroke") && isKeyType(info.Types[sel.X].Type)
			}
			// A conversion, string(msg.Code) and the like.
			if tv := info.Types[e.Fun]; tv.IsType() && len(e.Args) == 1 {
				return isKey(e.Args[0])
			}
		case *ast.SelectorExpr:
			switch e.Sel.Name {
			case "Code", "Text", "ShiftedCode", "BaseCode":
				return isKeyType(info.Types[e.X].Type)
			}
		}
		return false
	}
	isConst := func(e ast.Expr) bool { return info.Types[e].Value != nil }
	var found []token.Position
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					if id, ok := lhs.(*ast.Ident); ok && len(n.Rhs) == len(n.Lhs) && isKey(n.Rhs[i]) {
						if obj := info.Defs[id]; obj != nil {
							keyVars[obj] = true
						} else if obj := info.Uses[id]; obj != nil {
							keyVars[obj] = true
						}
					}
				}
			case *ast.BinaryExpr:
				if (n.Op == token.EQL || n.Op == token.NEQ) &&
					((isKey(n.X) && isConst(n.Y)) || (isKey(n.Y) && isConst(n.X))) {
					found = append(found, fset.Position(n.Pos()))
				}
			case *ast.SwitchStmt:
				if n.Tag == nil || !isKey(n.Tag) {
					return true
				}
				for _, s := range n.Body.List {
					for _, e := range s.(*ast.CaseClause).List {
						if isConst(e) {
							found = append(found, fset.Position(e.Pos()))
						}
					}
				}
			}
			return true
		})
	}
	return found
}

// isKeyType says t is one of Bubble Tea's key types (a key message or the
// key it carries).
func isKeyType(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "charm.land/bubbletea/v2" {
		return false
	}
	switch n.Obj().Name() {
	case "Key", "KeyPressMsg", "KeyReleaseMsg", "KeyMsg":
		return true
	}
	return false
}
