package markdown

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

type commentKey struct {
	ticket  string
	comment int
}

func TestCacheGetPut(t *testing.T) {
	c := NewCache[commentKey](1 << 20)
	k := commentKey{"T-1", 0}
	opt := Options{Width: 80}
	if _, ok := c.Get(k, opt); ok {
		t.Fatal("hit on empty cache")
	}
	r := render("*hi*", 80)
	c.Put(k, opt, r)
	got, ok := c.Get(k, opt)
	if !ok || strings.Join(got.Lines, "\n") != strings.Join(r.Lines, "\n") {
		t.Fatalf("Get = %v, %v", got, ok)
	}
	// Width, style and link mode are part of the key.
	for _, other := range []Options{{Width: 81}, {Width: 80, Style: Light}, {Width: 80, ClickableLinks: true}} {
		if _, ok := c.Get(k, other); ok {
			t.Errorf("hit for %+v", other)
		}
	}
	if _, ok := c.Get(commentKey{"T-1", 1}, opt); ok {
		t.Error("hit for another comment")
	}
}

func TestCacheEvictsLeastRecentlyUsed(t *testing.T) {
	r := Result{Lines: []string{strings.Repeat("x", 1000)}}
	size := resultSize(r)
	c := NewCache[int](3 * size)
	opt := Options{Width: 80}
	for i := range 3 {
		c.Put(i, opt, r)
	}
	c.Get(0, opt) // 1 is now the least recently used
	c.Put(3, opt, r)
	if _, ok := c.Get(1, opt); ok {
		t.Error("least recently used entry kept")
	}
	for _, k := range []int{0, 2, 3} {
		if _, ok := c.Get(k, opt); !ok {
			t.Errorf("entry %d evicted", k)
		}
	}
	c.Put(0, opt, r) // replacing does not grow the cache
	if c.Len() != 3 {
		t.Errorf("Len = %d", c.Len())
	}
	c.Put(9, opt, Result{Lines: []string{strings.Repeat("x", 4*size)}})
	if _, ok := c.Get(9, opt); ok || c.Len() != 3 {
		t.Error("oversized result stored")
	}
}

func TestCacheConcurrent(t *testing.T) {
	c := NewCache[string](64 << 10)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				k := fmt.Sprint(i % 20)
				opt := Options{Width: 40 + g%2}
				if _, ok := c.Get(k, opt); !ok {
					c.Put(k, opt, Result{Lines: []string{k}})
				}
			}
		}()
	}
	wg.Wait()
	if c.Len() == 0 || c.Len() > 40 {
		t.Errorf("Len = %d", c.Len())
	}
}
