package cli

import (
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"testing"

	"github.com/sonar-tui/sonar-tui/internal/readmesection"
)

var updateReadme = flag.Bool("update-readme", false, "rewrite the README's exit code table")

// TestREADMEExitCodeTable keeps the README's exit code table generated from
// exitCodes (which --help prints), as the key table is from the KeyMap:
// scripts branch on these numbers, so the documentation cannot drift.
func TestREADMEExitCodeTable(t *testing.T) {
	readmesection.Check(t, "../README.md",
		"<!-- exit-codes:start (generated from cli.exitCodes; a test keeps it in step) -->\n", "<!-- exit-codes:end -->",
		exitCodeTable(), *updateReadme, "go test ./cli -run TestREADMEExitCodeTable -update-readme")
}

// TestEveryExitCodeIsListed: every ExitCode constant declared in exit.go
// is in exitCodes, once, so neither --help nor the README can miss one.
func TestEveryExitCodeIsListed(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "exit.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[ExitCode]int{}
	for _, c := range exitCodes {
		byCode[c.Code]++
	}
	declared := 0
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			vs := spec.(*ast.ValueSpec)
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "ExitCode" {
				continue
			}
			for _, name := range vs.Names {
				declared++
				code, ok := exitCodeByName[name.Name]
				if !ok {
					t.Errorf("%s is declared in exit.go but not known to this test", name.Name)
					continue
				}
				if byCode[code] != 1 {
					t.Errorf("%s (%d) appears %d times in exitCodes, want once", name.Name, code, byCode[code])
				}
			}
		}
	}
	if declared != len(exitCodes) || declared != len(exitCodeByName) {
		t.Errorf("%d ExitCode constants declared, %d listed in exitCodes, %d known here", declared, len(exitCodes), len(exitCodeByName))
	}
}

var exitCodeByName = map[string]ExitCode{
	"ExitOK": ExitOK, "ExitError": ExitError, "ExitUsage": ExitUsage, "ExitNotFound": ExitNotFound,
	"ExitAuth": ExitAuth, "ExitNetwork": ExitNetwork, "ExitInterrupted": ExitInterrupted,
}
