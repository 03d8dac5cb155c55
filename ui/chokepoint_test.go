package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoRawTextInUI keeps the TERM-1 choke point honest: the ui packages
// never unwrap untrusted text; they only display it through termsafe.Escape.
// ui/markdown is the one exception: it is the MD-1 neutraliser, which must
// bound the raw source (MD-2) before it escapes it.
func TestNoRawTextInUI(t *testing.T) {
	forbidden := map[string]bool{"Unwrap": true, "Unescape": true}
	fset := token.NewFileSet()
	checked := 0
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() && path == "markdown" {
			return filepath.SkipDir
		}
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		checked++
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == "termsafe" && forbidden[sel.Sel.Name] {
				t.Errorf("%s: termsafe.%s in view code", fset.Position(sel.Pos()), sel.Sel.Name)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 10 {
		t.Fatalf("checked only %d files", checked)
	}
}
