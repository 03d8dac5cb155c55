package markdown

import (
	"container/list"
	"sync"
)

// Cache keeps rendered comments so scrolling and re-layout do not render
// again. K identifies a comment (for example ticket GUID + comment index);
// the Options it was rendered with are part of the key, since width, style
// and link mode all change the lines. It is safe for concurrent use: the
// UI renders off its goroutine and reads in View. Results are shared, so
// callers must not modify their Lines or Links.
type Cache[K comparable] struct {
	mu       sync.Mutex
	maxBytes int
	bytes    int
	order    *list.List // front = most recently used
	entries  map[cacheKey[K]]*list.Element
}

type cacheKey[K comparable] struct {
	key K
	opt Options
}

type cacheEntry[K comparable] struct {
	key  cacheKey[K]
	res  Result
	size int
}

// NewCache returns a cache holding results of about maxBytes in total,
// evicting the least recently used first.
func NewCache[K comparable](maxBytes int) *Cache[K] {
	return &Cache[K]{maxBytes: maxBytes, order: list.New(), entries: map[cacheKey[K]]*list.Element{}}
}

// Get returns the result stored for key and opt.
func (c *Cache[K]) Get(key K, opt Options) (Result, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[cacheKey[K]{key, opt}]
	if !ok {
		return Result{}, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cacheEntry[K]).res, true
}

// Put stores r for key and opt. A result larger than the whole cache is
// not stored.
func (c *Cache[K]) Put(key K, opt Options, r Result) {
	size := resultSize(r)
	k := cacheKey[K]{key, opt}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[k]; ok {
		c.remove(e)
	}
	if size > c.maxBytes {
		return
	}
	c.entries[k] = c.order.PushFront(&cacheEntry[K]{key: k, res: r, size: size})
	c.bytes += size
	for c.bytes > c.maxBytes {
		c.remove(c.order.Back())
	}
}

// Len is the number of cached results.
func (c *Cache[K]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

func (c *Cache[K]) remove(e *list.Element) {
	ce := e.Value.(*cacheEntry[K])
	c.order.Remove(e)
	delete(c.entries, ce.key)
	c.bytes -= ce.size
}

// resultSize estimates the memory a result holds.
func resultSize(r Result) int {
	n := 64
	for _, l := range r.Lines {
		n += len(l) + 16
	}
	for _, l := range r.Links {
		n += 2*len(l.Label.Plain()) + 2*len(l.Target.Plain()) + 64
	}
	return n
}
