// A seed that touches most of the grammar.
package seed

import (
	"fmt"
	. "strings"
	_ "unsafe"
)

type (
	Number interface{ ~int | ~int64 | ~float64 }
	List[T any] struct {
		next  *List[T]
		value T `json:"value"`
	}
	Pair[K comparable, V any] map[K]V
	Array [4]int
	Fn    func(int, ...string) (bool, error)
	Ch    <-chan chan<- int
	Alias = List[int]
)

const (
	a = iota
	b
	c float64 = 1e3 + 0x1p-2 + 0o17 + 0b101 + 1_000 + 2i
)

var x, y = 'a', "b\n\u00e9"
var raw = `raw
string`

func Sum[T Number](xs ...T) (total T) {
	for _, v := range xs {
		total += v
	}
	return
}

func (l *List[T]) Len() (n int) {
	for p := l; p != nil; p = p.next {
		n++
	}
	return n
}

func control(ch chan int, done <-chan struct{}) {
outer:
	for i := 0; i < 10; i++ {
		switch {
		case i%2 == 0:
			continue outer
		default:
			fallthrough
		case i > 5:
			break outer
		}
	}
	select {
	case v, ok := <-ch:
		_, _ = v, ok
	case ch <- 1:
	case <-done:
		return
	default:
	}
	var v interface{} = 1
	switch t := v.(type) {
	case int, string:
		fmt.Println(t)
	}
	if s := Repeat("x", 2); s != (List[int]{}).String() {
		goto end
	}
	go func() { defer recover() }()
	m := map[string][]int{"a": {1, 2}, "b": nil}
	_ = m["a"][1:2:2]
	_ = struct{ X, Y int }{X: 1}
	p := &m
	*p = nil
	for range ch {
	}
end:
}
