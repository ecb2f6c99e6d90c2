package porcupine

// Timing harness for lockstep's comparison (bench/porcupine.ts copies it into a temporary copy
// of a Porcupine checkout and runs `go test -run TestLockstepTiming`). It is lockstep's code, not
// Porcupine's: it only calls Porcupine's checker and the log parsers of Porcupine's own tests.
//
// Per dataset, in-process, after one warm-up, the median of 5 of:
//   - verbose: CheckEventsVerbose (the check plus the longest partial linearizations);
//   - explained: CheckEventsVerbose plus computeVisualizationData (every op and every state along
//     every partial linearization described), which is what Visualize shows a person: the
//     counterpart of lockstep's explanation.
// Parsing is not timed. A dataset whose check takes over a minute is reported Unknown with the
// time it ran. Times are wall clock (ms); CPU (ms) is the process's user+system time,
// which counts the goroutines the check starts.
import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"syscall"
	"testing"
	"time"
)

func lockstepCpuMs() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e6
}

// Once when one run takes over lockstepOnce, else the median of 5 after the warm-up that run was.
func lockstepTimed(f func() CheckResult) (float64, float64, CheckResult) {
	t := time.Now()
	c := lockstepCpuMs()
	r := f()
	if time.Since(t) > lockstepOnce {
		return float64(time.Since(t).Nanoseconds()) / 1e6, lockstepCpuMs() - c, r
	}
	return lockstepMedianOf5(f)
}

func lockstepMedianOf5(f func() CheckResult) (float64, float64, CheckResult) {
	f() // warm-up
	var ds, cs []float64
	var r CheckResult
	for i := 0; i < 5; i++ {
		t := time.Now()
		c := lockstepCpuMs()
		r = f()
		cs = append(cs, lockstepCpuMs()-c)
		ds = append(ds, float64(time.Since(t).Nanoseconds())/1e6)
	}
	sort.Float64s(ds)
	sort.Float64s(cs)
	return ds[2], cs[2], r
}

// A verbose check that does not finish within this time is reported Unknown (Porcupine's verbose
// check of the c50 kv logs runs for many minutes: it never stops early, computing every
// partition's partial linearizations). Its verdict is then taken from the plain check
// (CheckEventsTimeout, which stops at the first illegal partition), timed the same way, so that
// verdicts can still be compared.
const lockstepLimit = 60 * time.Second

// A dataset whose verbose check alone takes longer than this is timed once, not 1 + 5 times.
const lockstepOnce = 5 * time.Second

// Columns: file, explained ms, verdict, explained CPU ms, verbose ms, plain ms, plain verdict,
// plain CPU ms (plain: CheckEventsTimeout, no partial linearizations, stops at the first illegal
// partition).
func lockstepTime(out *os.File, name string, model Model, events []Event) {
	plainMs, plainCpu, plain := lockstepTimed(func() CheckResult { return CheckEventsTimeout(model, events, lockstepLimit) })
	start := time.Now()
	c := lockstepCpuMs()
	r, info := CheckEventsVerbose(model, events, lockstepLimit)
	// At the limit the search was cancelled: even an Illegal found by then is not a finished check.
	if r == Unknown || time.Since(start) >= lockstepLimit {
		fmt.Fprintf(out, "%s\t%.4f\tUnknown\t%.4f\t\t%.4f\t%s\t%.4f\n", name, float64(time.Since(start).Nanoseconds())/1e6, lockstepCpuMs()-c, plainMs, plain, plainCpu)
		return
	}
	if time.Since(start) > lockstepOnce {
		verbose := float64(time.Since(start).Nanoseconds()) / 1e6
		computeVisualizationData(model, info)
		explained := float64(time.Since(start).Nanoseconds()) / 1e6
		fmt.Fprintf(out, "%s\t%.4f\t%s\t%.4f\t%.4f\t%.4f\t%s\t%.4f\n", name, explained, r, lockstepCpuMs()-c, verbose, plainMs, plain, plainCpu)
		return
	}
	verbose, _, _ := lockstepMedianOf5(func() CheckResult { r, _ := CheckEventsVerbose(model, events, 0); return r })
	explained, cpu, r := lockstepMedianOf5(func() CheckResult {
		r, info := CheckEventsVerbose(model, events, 0)
		computeVisualizationData(model, info)
		return r
	})
	fmt.Fprintf(out, "%s\t%.4f\t%s\t%.4f\t%.4f\t%.4f\t%s\t%.4f\n", name, explained, r, cpu, verbose, plainMs, plain, plainCpu)
}

func TestLockstepTiming(t *testing.T) {
	out, err := os.Create(os.Getenv("LOCKSTEP_TIMES"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	only := os.Getenv("LOCKSTEP_ONLY")
	logs, _ := filepath.Glob("test_data/jepsen/etcd_*.log")
	sort.Strings(logs)
	for _, l := range logs {
		if only != "" && !filepath.IsAbs(only) && filepath.Base(l) != only {
			continue
		}
		lockstepTime(out, filepath.Base(l), etcdModel, parseJepsenLog(l))
	}
	kvs, _ := filepath.Glob("test_data/kv/*.txt")
	sort.Strings(kvs)
	for _, l := range kvs {
		if only != "" && filepath.Base(l) != only {
			continue
		}
		lockstepTime(out, filepath.Base(l), kvModel, parseKvLog(l))
	}
}
