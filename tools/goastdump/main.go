// Command goastdump prints a canonical outline of Go files' syntax trees as go/parser sees
// them, in the same form as `seep debug ast`, and times go/parser for Seep's benchmarks.
//
//	goastdump PATH...             outline every .go file (directories are walked)
//	goastdump -bench [-j N] PATH... parse every file N-way parallel; print files, bytes, seconds
package main

import (
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

func main() {
	bench := flag.Bool("bench", false, "time parsing instead of printing outlines")
	jobs := flag.Int("j", 1, "parallel parsers in -bench mode")
	rounds := flag.Int("rounds", 1, "times to parse the set in -bench mode (the best round is reported)")
	resolve := flag.Bool("resolve", false, "keep go/parser's object resolution on in -bench mode")
	filesFrom := flag.String("files-from", "", "read the files to use from this file, one path per line")
	flag.Parse()
	args := flag.Args()
	if *filesFrom != "" {
		list, err := os.ReadFile(*filesFrom)
		if err != nil {
			fmt.Fprintln(os.Stderr, "goastdump:", err)
			os.Exit(2)
		}
		args = append(args, strings.Fields(string(list))...)
	}
	files, err := collect(args)
	if err != nil {
		fmt.Fprintln(os.Stderr, "goastdump:", err)
		os.Exit(2)
	}
	if *bench {
		runBench(files, *jobs, *rounds, *resolve)
		return
	}
	out := &strings.Builder{}
	for _, path := range files {
		out.Reset()
		outlineFile(out, path)
		os.Stdout.WriteString(out.String())
	}
}

func collect(args []string) ([]string, error) {
	var files []string
	for _, arg := range args {
		info, err := os.Stat(arg)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			files = append(files, arg)
			continue
		}
		err = filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(path, ".go") && d.Type().IsRegular() {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(files)
	return files, nil
}

func outlineFile(out *strings.Builder, path string) {
	fmt.Fprintf(out, "=== %s\n", path)
	src, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(out, "unreadable %v\n", err)
		return
	}
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, path, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		msg := err.Error()
		if list, ok := err.(scanner.ErrorList); ok && len(list) > 0 {
			msg = fmt.Sprintf("%d:%d: %s", list[0].Pos.Line, list[0].Pos.Column, list[0].Msg)
		}
		fmt.Fprintf(out, "error %s\n", escape([]byte(msg)))
		return
	}
	out.WriteString("ok\n")
	w := &writer{out: out, fset: fset}
	w.node(file)
	for _, group := range file.Comments {
		for _, c := range group.List {
			fmt.Fprintf(out, "Comment %s %s %s\n", w.pos(c.Pos()), w.pos(c.End()), escape([]byte(c.Text)))
		}
	}
}

type writer struct {
	out   *strings.Builder
	fset  *token.FileSet
	depth int
}

func (w *writer) pos(p token.Pos) string {
	if !p.IsValid() {
		return "-"
	}
	position := w.fset.PositionFor(p, false) // raw positions: //line directives do not apply
	return fmt.Sprintf("%d:%d", position.Line, position.Column)
}

// escape keeps printable ASCII and writes every other byte as \xHH, like Seep's outline.
func escape(b []byte) string {
	var s strings.Builder
	for _, c := range b {
		if c >= 0x20 && c < 0x7f && c != '\\' {
			s.WriteByte(c)
		} else {
			fmt.Fprintf(&s, "\\x%02x", c)
		}
	}
	return s.String()
}

func flagOf(name string, present bool) string {
	if present {
		return name + "=1"
	}
	return name + "=0"
}

func (w *writer) line(kind string, n ast.Node, details ...string) {
	w.out.WriteString(strings.Repeat("  ", w.depth))
	w.out.WriteString(kind + " " + w.pos(n.Pos()) + " " + w.pos(n.End()))
	for _, d := range details {
		w.out.WriteString(" " + d)
	}
	w.out.WriteString("\n")
}

