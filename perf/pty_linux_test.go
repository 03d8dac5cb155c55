//go:build linux

package main

import "testing"

func TestParseMemUse(t *testing.T) {
	status := "Name:\tsonar-tui\nVmPeak:\t 1402620 kB\nVmHWM:\t  136200 kB\nVmRSS:\t  135508 kB\n" +
		"RssAnon:\t  116052 kB\nRssFile:\t   19456 kB\nRssShmem:\t       0 kB\nThreads:\t7\n"
	got := parseMemUse(status)
	want := memUse{hwm: 136200, rss: 135508, file: 19456, anon: 116052}
	if got != want {
		t.Errorf("parseMemUse = %+v, want %+v", got, want)
	}
}