func (w *writer) node(n ast.Node) {
	if n == nil {
		return
	}
	switch n := n.(type) {
	case *ast.File:
		w.line("File", n)
	case *ast.Ident:
		w.line("Ident", n, n.Name)
	case *ast.BasicLit:
		w.line("BasicLit", n, n.Kind.String(), escape([]byte(n.Value)))
	case *ast.Field:
		w.line("Field", n, fmt.Sprintf("names=%d", len(n.Names)), flagOf("tag", n.Tag != nil))
	case *ast.FieldList:
		w.line("FieldList", n)
	case *ast.FuncType:
		w.line("FuncType", n, flagOf("tparams", n.TypeParams != nil), flagOf("results", n.Results != nil))
	case *ast.CompositeLit:
		w.line("CompositeLit", n, flagOf("type", n.Type != nil))
	case *ast.SliceExpr:
		w.line("SliceExpr", n, flagOf("low", n.Low != nil), flagOf("high", n.High != nil), flagOf("max", n.Max != nil), flagOf("slice3", n.Slice3))
	case *ast.TypeAssertExpr:
		w.line("TypeAssertExpr", n, flagOf("type", n.Type != nil))
	case *ast.CallExpr:
		w.line("CallExpr", n, flagOf("ellipsis", n.Ellipsis.IsValid()))
	case *ast.UnaryExpr:
		w.line("UnaryExpr", n, n.Op.String())
	case *ast.BinaryExpr:
		w.line("BinaryExpr", n, n.Op.String())
	case *ast.Ellipsis:
		w.line("Ellipsis", n, flagOf("elt", n.Elt != nil))
	case *ast.ArrayType:
		w.line("ArrayType", n, flagOf("len", n.Len != nil))
	case *ast.ChanType:
		dir := "both"
		switch n.Dir {
		case ast.SEND:
			dir = "send"
		case ast.RECV:
			dir = "recv"
		}
		w.line("ChanType", n, dir)
	case *ast.EmptyStmt:
		w.line("EmptyStmt", n, flagOf("implicit", n.Implicit))
	case *ast.IncDecStmt:
		w.line("IncDecStmt", n, n.Tok.String())
	case *ast.AssignStmt:
		w.line("AssignStmt", n, n.Tok.String())
	case *ast.BranchStmt:
		w.line("BranchStmt", n, n.Tok.String())
	case *ast.IfStmt:
		w.line("IfStmt", n, flagOf("init", n.Init != nil), flagOf("else", n.Else != nil))
	case *ast.CaseClause:
		w.line("CaseClause", n, flagOf("default", n.List == nil))
	case *ast.SwitchStmt:
		w.line("SwitchStmt", n, flagOf("init", n.Init != nil), flagOf("tag", n.Tag != nil))
	case *ast.TypeSwitchStmt:
		w.line("TypeSwitchStmt", n, flagOf("init", n.Init != nil))
	case *ast.CommClause:
		w.line("CommClause", n, flagOf("default", n.Comm == nil))
	case *ast.ForStmt:
		w.line("ForStmt", n, flagOf("init", n.Init != nil), flagOf("cond", n.Cond != nil), flagOf("post", n.Post != nil))
	case *ast.RangeStmt:
		w.line("RangeStmt", n, n.Tok.String(), flagOf("key", n.Key != nil), flagOf("value", n.Value != nil))
	case *ast.GenDecl:
		w.line("GenDecl", n, n.Tok.String())
	case *ast.ImportSpec:
		w.line("ImportSpec", n, flagOf("name", n.Name != nil))
	case *ast.ValueSpec:
		w.line("ValueSpec", n, fmt.Sprintf("names=%d", len(n.Names)), flagOf("type", n.Type != nil), fmt.Sprintf("values=%d", len(n.Values)))
	case *ast.TypeSpec:
		w.line("TypeSpec", n, flagOf("tparams", n.TypeParams != nil), flagOf("assign", n.Assign.IsValid()))
	case *ast.FuncDecl:
		w.line("FuncDecl", n, flagOf("recv", n.Recv != nil), flagOf("body", n.Body != nil))
	default:
		kind := fmt.Sprintf("%T", n)
		w.line(strings.TrimPrefix(kind, "*ast."), n)
	}
	w.depth++
	w.children(n)
	w.depth--
}

// children visits a node's children in go/ast.Walk order, leaving out comments.
func (w *writer) children(n ast.Node) {
	switch n := n.(type) {
	case *ast.File:
		w.node(n.Name)
		for _, d := range n.Decls {
			w.node(d)
		}
	case *ast.Field:
		for _, x := range n.Names {
			w.node(x)
		}
		w.expr(n.Type)
		if n.Tag != nil {
			w.node(n.Tag)
		}
	case *ast.FieldList:
		for _, f := range n.List {
			w.node(f)
		}
	default:
		ast.Inspect(n, func(c ast.Node) bool {
			if c == n {
				return true
			}
			switch c.(type) {
			case *ast.CommentGroup, *ast.Comment:
				return false
			}
			if c != nil {
				w.node(c)
			}
			return false
		})
	}
}

func (w *writer) expr(x ast.Expr) {
	if x != nil {
		w.node(x)
	}
}

func runBench(files []string, jobs, rounds int, resolve bool) {
	sources := make([][]byte, len(files))
	total := 0
	for i, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, "goastdump:", err)
			os.Exit(2)
		}
		sources[i] = src
		total += len(src)
	}
	mode := parser.ParseComments | parser.SkipObjectResolution
	if resolve {
		mode = parser.ParseComments
	}
	best := time.Duration(1 << 62)
	failed := 0
	for r := 0; r < rounds; r++ {
		start := time.Now()
		var wg sync.WaitGroup
		var mu sync.Mutex
		failed = 0
		next := make(chan int)
		for j := 0; j < jobs; j++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					fset := token.NewFileSet()
					if _, err := parser.ParseFile(fset, files[i], sources[i], mode); err != nil {
						mu.Lock()
						failed++
						mu.Unlock()
					}
				}
			}()
		}
		for i := range files {
			next <- i
		}
		close(next)
		wg.Wait()
		if elapsed := time.Since(start); elapsed < best {
			best = elapsed
		}
	}
	seconds := best.Seconds()
	fmt.Printf("files %d bytes %d errors %d seconds %.4f MB/s %.1f\n", len(files), total, failed, seconds, float64(total)/seconds/1e6)
}
